"""`python -m nlp mine`: write `mined.toml`, the character n-gram backoff, from labelled data.

For each target (a kind, or a must-visit reason) the messages labelled with it are the
positives and all others the negatives. For every character bigram and trigram (Chinese
characters only, after the same normalisation the classifier applies) the miner counts the
messages of each side that contain it and computes the smoothed log-odds ratio

    delta = ln((a + α) / (P - a + α)) - ln((b + α) / (N - b + α))

(a of P positives, b of N negatives contain it; α is the smoothing) and its z-score
delta / sqrt(Σ 1/count). An n-gram is kept when it is in at least `min_count` positive
messages from at least `min_splits` different files (so one author's habit is not learnt),
its z-score reaches `min_z`, and it is among the `top` strongest for the target. Its weight
is `scale × delta`, at most `max_weight`. Only positive evidence is kept: the mined layer
adds recall, while the hand-written cues and `none` rules keep precision.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nlp.corpus import Example, read_corpus
from nlp.markers import mask_phones
from nlp.ngrams import text_ngrams
from nlp.normalize import normalize

DEFAULT_OUT = Path(__file__).parent / "data" / "rules" / "mined.toml"
DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "nlp"


@dataclass(frozen=True, slots=True)
class Options:
    """What the miner keeps, per target; `caps` is written to the file for the classifier."""

    targets: tuple[str, ...] = (
        "emergency",
        "incident",
        "illness",
        "hardship",
        "dispute",
        "family_event",
        "petition",
        "violation",
        "discontent",
    )
    alpha: float = 0.5
    min_count: int = 3
    min_splits: int = 2
    min_z: float = 3.0
    # Share of an n-gram's messages that carry the label: common bigrams (有人, 现在) fall
    # below it, which keeps matching cheap and the layer about the label, not the register.
    min_precision: float = 0.5
    top: int = 60
    scale: float = 0.2
    max_weight: float = 1.0
    caps: Mapping[str, float] = field(
        default_factory=lambda: {
            "emergency": 1.5,
            "incident": 1.0,
            "illness": 1.0,
            "hardship": 1.0,
            "dispute": 1.0,
            "family_event": 1.0,
            "petition": 1.0,
            "violation": 1.0,
            "discontent": 1.0,
        }
    )


@dataclass(frozen=True, slots=True)
class Mined:
    """One kept n-gram of one target, with the counts behind its weight."""

    target: str
    gram: str
    weight: float
    z: float
    positives: int  # messages of the target containing it
    negatives: int  # other messages containing it


def labels(example: Example) -> set[str]:
    return {example.kind} | ({example.must_visit} if example.must_visit else set())


def message_ngrams(text: str) -> set[str]:
    """The n-grams the classifier will look up in `text` (normalised, phone numbers masked)."""
    return text_ngrams(mask_phones(normalize(text, 2000)))


def mine(corpus: Sequence[tuple[str, Sequence[Example]]], options: Options = Options()) -> list[Mined]:
    """The kept n-grams of each target, strongest first, from (split name, examples) pairs."""
    rows = [(name, labels(e), message_ngrams(e.text)) for name, examples in corpus for e in examples]
    alpha = options.alpha
    kept: list[Mined] = []
    for target in options.targets:
        positives = [grams for _, tags, grams in rows if target in tags]
        total_pos, total_neg = len(positives), len(rows) - len(positives)
        if not positives:
            continue
        pos: Counter[str] = Counter(g for grams in positives for g in grams)
        neg: Counter[str] = Counter(g for _, tags, grams in rows if target not in tags for g in grams)
        splits: dict[str, set[str]] = defaultdict(set)
        for name, tags, grams in rows:
            if target in tags:
                for g in grams:
                    splits[g].add(name)
        candidates = []
        for gram, a in pos.items():
            if a < options.min_count or len(splits[gram]) < options.min_splits:
                continue
            b = neg[gram]
            if a / (a + b) < options.min_precision:
                continue
            delta = math.log((a + alpha) / (total_pos - a + alpha)) - math.log((b + alpha) / (total_neg - b + alpha))
            z = delta / math.sqrt(
                1 / (a + alpha) + 1 / (total_pos - a + alpha) + 1 / (b + alpha) + 1 / (total_neg - b + alpha)
            )
            if delta > 0 and z >= options.min_z:
                weight = round(min(options.scale * delta, options.max_weight), 2)
                if weight > 0:
                    candidates.append(Mined(target, gram, weight, round(z, 2), a, b))
        candidates.sort(key=lambda m: (-m.z, m.gram))
        kept.extend(_drop_redundant(candidates)[: options.top])
    return kept


def _drop_redundant(candidates: list[Mined]) -> list[Mined]:
    """A trigram that is in exactly the messages of a bigram inside it says nothing more."""
    counts = {m.gram: (m.positives, m.negatives) for m in candidates}
    return [
        m
        for m in candidates
        if len(m.gram) == 2
        or counts.get(m.gram[:2]) != (m.positives, m.negatives)
        and counts.get(m.gram[1:]) != (m.positives, m.negatives)
    ]


def render(kept: Iterable[Mined], options: Options, sources: Sequence[str], sizes: Mapping[str, int]) -> str:
    """The TOML text of `mined.toml`: header, caps, one table per target, one line per n-gram."""
    by_target: dict[str, list[Mined]] = defaultdict(list)
    for m in kept:
        by_target[m.target].append(m)
    lines = [
        "# GENERATED by `python -m nlp mine` (nlp/mine.py): the data-mined n-gram backoff.",
        "#",
        "# Mined from the labelled tuning splits: " + ", ".join(sources) + ".",
        "# Per target (a kind or a must-visit reason), every character bigram and trigram of",
        f"# the messages was scored by its smoothed log-odds ratio (alpha {options.alpha}) of",
        f"# appearing in messages with that label against all others. Kept: in at least {options.min_count}",
        f"# labelled messages from at least {options.min_splits} files, z-score at least "
        f"{options.min_z}, at least {options.min_precision:.0%} of its messages labelled, the {options.top} strongest",
        f"# per target. weight = {options.scale} x log-odds, at most {options.max_weight}. The comment after each line",
        "# gives the counts: labelled messages / other messages containing it, and the z-score.",
        "#",
        "# How the classifier uses it (nlp/ngrams.py): each listed n-gram found in a message adds",
        "# its weight once; all n-grams of one target add at most its cap below, so the mined",
        "# layer cannot outvote a strong hand-written rule. Negations, closers, films, dreams,",
        "# the news, forecasts and accounts after the fact act on it as on any rule word.",
        "#",
        "# A secretary may edit or delete any line (or this whole file, which turns the layer",
        "# off); re-running the miner overwrites the file, so put lasting fixes into the",
        "# hand-written rules files instead. `python -m nlp check-rules` validates it.",
        "",
        "[mined.caps]",
    ]
    for target in options.targets:
        if by_target.get(target):
            lines.append(f"{target} = {options.caps.get(target, 1.0)}")
    for target in options.targets:
        grams = by_target.get(target)
        if not grams:
            continue
        lines += ["", f"# {target}: {sizes.get(target, 0)} labelled messages", f"[mined.{target}]"]
        for m in grams:
            lines.append(f'"{m.gram}" = {m.weight}  # {m.positives} / {m.negatives}, z {m.z}')
    return "\n".join(lines) + "\n"


def load_splits(paths: Sequence[Path]) -> list[tuple[str, list[Example]]]:
    return [(path.stem, read_corpus(path)) for path in paths]


def tuning_splits(folder: Path = DEFAULT_CORPUS) -> list[Path]:
    """The tuning splits dev*.jsonl, in name order (never the held-out folder)."""
    return sorted(folder.glob("dev*.jsonl"))


def write(paths: Sequence[Path], out: Path = DEFAULT_OUT, options: Options = Options()) -> list[Mined]:
    corpus = load_splits(paths)
    kept = mine(corpus, options)
    sizes = Counter(t for _, examples in corpus for e in examples for t in labels(e))
    out.write_text(render(kept, options, [p.name for p in paths], sizes), encoding="utf-8")
    return kept
