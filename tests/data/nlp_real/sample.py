"""Rebuild tune.jsonl and heldout.jsonl from the two public sources (see README.md).

    python tests/data/nlp_real/sample.py BOARD_XLSX LCCC_TOY_TRAIN_TXT

BOARD_XLSX is 附件2.xlsx of the 2020 TipDM Cup 智慧政务 problem (留言编号, 留言用户, 留言主题,
留言时间, 留言详情, 一级分类); LCCC_TOY_TRAIN_TXT is data/toy_train.txt of thu-coai/CDial-GPT
(LCCC Weibo dialogues, characters separated by spaces, two turns per line). The split is a hash
of each message's id, so a board message's title and its opening go to the same part.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
CHAT_SAMPLE = 2400
OPENING_CHARS = 150
# Letters of thanks and praise are not requests; the ids were checked by eye (README.md).
PRAISE = re.compile(r"感谢信|表扬|致敬|点赞|赞扬|锦旗|好医生|好老师")
# Chit-chat lines that are really an emergency or a request, dropped after a look (README.md).
NOT_CHAT = re.compile(r"救命|报警|着火|失火|火灾|晕倒|抢救|急救|投诉|举报|维权|12345|市长|政府")


def _split(key: str) -> str:
    return "heldout" if hashlib.sha1(key.encode()).digest()[0] % 2 else "tune"


def _clean(text: str) -> str:
    return " ".join(str(text).replace("\u3000", " ").split())


def _opening(detail: str) -> str:
    """The detail's first sentences, as far as OPENING_CHARS, as a long group message would be."""
    text = _clean(detail)
    if len(text) <= OPENING_CHARS:
        return text
    cut = max(text.rfind(mark, 0, OPENING_CHARS) for mark in "。！？!?；")
    return text[: cut + 1] if cut >= 40 else text[:OPENING_CHARS]


def board(path: Path) -> tuple[list[tuple[str, dict]], list[str]]:
    rows = list(openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True))[1:]
    out: list[tuple[str, dict]] = []
    dropped: list[str] = []
    for number, _user, title, _time, detail, category in rows:
        if number is None or not title:
            continue
        title = _clean(title)
        if PRAISE.search(title):
            dropped.append(title)
            continue
        key = f"board-{number}"
        for form, text in (("title", title), ("opening", _opening(detail or ""))):
            if text:
                row = {
                    "id": f"{key}-{form}",
                    "text": text,
                    "sender_role": "household",
                    "kind": "grievance",
                    "must_visit": None,
                    "category": category,
                }
                out.append((key, row))
    return out, dropped


def _unspace(line: str) -> str:
    """LCCC separates every character by a space; words of Latin letters keep theirs."""
    return re.sub(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])", "", line.strip())


def chat(path: Path) -> tuple[list[tuple[str, dict]], list[str]]:
    seen: dict[str, None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        for turn in line.split("\t"):
            text = _unspace(turn)
            if 2 <= len(text) <= 150:
                seen.setdefault(text)
    texts = list(seen)
    random.Random(13).shuffle(texts)
    out: list[tuple[str, dict]] = []
    dropped: list[str] = []
    for text in texts:
        if len(out) == CHAT_SAMPLE:
            break
        if NOT_CHAT.search(text):
            dropped.append(text)
            continue
        key = "lccc-" + hashlib.sha1(text.encode()).hexdigest()[:10]
        out.append(
            (
                key,
                {
                    "id": key,
                    "text": text,
                    "sender_role": "household",
                    "kind": "none",
                    "must_visit": None,
                    "category": None,
                },
            )
        )
    return out, dropped


def main(board_xlsx: str, lccc_txt: str) -> None:
    complaints, praise = board(Path(board_xlsx))
    chats, not_chat = chat(Path(lccc_txt))
    parts: dict[str, list[dict]] = {"tune": [], "heldout": []}
    for key, row in complaints + chats:
        parts[_split(key)].append(row)
    for name, rows in parts.items():
        (HERE / f"{name}.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
        print(name, len(rows), sum(r["kind"] == "grievance" for r in rows), "grievances")
    print("dropped praise:", len(praise), praise)
    print("dropped chat:", len(not_chat))
    for text in not_chat:
        print("  ", text)


if __name__ == "__main__":
    main(*sys.argv[1:3])
