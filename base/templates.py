"""Wording as data: a shipped TOML file of templates, optionally overridden by an edited one.

The shipped file is also the schema: an override may only use keys the shipped file has,
and in each template only the placeholders the shipped one uses, so a typo in an edited
file fails at start with the file and key named, not at 3 a.m. in a reminder. The bot's
messages (`handlers.templates`) and the roster's import wording (`storage.roster.wording`)
are read this one way.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Self


class TemplateError(ValueError):
    pass


def _placeholders(file: Path, key: str, text: str) -> set[str]:
    try:
        return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(text) if field}
    except ValueError as error:
        raise TemplateError(f"{file}: template {key!r} is malformed ({error}); 模板格式错误") from error


def _read(file: Path) -> dict[str, str]:
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise TemplateError(f"{file}: cannot read templates ({error}); 无法读取模板文件") from error
    return _flatten(file, data, "")


def _flatten(file: Path, table: dict[str, Any], prefix: str) -> dict[str, str]:
    flat: dict[str, str] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            flat |= _flatten(file, value, f"{key}.")
        elif isinstance(value, str) and value.strip():
            flat[key] = value
        else:
            raise TemplateError(f"{file}: template {key} must be non-empty text; 模板不能为空")
    return flat


class Templates:
    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = dict(texts)

    @classmethod
    def read(cls, shipped: Path, override: Path | None = None) -> Self:
        """The templates of the `shipped` file, with those of `override` in their place."""
        texts = _read(shipped)
        fields = {key: _placeholders(shipped, key, text) for key, text in texts.items()}
        if override is not None:
            for key, text in _read(override).items():
                if key not in texts:
                    raise TemplateError(f"{override}: unknown template {key!r}; 没有这个模板")
                unknown = _placeholders(override, key, text) - fields[key]
                if unknown:
                    raise TemplateError(
                        f"{override}: template {key!r} uses unknown placeholders {sorted(unknown)}; "
                        f"可用的占位符: {sorted(fields[key])}"
                    )
                texts[key] = text
        return cls(texts)

    def keys(self) -> frozenset[str]:
        return frozenset(self._texts)

    def render(self, key: str, **fields: Any) -> str:
        return self._texts[key].format(**fields).strip()
