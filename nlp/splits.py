"""The labelled splits the learnt models are fitted on, and which of them the rules were tuned on."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path

from nlp.corpus import Example, read_corpus

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "nlp"
# Real complaints labelled with their board's topic (tests/data/nlp_real/README.md): the tuning
# part teaches the learnt category model, never the kind; its held-out part is never fitted on.
# Its manifest lists it as tuned for the kind rules (complaints.toml), but no topic rule was
# tuned on it, so for the category model it counts as untuned (`learn.write`).
TOPIC_CORPUS = DEFAULT_CORPUS.parent / "nlp_real" / "tune.jsonl"
# Lists the splits the hand-written rules were tuned on (`tuned = ["dev", …]`).
MANIFEST = "splits.toml"


def tuning_splits(folder: Path = DEFAULT_CORPUS) -> list[Path]:
    """The splits dev*.jsonl of `folder`, in name order (never a held-out folder)."""
    return sorted(folder.glob("dev*.jsonl"))


def topic_splits(path: Path = TOPIC_CORPUS) -> list[tuple[str, list[Example]]]:
    """The real complaints of `path` as one topic-only split named `real-<stem>` (none if absent)."""
    if not path.is_file():
        return []
    return [(f"real-{path.stem}", [e for e in read_corpus(path) if e.kind == "grievance"])]


def load_splits(paths: Sequence[Path]) -> list[tuple[str, list[Example]]]:
    """(split name, its examples) per file; the name is the file's stem."""
    return [(path.stem, read_corpus(path)) for path in paths]


def untuned(paths: Sequence[Path]) -> list[str]:
    """The names of the splits the rules were never tuned on, by the manifest beside each file
    (a file without a manifest beside it counts as untuned)."""
    tuned = {folder: _tuned(folder / MANIFEST) for folder in {path.parent for path in paths}}
    return [path.stem for path in paths if path.stem not in tuned[path.parent]]


def _tuned(manifest: Path) -> set[str]:
    if not manifest.is_file():
        return set()
    table = tomllib.loads(manifest.read_text(encoding="utf-8"))
    names = table.get("tuned", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValueError(f"{manifest}: 'tuned' must be a list of split names")
    return set(names)
