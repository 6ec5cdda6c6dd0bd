"""Loading and validating rules files: every mistake names the file and the entry."""

import pytest

from nlp import RulesError, load_rules
from nlp.rulefile import DEFAULT_RULES, load_ruleset

VALID = """
[settings]
negation_window = 2
[settings.thresholds]
emergency = 3.0

[roles.member]
visit = 1.0

[reasons.dispute]
category = "矛盾纠纷"

[[groups]]
name = "fire"
emergency = 4
incident = 3
words = ["着火", "起火"]

[[groups]]
name = "thanks"
none = 3
words = ["谢谢"]
"""


ONE_GROUP = '[[groups]]\nname = "ok"\nvisit = 1\nwords = ["走访"]'


def write(tmp_path, text, name="rules.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_loads_and_classifies(tmp_path):
    classifier = load_rules(write(tmp_path, VALID))
    assert classifier.rules.settings.negation_window == 2
    assert classifier.classify("厨房着火了").kind == "emergency"
    assert classifier.classify("谢谢").kind == "none"


def test_the_shipped_rules_load():
    rules = load_ruleset(DEFAULT_RULES)
    assert len(rules.groups) > 50 and len(rules.sources) > 1


BROKEN = {
    "unknown target": ('[[groups]]\nname = "g"\nemergncy = 3\nwords = ["着火"]', 'groups[0] "g"', "emergncy"),
    "weight is text": ('[[groups]]\nname = "g"\nemergency = "high"\nwords = ["着火"]', '"g".emergency', "number"),
    "weight zero": ('[[groups]]\nname = "g"\nvisit = 0\nwords = ["走访"]', '"g".visit', "0"),
    "weight too big": ('[[groups]]\nname = "g"\nvisit = 50\nwords = ["走访"]', '"g".visit', "between"),
    "empty word": ('[[groups]]\nname = "g"\nvisit = 1\nwords = [""]', 'groups[0] "g"', "non-empty"),
    "no words": ('[[groups]]\nname = "g"\nvisit = 1\nwords = []', 'groups[0] "g"', "words"),
    "word twice": ('[[groups]]\nname = "g"\nvisit = 1\nwords = ["走访", "走访"]', 'groups[0] "g"', "走访"),
    "traditional word": ('[[groups]]\nname = "g"\ngrievance = 1\nwords = ["路燈"]', 'groups[0] "g"', "simplified"),
    "word with a space": (
        '[[groups]]\nname = "g"\ngrievance = 1\nwords = ["路灯 坏"]',
        'groups[0] "g"',
        "segmentation",
    ),
    "unknown cue": ('[[groups]]\nname = "g"\ncue = "maybe"\nwords = ["也许"]', '"g".cue', "maybe"),
    "no effect": ('[[groups]]\nname = "g"\nwords = ["也许"]', 'groups[0] "g"', "does nothing"),
    "booster not bool": (
        '[[groups]]\nname = "g"\nbooster = "yes"\nemergency = 1\nwords = ["快"]',
        '"g".booster',
        "true or false",
    ),
    "group without name": ('[[groups]]\nvisit = 1\nwords = ["走访"]', "groups[0]", "name"),
    "unknown section": ("[keywords]\nfire = 1", "top level", "keywords"),
    "unknown role": ("[roles.mayor]\nvisit = 1", "roles", "mayor"),
    "unknown kind in role": ("[roles.member]\nvisitt = 1", "roles.member", "visitt"),
    "unknown reason": ('[reasons.sadness]\nurgency = "high"', "reasons", "sadness"),
    "unknown category": ('[reasons.dispute]\ncategory = "吵架"', "reasons.dispute.category", "吵架"),
    "bad threshold name": ("[settings.thresholds]\npanic = 1", "settings.thresholds.panic", "panic"),
    "bad setting type": ('[settings]\nmax_chars = "lots"', "settings.max_chars", "number"),
    "toml syntax": ('[[groups]\nname = "g"', "TOML syntax", ""),
}


@pytest.mark.parametrize("text,entry,detail", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_names_the_file_and_the_entry(tmp_path, text, entry, detail):
    needs_groups = "[[groups]]" not in text and "TOML" not in entry
    path = write(tmp_path, text + ("\n" + ONE_GROUP if needs_groups else ""))
    with pytest.raises(RulesError) as raised:
        load_rules(path)
    message = str(raised.value)
    assert str(path) in message and entry in message and detail in message
    assert "规则文件有误" in message


def test_a_directory_merges_groups_but_not_sections(tmp_path):
    write(tmp_path, VALID, "a.toml")
    write(tmp_path, '[[groups]]\nname = "visit"\nvisit = 3\nwords = ["走访"]', "b.toml")
    assert load_rules(tmp_path).classify("今天走访了王家").kind == "visit"
    write(tmp_path, "[settings]\nmax_chars = 10", "c.toml")
    with pytest.raises(RulesError, match="already defined in .*a.toml"):
        load_rules(tmp_path)


def test_group_names_are_unique_across_files(tmp_path):
    write(tmp_path, VALID, "a.toml")
    write(tmp_path, '[[groups]]\nname = "fire"\nemergency = 3\nwords = ["失火"]', "b.toml")
    with pytest.raises(RulesError, match='group "fire".*also used'):
        load_rules(tmp_path)


def test_missing_path_and_empty_directory(tmp_path):
    with pytest.raises(RulesError, match="does not exist"):
        load_rules(tmp_path / "nope.toml")
    with pytest.raises(RulesError, match="no .toml"):
        load_rules(tmp_path)
