"""Validation of the tables of one rules file, entry by entry.

Every check raises `RulesError` naming the file and the entry, so a secretary's typo is
reported where it is, at start-up, instead of silently never matching.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection
from typing import Any, TypeVar

from nlp.errors import RulesError
from nlp.learnt import GRAM_LENGTH, REASON_CLASSES, Learnt, LinearModel, Weights
from nlp.markers import MARKERS
from nlp.normalize import has_traditional, normalize
from nlp.ruleset import Group, Settings
from nlp.vocab import CATEGORIES, CUES, KINDS, REASONS, ROLES, URGENCIES, Kind, Reason, Role

TARGETS = frozenset(KINDS) | frozenset(REASONS) | frozenset(CATEGORIES)
MAX_WEIGHT = 10.0
_GROUP_KEYS = frozenset({"name", "why", "words", "cue", "booster", "situation", "inside"})
# The characters jieba keeps together in one block; a longer word outside them is never a token.
_JIEBA_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")
_MARKER_WORDS = frozenset(MARKERS.values())
_Name = TypeVar("_Name", bound=str)


def check_keys(source: str, entry: str, table: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise RulesError(source, entry, f"unknown key(s) {unknown}; allowed: {sorted(allowed)}")


def number(source: str, entry: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RulesError(source, entry, f"must be a number, got {value!r}")
    if not low <= value <= high:
        raise RulesError(source, entry, f"must be between {low} and {high}, got {value}")
    return float(value)


def name_in(source: str, entry: str, value: Any, allowed: tuple[_Name, ...]) -> _Name:
    """`value`, as one of the `allowed` names (a `Kind` when they are `KINDS`, and so on)."""
    if value not in allowed:
        raise RulesError(source, entry, f"{value!r} is not one of {list(allowed)}")
    return value


def word(source: str, entry: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RulesError(source, entry, f"words must be non-empty strings, got {value!r}")
    if value in _MARKER_WORDS or (len(value) == 1 and not value.isspace()):
        return value
    if not _JIEBA_BLOCK.fullmatch(value):
        raise RulesError(source, entry, f"word {value!r} mixes characters that segmentation splits apart")
    if normalize(value, len(value)) != value:
        raise RulesError(source, entry, f"word {value!r} must be simplified, half-width, lower-case")
    return value


def group(source: str, index: int, table: Any) -> Group:
    entry = f"groups[{index}]"
    if not isinstance(table, dict):
        raise RulesError(source, entry, "must be a table ([[groups]])")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RulesError(source, entry, "needs a non-empty string 'name'")
    entry = f'groups[{index}] "{name}"'
    check_keys(source, entry, table, _GROUP_KEYS | TARGETS)
    words = table.get("words")
    if not isinstance(words, list) or not words:
        raise RulesError(source, entry, "needs a non-empty list 'words'")
    checked = tuple(word(source, entry, w) for w in words)
    repeated = sorted({w for w in checked if checked.count(w) > 1})
    if repeated:
        raise RulesError(source, entry, f"lists {repeated} more than once")
    weights = tuple(
        (target, _weight(source, f"{entry}.{target}", table[target])) for target in table if target in TARGETS
    )
    cue = table.get("cue")
    if cue is not None:
        name_in(source, f"{entry}.cue", cue, CUES)
    booster, situation = table.get("booster", False), table.get("situation", False)
    inside = table.get("inside", False)
    for key, value in (("booster", booster), ("situation", situation), ("inside", inside)):
        if not isinstance(value, bool):
            raise RulesError(source, f"{entry}.{key}", "must be true or false")
    if not weights and cue is None:
        raise RulesError(source, entry, "has neither a weight nor a cue, so it does nothing")
    why = table.get("why", "")
    if not isinstance(why, str):
        raise RulesError(source, f"{entry}.why", "must be a string")
    if inside and cue is not None:
        raise RulesError(source, entry, "an 'inside' group of morphemes cannot be a cue")
    return Group(name, source, checked, weights, cue, booster, situation, why, inside)


def _weight(source: str, entry: str, value: Any) -> float:
    weight = number(source, entry, value, -MAX_WEIGHT, MAX_WEIGHT)
    if weight == 0:
        raise RulesError(source, entry, "a weight of 0 does nothing; remove it")
    return weight


def settings(source: str, table: Any) -> Settings:
    table = _table(source, "settings", table)
    check_keys(source, "settings", table, frozenset(Settings.__slots__))
    defaults = Settings()
    thresholds = dict(defaults.thresholds)
    for key, value in _table(source, "settings.thresholds", table.get("thresholds", {})).items():
        entry = f"settings.thresholds.{key}"
        thresholds[name_in(source, entry, key, tuple(thresholds))] = number(source, entry, value, 0, 100)
    urgency = dict(defaults.urgency)
    for key, value in _table(source, "settings.urgency", table.get("urgency", {})).items():
        entry = f"settings.urgency.{key}"
        urgency[name_in(source, entry, key, KINDS)] = name_in(source, entry, value, URGENCIES)

    def setting(key: str, low: float, high: float) -> float:
        return number(source, f"settings.{key}", table.get(key, getattr(defaults, key)), low, high)

    return Settings(
        max_chars=int(setting("max_chars", 1, 1_000_000)),
        negation_window=int(setting("negation_window", 1, 20)),
        none_baseline=setting("none_baseline", 0, 100),
        temperature=setting("temperature", 0.01, 100),
        past_visit_factor=setting("past_visit_factor", 0, 10),
        thresholds=thresholds,
        urgency=urgency,
    )


def roles(source: str, table: Any) -> dict[Role, dict[Kind, float]]:
    """Per sender role, a prior added to each kind that already has evidence."""
    result: dict[Role, dict[Kind, float]] = {}
    for key, priors in _table(source, "roles", table).items():
        role = name_in(source, "roles", key, ROLES)
        result[role] = {}
        for kind, value in _table(source, f"roles.{role}", priors).items():
            entry = f"roles.{role}.{kind}"
            result[role][name_in(source, entry, kind, KINDS)] = number(source, entry, value, -MAX_WEIGHT, MAX_WEIGHT)
    return result


def reasons(source: str, table: Any) -> dict[str, dict[Reason, str]]:
    """Per reason: the category a grievance is routed to (`category`), the category used when
    no topic word fired (`default_category`), and the lowest urgency (`urgency`, each value
    one of `URGENCIES`)."""
    allowed = {"category": CATEGORIES, "default_category": CATEGORIES, "urgency": URGENCIES}
    result: dict[str, dict[Reason, str]] = {key: {} for key in allowed}
    for name, options in _table(source, "reasons", table).items():
        reason = name_in(source, "reasons", name, REASONS)
        options = _table(source, f"reasons.{reason}", options)
        check_keys(source, f"reasons.{reason}", options, frozenset(allowed))
        for key, value in options.items():
            result[key][reason] = name_in(source, f"reasons.{reason}.{key}", value, allowed[key])
    return result


def _table(source: str, entry: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RulesError(source, entry, "must be a table")
    return value


MAX_LEARNT_WEIGHT = 100.0
_NUMBERS = (int, float)  # exactly these types: a bool is no weight
_LEARNT_GRAM = re.compile(rf"[\u4e00-\u9fff]{{{GRAM_LENGTH}}}")
_LEARNT_MODELS = {"kind": (KINDS, KINDS), "reason": (REASON_CLASSES, REASONS)}  # classes, rule targets
# Optional: without it the rules route a grievance's topic.
_OPTIONAL_MODELS = {"category": (CATEGORIES, CATEGORIES)}


def learnt(source: str, table: Any) -> Learnt:
    """The `[learnt]` section: the thresholds and one table per model (`kind`, `reason`, and
    optionally `category`)."""
    table = _table(source, "learnt", table)
    allowed = {"emergency_threshold", "reason_threshold", "none_margin", *_LEARNT_MODELS, *_OPTIONAL_MODELS}
    check_keys(source, "learnt", table, frozenset(allowed))
    thresholds = {}
    for key in ("emergency_threshold", "reason_threshold"):
        if key not in table:
            raise RulesError(source, f"learnt.{key}", "is missing (a probability, e.g. 0.5)")
        thresholds[key] = number(source, f"learnt.{key}", table[key], 0.01, 1.0)
    models = {}
    for name, (classes, targets) in _LEARNT_MODELS.items():
        if name not in table:
            raise RulesError(source, f"learnt.{name}", "is missing")
        models[name] = _linear(source, f"learnt.{name}", table[name], classes, targets)
    topics, topic_targets = _OPTIONAL_MODELS["category"]
    category = (
        _linear(source, "learnt.category", table["category"], topics, topic_targets) if "category" in table else None
    )
    margin = number(source, "learnt.none_margin", table.get("none_margin", 0.0), -10.0, 10.0)
    return Learnt(
        source,
        models["kind"],
        models["reason"],
        thresholds["emergency_threshold"],
        thresholds["reason_threshold"],
        none_margin=margin,
        category=category,
    )


def _linear(source: str, entry: str, table: Any, classes: tuple[str, ...], targets: tuple[str, ...]) -> LinearModel:
    table = _table(source, entry, table)
    keys = {"rules": targets, "cues": CUES, "roles": ROLES}
    check_keys(source, entry, table, frozenset({"bias", "ngrams", *keys}))
    class_set = frozenset(classes)
    found: dict[str, dict[str, Weights]] = {}
    for name in ("ngrams", *keys):
        found[name] = {}
        entries = _table(source, f"{entry}.{name}", table.get(name, {}))
        # The 11,000 n-gram lines are most of a start-up: when they are all well-formed, which
        # a few C-level passes tell, each line needs only its weights checked.
        plain = name == "ngrams" and _plain_grams(entries.keys())
        for key, value in entries.items():
            weights = _plain_weights(value, classes, class_set) if plain else None
            if weights is None:
                at = f'{entry}.{name}."{key}"'
                if name != "ngrams":
                    name_in(source, at, key, keys[name])
                elif not _LEARNT_GRAM.fullmatch(key):
                    raise RulesError(source, at, f"an n-gram must be {GRAM_LENGTH} Chinese characters, nothing else")
                elif normalize(key, len(key)) != key:
                    raise RulesError(source, at, f"n-gram {key!r} must be simplified")
                weights = _class_weights(source, at, value, classes)
            found[name][key] = weights
    bias = _class_weights(source, f"{entry}.bias", table.get("bias", {}), classes)
    return LinearModel(classes, bias, found["rules"], found["cues"], found["roles"], found["ngrams"])


def _plain_grams(grams: Collection[str]) -> bool:
    """Whether every key is a simplified n-gram: Chinese characters only (which normalising
    leaves alone unless they are traditional), none of them traditional."""
    return all(map(_LEARNT_GRAM.fullmatch, grams)) and not has_traditional("".join(grams))


def _plain_weights(value: Any, classes: tuple[str, ...], class_set: frozenset[str]) -> Weights | None:
    """The weights per class when `value` is a table of in-range numbers for known classes
    (what `_class_weights` returns for it), else None, for `_class_weights` to say what is wrong."""
    if type(value) is not dict or not value.keys() <= class_set:
        return None
    weights = tuple(map(value.get, classes, itertools.repeat(0.0)))
    if all(type(w) in _NUMBERS and -MAX_LEARNT_WEIGHT <= w <= MAX_LEARNT_WEIGHT for w in weights):
        return tuple(map(float, weights))
    return None


def _class_weights(source: str, entry: str, value: Any, classes: tuple[str, ...]) -> Weights:
    weights = _table(source, entry, value)
    for name in weights:
        name_in(source, f"{entry}.{name}", name, classes)
    return tuple(
        number(source, f"{entry}.{c}", weights[c], -MAX_LEARNT_WEIGHT, MAX_LEARNT_WEIGHT) if c in weights else 0.0
        for c in classes
    )
