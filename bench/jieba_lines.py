"""The baseline process of `bench.bench_nlp_process`: bare `jieba.lcut` over JSON Lines.

    python bench/jieba_lines.py < messages.jsonl    # one JSON list of words per line

What a user who only segmented would run: each line's "text" cut by jieba's global tokenizer
(its default, HMM on) and the words written as JSON, the output buffered as Python buffers it.
"""

from __future__ import annotations

import json
import logging
import sys

import jieba


def main() -> int:
    jieba.setLogLevel(logging.WARNING)
    write = sys.stdout.write
    for line in sys.stdin:
        write(json.dumps(jieba.lcut(json.loads(line)["text"]), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
