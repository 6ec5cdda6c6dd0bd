"""Rebuild tune.jsonl, heldout.jsonl, board-train.jsonl and chat-train*.jsonl (see README.md).

    python tests/data/nlp_real/sample.py BOARD_DIR LCCC_DATA_DIR

BOARD_DIR holds 附件2.xlsx, 附件3.xlsx and 附件4.xlsx of the 2020 TipDM Cup 智慧政务 problem
(留言编号, 留言用户, 留言主题, 留言时间, 留言详情, and in 附件2 the 一级分类); LCCC_DATA_DIR is
data/ of thu-coai/CDial-GPT (LCCC Weibo dialogues, characters separated by spaces: toy_train.txt
and toy_valid.txt with the turns of a dialogue on one line, toy_data.json). The split is a hash
of each message's id, so a board message's title and its opening go to the same part, and a
chit-chat turn found in several files to one part.

tune.jsonl and heldout.jsonl are the sample of 附件2 and toy_train.txt that they always were;
the training parts are every other message of the sources that hashes to the tuning side
(never read by eye): board-train.jsonl the complaints of 附件3 and 附件4 (no topic),
chat-train1-4.jsonl the remaining chit-chat turns. They only teach the learnt models (`python -m
nlp mine`), which is why they can be this large.
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
# The chit-chat of the training side, in parts: the learnt models' combining stage scores each
# untuned split with an n-gram model fitted without it, and one part alone would be scored by a
# model that had seen no real chit-chat at all (nlp/learn.py).
CHAT_TRAIN_PARTS = 4
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
    for number, _user, title, _time, detail, *rest in rows:
        category = rest[0] if path.name.startswith("附件2") else None
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


def _turns(path: Path) -> list[str]:
    if path.suffix == ".json":
        dialogues = [d for part in json.loads(path.read_text(encoding="utf-8")).values() for d in part]
        return [turn for dialogue in dialogues for turn in dialogue]
    return [turn for line in path.read_text(encoding="utf-8").splitlines() for turn in line.split("\t")]


def chat(paths: list[Path], sample: int | None = CHAT_SAMPLE) -> tuple[list[tuple[str, dict]], list[str]]:
    seen: dict[str, None] = {}
    for path in paths:
        for turn in _turns(path):
            text = _unspace(turn)
            if 2 <= len(text) <= 150:
                seen.setdefault(text)
    texts = list(seen)
    random.Random(13).shuffle(texts)
    out: list[tuple[str, dict]] = []
    dropped: list[str] = []
    for text in texts:
        if len(out) == sample:
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


def _tuning_side(rows: list[tuple[str, dict]], taken: set[str]) -> list[dict]:
    """The rows whose key hashes to the tuning side, less the texts in `taken`, each text once."""
    out: dict[str, dict] = {}
    for key, row in rows:
        if _split(key) == "tune" and row["text"] not in taken:
            out.setdefault(row["text"], row)
    return list(out.values())


def main(board_dir: str, lccc_dir: str) -> None:
    complaints, praise = board(Path(board_dir) / "附件2.xlsx")
    chats, not_chat = chat([Path(lccc_dir) / "toy_train.txt"])
    parts: dict[str, list[dict]] = {"tune": [], "heldout": []}
    for key, row in complaints + chats:
        parts[_split(key)].append(row)
    # The training parts: every other message of the sources, less the texts sampled above.
    taken = {row["text"] for rows in parts.values() for row in rows}
    more_complaints = [c for name in ("附件3.xlsx", "附件4.xlsx") for c in board(Path(board_dir) / name)[0]]
    parts["board-train"] = _tuning_side(more_complaints, taken)
    files = [Path(lccc_dir) / name for name in ("toy_train.txt", "toy_valid.txt", "toy_data.json")]
    training_chat = _tuning_side(chat(files, sample=None)[0], taken)
    for part in range(CHAT_TRAIN_PARTS):
        parts[f"chat-train{part + 1}"] = training_chat[part::CHAT_TRAIN_PARTS]
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
