"""Builders and paths shared by the nlp tests."""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Sequence
from pathlib import Path

from nlp.corpus import Example
from nlp.rulefile import DEFAULT_RULES
from nlp.ruleset import Group, RuleSet, Settings
from nlp.splits import Manifest
from nlp.vocab import Cue, Kind, Reason, Role

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "nlp"


def make_rules(*groups: Group, settings: Settings | None = None) -> RuleSet:
    """A small rule set built in code, for tests of one mechanism at a time."""
    return RuleSet(
        groups=groups,
        settings=settings or Settings(),
        roles={"member": {"visit": 1.0}},
        reason_category={"dispute": "矛盾纠纷"},
        reason_default_category={"hardship": "民政"},
        reason_urgency={"petition": "high"},
        sources=("test",),
    )


def group(
    name: str,
    words: list[str],
    cue: Cue | None = None,
    booster: bool = False,
    situation: bool = False,
    **weights: float,
) -> Group:
    return Group(name, "test", tuple(words), tuple(weights.items()), cue, booster, situation)


Split = tuple[str, list[Example]]

LEARNT_FILE = "learnt.toml"
_PEOPLE = ("老王", "老李", "张婶", "刘叔", "赵大爷", "孙奶奶", "周哥", "吴姐", "郑伯")
_PLACES = ("村口", "东头", "祠堂边", "桥头", "学校门口", "菜地旁", "晒谷场", "小卖部后面", "河堤上")
# Per (kind, reason), the wording of the tiny corpus. The rules read every message right but
# the 唠家常 visits, which they call `none`: only a learnt model gets those.
TEMPLATES: dict[tuple[Kind, Reason | None], tuple[str, ...]] = {
    ("emergency", "incident"): (
        "{p}家着火了 火很大 快来人",
        "{place}有人掉河里了 快救命啊",
        "{place}起火了 烟好大 赶紧打119",
    ),
    ("grievance", None): (
        "{place}的路灯坏了好久 一直没人修",
        "{place}垃圾堆着没人清 臭死了 请村里处理",
        "{place}的路坑坑洼洼 车都过不去 希望修一下",
    ),
    ("visit", "illness"): ("{p}住院了 我去医院看望了一下", "{p}生病卧床 今天上门探望"),
    ("visit", "family_event"): ("{p}家娶媳妇办喜事 去随了礼",),
    ("visit", None): ("陪{p}唠了一下午家常", "去{p}家唠家常 坐了半天"),
    ("none", None): ("收到 谢谢{p}", "明天上午在{place}开会 请准时参加", "好的 辛苦{p}了"),
}
UNKNOWN_TO_THE_RULES = "唠"
TINY_SPLITS = ("a", "b", "c")
TINY_TUNED = ("a",)
TINY_UNTUNED = ("b", "c")
TINY_MANIFEST = Manifest(untuned=TINY_UNTUNED)


def tiny_corpus() -> list[Split]:
    """Three splits of 42 labelled messages, each template filled with other people and places."""
    splits = []
    for s, name in enumerate(TINY_SPLITS):
        examples: list[Example] = []
        for (kind, reason), templates in TEMPLATES.items():
            role: Role = "member" if kind == "visit" else "household"
            for t, template in enumerate(templates):
                for k in range(3):
                    i = (3 * s + k + t) % len(_PEOPLE)
                    text = template.format(p=_PEOPLE[i], place=_PLACES[(i + 4) % len(_PLACES)])
                    examples.append(Example(f"{name}{len(examples)}", text, role, kind, reason, None))
        splits.append((name, examples))
    return splits


def write_corpus(folder: Path, splits: Sequence[Split], tuned: Sequence[str] = TINY_TUNED) -> list[Path]:
    """The splits as JSON Lines files in `folder`, with a manifest naming the `tuned` ones."""
    paths = []
    for name, examples in splits:
        path = folder / f"{name}.jsonl"
        rows = (
            {"text": e.text, "sender_role": e.sender_role, "kind": e.kind, "must_visit": e.must_visit, "category": None}
            for e in examples
        )
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        paths.append(path)
    (folder / "splits.toml").write_text(f"tuned = {json.dumps(list(tuned))}\n", encoding="utf-8")
    return paths


def copy_rules(folder: Path) -> Path:
    """A scratch copy of the shipped rules (their learnt models sit outside the folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    for file in DEFAULT_RULES.glob("*.toml"):
        shutil.copy(file, folder / file.name)
    return folder


def header(text: str) -> str:
    """The leading comment of a generated file, its lines joined into one."""
    lines = itertools.takewhile(lambda line: line.startswith("#"), text.splitlines())
    return " ".join(line.removeprefix("#").strip() for line in lines)
