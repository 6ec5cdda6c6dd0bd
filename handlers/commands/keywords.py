"""The words command arguments are recognised by (`/统计 上月`, `/主题党日 设置`, `/确认 姓名 改绑`,
`/绑定 二级`): `keywords.toml` beside this module, read once at import. A list missing, empty or
holding anything but non-empty words stops the bot at start with the file and the list named."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

KEYWORDS_FILE = Path(__file__).with_name("keywords.toml")


class KeywordsError(ValueError):
    pass


def _words(data: dict[str, Any], name: str) -> tuple[str, ...]:
    words = data.get(name)
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
        raise KeywordsError(f"{KEYWORDS_FILE}: {name} must be a list of words; 须为非空的词语列表")
    return tuple(w.strip() for w in words)


def _read(file: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise KeywordsError(f"{file}: cannot read the keywords ({error}); 无法读取关键词文件") from error


_DATA = _read(KEYWORDS_FILE)
THIS_MONTH = _words(_DATA, "this_month")
LAST_MONTH = _words(_DATA, "last_month")
THEME_DAY_SET = frozenset(_words(_DATA, "theme_day_set"))
THEME_DAY_CLEAR = frozenset(_words(_DATA, "theme_day_clear"))
# The first word is the one the confirmation's hint names.
REBIND = _words(_DATA, "rebind")
TIERS = {word: 1 for word in _words(_DATA, "tier_one")} | {word: 2 for word in _words(_DATA, "tier_two")}
