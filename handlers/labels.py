"""Chinese labels for the ledger's stored vocabulary, in one place (exports, replies, reports).

They are data, `labels.toml` beside this module, read once at import: a table missing a value
of its vocabulary stops the bot at start with the file and the table named.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, TypeVar

from nlp.vocab import REASONS
from storage.enums import Kind, Role, Status

LABELS_FILE = Path(__file__).with_name("labels.toml")
MEDIA_KINDS = ("image", "voice", "video", "file")
LEVELS = ("0", "1", "2", "3")
URGENCIES = ("normal", "urgent")
ACTIONS = (
    "create", "append", "supplement", "accept", "deliberate", "assign", "progress", "resolve", "rate",
    "rating_reminder", "close", "reopen", "merge", "withdraw", "cancel_task", "escalate", "linked", "township",
    "attach", "reclassify", "transfer",
)  # fmt: skip
# The ledger export's columns, in this order.
EXPORT_FIELDS = (
    "id",
    "org",
    "kind",
    "category",
    "must_visit",
    "urgency",
    "status",
    "level",
    "household",
    "reporter",
    "responsible",
    "room",
    "created_at",
    "responded_at",
    "resolved_at",
    "closed_at",
    "rating",
    "text",
)

K = TypeVar("K")


class LabelsError(ValueError):
    pass


def _read(file: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise LabelsError(f"{file}: cannot read the labels ({error}); 无法读取标签文件") from error


def _table(data: dict[str, Any], name: str, keys: Collection[str], key: Callable[[str], K]) -> dict[K, str]:
    """The labels of table `name`, exactly one non-empty text per key in `keys`."""
    table = data.get(name)
    if not isinstance(table, dict) or set(table) != set(keys) or len(table) != len(keys):
        found = sorted(table) if isinstance(table, dict) else "none"
        raise LabelsError(f"{LABELS_FILE}: [{name}] must label exactly {sorted(keys)}, has {found}; 标签不全或多余")
    if not all(isinstance(text, str) and text.strip() for text in table.values()):
        raise LabelsError(f"{LABELS_FILE}: [{name}] labels must be non-empty text; 标签不能为空")
    return {key(name): table[name] for name in keys}


def _text(data: dict[str, Any], name: str) -> str:
    text = data.get(name)
    if not isinstance(text, str) or not text.strip():
        raise LabelsError(f"{LABELS_FILE}: {name} must be non-empty text; 标签不能为空")
    return text


_DATA = _read(LABELS_FILE)
ROLE_LABELS = _table(_DATA, "roles", [r.value for r in Role], Role)
KIND_LABELS = _table(_DATA, "kinds", [k.value for k in Kind], Kind)
MEDIA_LABELS = _table(_DATA, "media", MEDIA_KINDS, str)
STATUS_LABELS = _table(_DATA, "statuses", [s.value for s in Status], Status)
MUST_VISIT_LABELS = _table(_DATA, "must_visit", REASONS, str)
LEVEL_LABELS = _table(_DATA, "levels", LEVELS, int)
URGENCY_LABELS = _table(_DATA, "urgency", URGENCIES, str)
# Who took a step of the audit trail the scheduler or the bot took on its own.
SYSTEM_ACTOR = _text(_DATA, "system_actor")
# The audit trail's actions (`RecordEvent.action`), as `/查` and the web console show them.
ACTION_LABELS = _table(_DATA, "actions", ACTIONS, str)
EXPORT_COLUMNS = _table(_DATA, "export_columns", EXPORT_FIELDS, str)
