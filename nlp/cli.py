"""Command line: classify, explain, evaluate, check-rules."""

from __future__ import annotations

import argparse
import io
import logging
import sys
from collections.abc import Sequence
from dataclasses import fields, replace
from pathlib import Path
from typing import cast

import jieba

from nlp.classifier import Classifier, load_rules
from nlp.corpus import CorpusError, read_corpus
from nlp.errors import RulesError
from nlp.explain import format_trace
from nlp.jsonl import serve
from nlp.learn import LearnOptions
from nlp.metrics import Evaluation, evaluate
from nlp.report import format_report
from nlp.rulefile import DEFAULT_LEARNT, DEFAULT_RULES
from nlp.vocab import ROLES

log = logging.getLogger("nlp")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m nlp", description=__doc__)
    parser.add_argument("--rules", default=str(DEFAULT_RULES), help="rules file or directory")
    parser.add_argument(
        "--learnt", default=str(DEFAULT_LEARNT), help="the learnt models file, which `mine` writes ('' for none)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("classify", help="JSON Lines on stdin -> one answer per line on stdout")
    explain = commands.add_parser("explain", help="segmentation and rule trace for one text")
    explain.add_argument("text")
    explain.add_argument("--role", choices=ROLES)
    ev = commands.add_parser("evaluate", help="scores against a labelled JSONL corpus")
    ev.add_argument("file")
    ev.add_argument("--worst", type=int, default=15, help="how many misses to list")
    for name, help_text in TARGETS.items():
        ev.add_argument(f"--{name}", type=float, metavar="RATIO", help=help_text)
    mine = commands.add_parser(
        "mine", help="fit the learnt models (the kind, reason and category models) into --learnt from labelled splits"
    )
    mine.add_argument(
        "files",
        nargs="*",
        help="labelled JSONL files (default: tests/data/nlp/dev*.jsonl and tests/data/nlp_real/tune.jsonl)",
    )
    cv = commands.add_parser("crossval", help="fit learnt.toml without each split in turn, evaluate that split")
    cv.add_argument("files", nargs="*", help="labelled JSONL files (default: those of mine)")
    for command in (mine, cv):
        command.add_argument(
            "--real-training",
            action="store_true",
            help="also fit on the real text's training parts (tests/data/nlp_real: board-train, chat-train*)",
        )
    cv.add_argument("--hold", nargs="*", default=None, help="the splits to hold out in turn (default: all)")
    for option in fields(LearnOptions):
        cv.add_argument(
            f"--{option.name.replace('_', '-')}", type=type(option.default), help="a fitting option (nlp/learn.py)"
        )
    check = commands.add_parser("check-rules", help="validate a rules file or directory")
    check.add_argument("path", nargs="?", default=None)
    return parser


TARGETS = {
    "min-emergency-recall": "fail below this emergency recall (0-1)",
    "min-emergency-precision": "fail below this emergency precision",
    "min-accuracy": "fail below this kind accuracy",
    "max-none-misfiled": "fail above this share of none filed as records",
    "max-none-as-emergency": "fail above this share of none filed as emergencies",
    "min-grievance-recall": "fail below this grievance recall",
    "min-must-visit-recall": "fail below this must-visit reason recall",
}


def _unmet(ev: Evaluation, args: argparse.Namespace) -> list[str]:
    emergency = ev.per_kind["emergency"]
    checks = [
        ("min_emergency_recall", emergency.recall, False),
        ("min_emergency_precision", emergency.precision, False),
        ("min_accuracy", ev.kind_accuracy, False),
        ("max_none_misfiled", ev.none_misfiled, True),
        ("max_none_as_emergency", ev.none_as_emergency, True),
        ("min_grievance_recall", ev.per_kind["grievance"].recall, False),
        ("min_must_visit_recall", ev.must_visit_recall, False),
    ]
    unmet = []
    for name, value, is_max in checks:
        limit = getattr(args, name)
        if limit is not None and (value > limit if is_max else value < limit):
            unmet.append(f"{name.replace('_', '-')}: {value:.3f} vs {limit}")
    return unmet


def _evaluate(classifier: Classifier, args: argparse.Namespace) -> int:
    examples = read_corpus(args.file)
    predictions = [classifier.classify(e.text, e.sender_role) for e in examples]
    ev = evaluate(examples, predictions)
    print(format_report(ev, args.worst))
    unmet = _unmet(ev, args)
    for problem in unmet:
        print(f"TARGET NOT MET {problem}")
    return 1 if unmet else 0


def _splits(args: argparse.Namespace) -> list[Path]:
    from nlp import splits

    paths = [Path(f) for f in args.files] or splits.default_splits()
    return paths + splits.real_training_splits() if args.real_training else paths


def _mine(args: argparse.Namespace) -> int:
    """Fit the learnt models into the file `--learnt` from the labelled splits."""
    from nlp import learn, splits
    from nlp.rulefile import validate_learnt_file

    paths = _splits(args)
    if not args.learnt:
        log.error("cannot mine: --learnt names no file to write")
        return 2
    out = Path(args.learnt)
    try:
        # The rules alone, without the models being refitted (an old learnt.toml may not load).
        classifier = load_rules(Path(args.rules))
        fitted = learn.write(splits.load_splits(paths), splits.manifest(paths), classifier, out)
        validate_learnt_file(out)  # what was written must load
    except (OSError, CorpusError, ValueError, RulesError) as exc:
        log.error("cannot mine: %s", exc)
        return 2
    grams = {model: len(tables["ngrams"]) for model, tables in fitted.tables.items()}
    print(f"wrote {out}: n-grams per model {grams}")
    return 0


def _crossval(args: argparse.Namespace) -> int:
    from nlp import splits
    from nlp.crossval import crossval

    given = {f.name: getattr(args, f.name) for f in fields(LearnOptions) if getattr(args, f.name) is not None}
    options = replace(LearnOptions(), **given)
    paths = _splits(args)
    try:
        labelled, manifest = splits.load_splits(paths), splits.manifest(paths)
    except (OSError, CorpusError, ValueError) as exc:
        log.error("cannot read the splits: %s", exc)
        return 2
    held = args.hold or manifest.untuned
    unknown = sorted(set(held) - {name for name, _ in labelled})
    if unknown:
        log.error("no such split to hold out: %s", ", ".join(unknown))
        return 2
    try:
        per_split, pooled = crossval(Path(args.rules), labelled, manifest, held, options)
    except ValueError as exc:
        log.error("cannot cross-validate: %s", exc)
        return 2
    for name, ev in [*per_split, ("pooled", pooled)]:
        emergency = ev.per_kind["emergency"]
        print(
            f"{name:>10}  accuracy {ev.kind_accuracy:6.1%}  emergency P/R {emergency.precision:6.1%} /"
            f" {emergency.recall:6.1%}  grievance R {ev.per_kind['grievance'].recall:6.1%}"
            f"  none->record {ev.none_misfiled:5.1%}  none->emergency {ev.none_as_emergency:5.1%}"
            f"  must-visit {ev.must_visit_recall:6.1%}  topic {ev.category_accuracy:6.1%}"
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    jieba.setLogLevel(logging.WARNING)
    args = _parser().parse_args(argv)
    if args.command == "mine":
        return _mine(args)
    if args.command == "crossval":
        return _crossval(args)
    try:
        path = args.path or args.rules if args.command == "check-rules" else args.rules
        classifier = load_rules(path, learnt=args.learnt or None)
    except RulesError as exc:
        log.error("%s", exc)
        return 2
    if args.command == "check-rules":
        rules = classifier.rules
        learnt = rules.learnt
        grams = (
            f", learnt models with {' + '.join(str(len(m.ngrams)) for m in learnt.models())} n-grams" if learnt else ""
        )
        print(f"ok: {len(rules.groups)} groups, {len(rules.words())} words{grams} in {len(rules.sources)} file(s)")
        return 0
    if args.command == "explain":
        print(format_trace(classifier.analyse(args.text, args.role), classifier.rules))
        return 0
    if args.command == "evaluate":
        try:
            return _evaluate(classifier, args)
        except (OSError, CorpusError, ValueError) as exc:
            log.error("cannot evaluate %s: %s", args.file, exc)
            return 2
    # sys.stdin.buffer is an io.BufferedReader, which typeshed calls BinaryIO.
    serve(classifier, cast("io.BufferedReader", sys.stdin.buffer), sys.stdout.buffer)
    return 0
