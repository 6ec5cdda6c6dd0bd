"""Across sheets: one WeChat nickname must point to one person, or messages can't be attributed."""

from __future__ import annotations

from storage.roster.checks import Problems
from storage.roster.read import RawSheet
from storage.roster.schema import HOUSEHOLDS, PARTY
from storage.roster.wording import say


def check_wechat_names(sheets: dict[str, RawSheet], problems: Problems) -> None:
    """A nickname shared by two different names is a problem; the same name in two roles is one person."""
    owners: dict[str, tuple[str, str, int]] = {}
    for sheet_name, name_column, fallback in ((PARTY, "姓名", "姓名"), (HOUSEHOLDS, "代表", "户主")):
        for raw in sheets[sheet_name].rows:
            name = raw.cells.get(name_column) or raw.cells.get(fallback, "")
            wechat_name = raw.cells.get("微信昵称") or name
            if not name:
                continue
            owner = owners.setdefault(wechat_name, (name, sheet_name, raw.number))
            if owner[0] != name:
                problems.add(
                    sheet_name,
                    raw,
                    "微信昵称",
                    say(
                        "roster.check.wechat_name_shared",
                        wechat_name=wechat_name,
                        sheet=owner[1],
                        row=owner[2],
                        name=owner[0],
                    ),
                )
