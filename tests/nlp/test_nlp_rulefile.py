"""Loading and validating rules files: every mistake names the file and the entry."""

import pytest

from nlp import RulesError, load_rules
from nlp.learnt import REASON_CLASSES
from nlp.rulefile import DEFAULT_LEARNT, DEFAULT_RULES, load_ruleset, validate_learnt_file

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


LEARNT_HEAD = """
[learnt]
emergency_threshold = 0.4
reason_threshold = 0.6
"""
LEARNT_KIND = """
[learnt.kind.bias]
none = 1.0

[learnt.kind.rules]
emergency = { emergency = 0.5 }

[learnt.kind.cues]
fiction = { emergency = -2.0, none = 1.0 }

[learnt.kind.roles]
household = { grievance = 0.5 }

[learnt.kind.ngrams]
"着火" = { emergency = 3.0, none = -1.0 }
"""
LEARNT_REASON = """
[learnt.reason.bias]
no_reason = 1.0

[learnt.reason.rules]
illness = { illness = 0.5 }

[learnt.reason.ngrams]
"住院" = { illness = 2.5 }
"""
LEARNT = LEARNT_HEAD + LEARNT_KIND + LEARNT_REASON


def test_a_valid_learnt_file_loads_with_unlisted_classes_at_zero(tmp_path):
    path = write(tmp_path, LEARNT, "learnt.toml")
    validate_learnt_file(path)
    learnt = load_ruleset(write(tmp_path, ONE_GROUP, "groups.toml"), learnt=path).learnt
    assert learnt is not None and learnt.source == str(path)
    assert (learnt.emergency_threshold, learnt.reason_threshold) == (0.4, 0.6)
    assert learnt.kind.ngrams["着火"] == (0.0, 0.0, 3.0, -1.0)
    assert learnt.kind.bias == (0.0, 0.0, 0.0, 1.0)
    assert learnt.reason.ngrams["住院"][REASON_CLASSES.index("illness")] == 2.5
    assert learnt.reason.bias[REASON_CLASSES.index("no_reason")] == 1.0


KIND_NGRAM = '"着火" = { emergency = 3.0, none = -1.0 }'
BROKEN_LEARNT = {
    "missing emergency threshold": ("emergency_threshold = 0.4\n", "", "learnt.emergency_threshold", "missing"),
    "threshold above 1": ("reason_threshold = 0.6", "reason_threshold = 1.5", "learnt.reason_threshold", "between"),
    "threshold zero": ("emergency_threshold = 0.4", "emergency_threshold = 0", "learnt.emergency_threshold", "between"),
    "threshold is text": ("emergency_threshold = 0.4", 'emergency_threshold = "high"', "threshold", "number"),
    "unknown class": (KIND_NGRAM, '"着火" = { emergncy = 3.0 }', 'learnt.kind.ngrams."着火".emergncy', "emergncy"),
    "reason as a kind class": (KIND_NGRAM, '"着火" = { incident = 3.0 }', 'ngrams."着火".incident', "incident"),
    "weight too big": (KIND_NGRAM, '"着火" = { emergency = 300 }', 'ngrams."着火".emergency', "between"),
    "weights not a table": (KIND_NGRAM, '"着火" = 3.0', 'learnt.kind.ngrams."着火"', "table"),
    "weight not a number": (KIND_NGRAM, '"着火" = { emergency = nan, none = 1 }', '"着火".emergency', "between"),
    "weight after a nan": (KIND_NGRAM, '"着火" = { none = nan, emergency = 1 }', '"着火".none', "between"),
    "weight is a boolean": (KIND_NGRAM, '"着火" = { emergency = true }', 'ngrams."着火".emergency', "number"),
    "n-gram with letters": ('"着火" =', '"sos着火" =', 'learnt.kind.ngrams."sos着火"', "Chinese characters"),
    "n-gram with digits": ('"着火" =', '"119" =', 'learnt.kind.ngrams."119"', "Chinese characters"),
    "n-gram with punctuation": ('"着火" =', '"着火!" =', 'learnt.kind.ngrams."着火!"', "Chinese characters"),
    "n-gram of four characters": ('"着火" =', '"着火了啊" =', 'learnt.kind.ngrams."着火了啊"', "Chinese characters"),
    "traditional n-gram": ('"住院" =', '"醫院" =', 'learnt.reason.ngrams."醫院"', "simplified"),
    "unknown cue": ("fiction = {", "dream = {", 'learnt.kind.cues."dream"', "dream"),
    "unknown role": ("household = {", "mayor = {", 'learnt.kind.roles."mayor"', "mayor"),
    "reason as a kind rule target": (
        "emergency = { emergency = 0.5 }",
        "illness = { emergency = 0.5 }",
        'learnt.kind.rules."illness"',
        "illness",
    ),
    "kind as a reason rule target": ("illness = { illness = 0.5 }", "none = { illness = 0.5 }", "reason.rules", "none"),
    "unknown key in learnt": (
        "reason_threshold = 0.6",
        "reason_threshold = 0.6\ntemperature = 2",
        "learnt",
        "temperature",
    ),
    "unknown model table": ("[learnt.kind.roles]", "[learnt.kind.speakers]", "learnt.kind", "speakers"),
}


@pytest.mark.parametrize("old,new,entry,detail", BROKEN_LEARNT.values(), ids=BROKEN_LEARNT.keys())
def test_a_broken_learnt_file_names_the_file_and_the_entry(tmp_path, old, new, entry, detail):
    assert old in LEARNT
    path = write(tmp_path, LEARNT.replace(old, new), "learnt.toml")
    with pytest.raises(RulesError) as raised:
        validate_learnt_file(path)
    message = str(raised.value)
    assert str(path) in message and entry in message and detail in message


@pytest.mark.parametrize("model,text", [("kind", LEARNT_HEAD + LEARNT_REASON), ("reason", LEARNT_HEAD + LEARNT_KIND)])
def test_a_learnt_file_needs_both_models(tmp_path, model, text):
    path = write(tmp_path, text, "learnt.toml")
    with pytest.raises(RulesError, match=f"learnt.{model}: is missing") as raised:
        validate_learnt_file(path)
    assert raised.value.source == str(path)


def test_a_learnt_file_holds_nothing_but_the_learnt_section(tmp_path):
    path = write(tmp_path, LEARNT + "\n[settings]\nmax_chars = 10\n", "learnt.toml")
    with pytest.raises(RulesError, match="top level.*settings"):
        validate_learnt_file(path)


def test_a_broken_learnt_file_stops_the_rules_loading(tmp_path):
    rules = write(tmp_path, ONE_GROUP, "groups.toml")
    learnt = write(tmp_path, LEARNT.replace('"着火" =', '"着火了啊" ='), "learnt.toml")
    with pytest.raises(RulesError, match="learnt.toml"):
        load_rules(rules, learnt=learnt)


def test_a_rules_directory_holds_no_learnt_models(tmp_path):
    write(tmp_path, ONE_GROUP, "groups.toml")
    write(tmp_path, LEARNT, "learnt.toml")
    with pytest.raises(RulesError, match="top level.*learnt"):
        load_rules(tmp_path)


def test_skip_leaves_out_the_named_file_of_a_directory(tmp_path):
    write(tmp_path, ONE_GROUP, "groups.toml")
    write(tmp_path, LEARNT.replace('"着火" =', '"着火了啊" ='), "learnt.toml")
    rules = load_ruleset(tmp_path, skip={"learnt.toml"})
    assert rules.learnt is None and rules.sources == (str(tmp_path / "groups.toml"),)


def test_the_shipped_learnt_models_sit_outside_the_rules_folder():
    assert DEFAULT_LEARNT.parent != DEFAULT_RULES and not (DEFAULT_RULES / DEFAULT_LEARNT.name).exists()
    assert load_ruleset(DEFAULT_RULES, learnt=DEFAULT_LEARNT).learnt is not None
    assert load_ruleset(DEFAULT_RULES).learnt is None
