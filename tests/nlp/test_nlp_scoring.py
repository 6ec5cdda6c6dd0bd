import pytest

from nlp.lexicon import build_lexicon
from nlp.ruleset import Settings
from nlp.scan import FICTION, PAST, UNUSED, scan
from nlp.scoring import apply_cues, score
from tests.nlp.helpers import group, make_rules

GROUPS = [
    group("fire", ["着火"], emergency=4, incident=3),
    group("smoke", ["冒烟", "浓烟"], emergency=2.5),
    group("plea", ["快来"], booster=True, emergency=1.5),
    group("film", ["电影"], cue="fiction"),
    group("past", ["昨晚"], cue="past"),
    group("now", ["还在"], cue="now"),
    group("ask", ["能不能"], cue="request", grievance=2.5),
    group("ill", ["住院"], situation=True, visit=2.5, illness=3),
    group("report", ["走访"], visit=3.5),
]
RULES = make_rules(*GROUPS, settings=Settings(none_baseline=1.5, past_visit_factor=0.5))
LEXICON = build_lexicon(GROUPS)


def run(tokens, role=None):
    found = scan(tokens, LEXICON, 3)
    apply_cues(found)
    return found, score(found, RULES, role).totals


def test_fiction_cancels_emergency_evidence():
    found, totals = run(["电影", "着火"])
    assert found.hits[0].status == FICTION and totals["emergency"] == 0


def test_an_emergency_told_afterwards_counts_as_a_visit():
    found, totals = run(["昨晚", "着火"])
    assert found.hits[0].status == PAST
    assert totals["emergency"] == 0 and totals["visit"] == 2.0 and totals["incident"] == 3


def test_a_now_cue_keeps_a_past_emergency_live():
    _, totals = run(["昨晚", "着火", "还在"])
    assert totals["emergency"] == 4


def test_a_booster_needs_other_evidence():
    found, totals = run(["快来"])
    assert totals["emergency"] == 0 and found.hits[0].status == UNUSED
    _, totals = run(["冒烟", "快来"])
    assert totals["emergency"] == 4.0


def test_further_words_of_a_group_add_half():
    _, totals = run(["冒烟", "浓烟"])
    assert totals["emergency"] == pytest.approx(2.5 + 1.25)


def test_a_request_turns_situations_into_context():
    _, totals = run(["住院"])
    assert totals["visit"] == 2.5
    _, totals = run(["住院", "能不能"])
    assert totals["visit"] == 0 and totals["grievance"] == 2.5 and totals["illness"] == 3


def test_role_prior_needs_evidence_for_its_kind():
    _, totals = run(["走访"], role="member")
    assert totals["visit"] == 4.5
    _, totals = run(["你好"], role="member")
    assert totals["visit"] == 0 and totals["none"] == 1.5
