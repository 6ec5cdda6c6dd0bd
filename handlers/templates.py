"""The bot's message wording: `templates.toml` beside this file, overridable by a secretary's
file (LIANHU_TEMPLATES), read and checked by `base.templates`."""

from __future__ import annotations

from pathlib import Path

from base.templates import TemplateError
from base.templates import Templates as Wording

DEFAULT_FILE = Path(__file__).with_name("templates.toml")

__all__ = ["DEFAULT_FILE", "TemplateError", "Templates"]


class Templates(Wording):
    @classmethod
    def load(cls, override: Path | None = None) -> Templates:
        return cls.read(DEFAULT_FILE, override)
