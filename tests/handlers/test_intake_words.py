"""The intake's word lists: visit acts, and places as two reports of one matter compare them."""

from __future__ import annotations

import pytest

from handlers.intake.places import agree, places_in, same_place
from handlers.intake.words import VISIT_WORDS


@pytest.mark.parametrize(
    ("text", "visit"),
    [
        ("今天去了李德明家，低保材料帮他交了", True),
        ("到张桂兰家里看了看，身体挺好", True),
        ("帮王秀英把医保卡激活了", True),
        ("上午入户走访了陈国庆", True),
        ("昨天上门看望过了，下周再去", True),
        ("明天准备去陈国庆家看看孩子", False),
        ("打算下周上门走访", False),
        ("村口路灯坏了", False),
    ],
)
def test_a_visit_report_names_an_act_done(text: str, visit: bool) -> None:
    assert VISIT_WORDS.reports_visit(text) is visit


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("村口的路灯坏了", {"村口"}),
        ("二组的路灯也坏了", {"2组"}),
        ("2组路灯坏了好几天了", {"2组"}),
        ("十二组桥头的灯不亮", {"12组", "桥头"}),
        ("幸福村3组5号", {"3组"}),
        ("路灯坏了好几天了", set()),
    ],
)
def test_places_are_read_and_numbers_normalised(text: str, places: set[str]) -> None:
    assert places_in(text) == places


def test_places_agree_when_shared_or_one_names_none() -> None:
    assert agree(places_in("村口路灯坏了"), places_in("村口那个路灯坏了"))
    assert agree(places_in("村口路灯坏了"), places_in("路灯坏了好几天了"))
    assert not agree(places_in("村口路灯坏了"), places_in("二组的路灯也坏了"))


def test_two_reports_are_at_one_place_only_when_both_name_it_or_neither_does() -> None:
    assert same_place(places_in("村口路灯坏了"), places_in("村口那个路灯坏了"))
    assert same_place(places_in("路灯坏了"), places_in("路灯不亮了"))
    assert not same_place(places_in("村口路灯坏了"), places_in("路灯坏了好几天了"))
