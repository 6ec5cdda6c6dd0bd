"""Phone numbers: mainland mobiles only, normalised, and a bad one is located and named."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.roster import fields, load_roster
from storage.roster.checks import CellError
from tests.storage.test_roster_validate import TODAY, edit, problems_of, roster, set_cell

__all__ = ["roster"]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("13905710011", "13905710011"),
        ("139 0571 0011", "13905710011"),
        ("139-0571-0011", "13905710011"),
        ("+86 139 0571 0011", "13905710011"),
        ("8613905710011", "13905710011"),
        ("+86-13905710011", "13905710011"),
        ("１３９０５７１００１１", "13905710011"),
        ("", None),
    ],
)
def test_a_mobile_number_is_normalised(text: str, number: str | None) -> None:
    assert fields.phone(text) == number


@pytest.mark.parametrize(
    "text", ["12345", "12905710011", "139057100111", "1390571001", "0571-88001234", "8612905710011", "139O5710011"]
)
def test_anything_but_a_mainland_mobile_is_refused(text: str) -> None:
    with pytest.raises(CellError, match=f"手机号“{text}”无效"):
        fields.phone(text)


def test_a_bad_phone_names_sheet_row_column_and_person(roster: Path) -> None:
    edit(roster, "党员", lambda r: set_cell(r, 5, "手机", "12345"))
    edit(roster, "联系户", lambda r: set_cell(r, 3, "手机", "1385710023"))
    shown = [str(problem) for problem in problems_of(roster)]
    assert shown == [
        "党员 第5行 （李建国） 「手机」: 手机号“12345”无效，应为 11 位手机号码，例如 13905710011",
        "联系户 第3行 （张桂兰） 「手机」: 手机号“1385710023”无效，应为 11 位手机号码，例如 13905710011",
    ]


def test_phones_are_stored_normalised(roster: Path) -> None:
    edit(roster, "党员", lambda r: set_cell(r, 5, "手机", "+86 139-0571-0011"))
    edit(roster, "联系户", lambda r: set_cell(r, 2, "手机", "86 137 5710 0200"))
    data = load_roster(roster, today=TODAY)
    assert {p.name: p.phone for p in data.party}["李建国"] == "13905710011"
    assert {h.head_name: h.phone for h in data.households}["王秀英"] == "13757100200"
