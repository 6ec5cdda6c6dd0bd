"""The user cache of the classifier: jieba's prefix dictionary and parsed data files.

Parsing `learnt.toml` (1.4 MB of inline tables) took most of a start-up, so each rules file's
parsed table is kept as `marshal` data keyed by the SHA-256 of the file's bytes (and the
Python version, whose marshal format it is); zhconv's dictionary, of which the classifier
reads one set, is kept the same way. Only the parse is cached: every start still validates
the tables, so the cache holds nothing the current code has not checked, and an edited,
corrupt or stale cache entry is ignored and rewritten. `marshal` runs no code on load, unlike
pickle, so a planted cache file cannot do more than fail validation.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

TABLES = "parsed"  # the subdirectory of `cache_dir()` holding the parsed files
_VERSION = f"{sys.implementation.cache_tag}/{marshal.version}".encode()


def user_cache_dir() -> Path | None:
    """$LIANHU_NLP_CACHE_DIR, else the user cache (`~/.cache/lianhu-nlp`), created if need be;
    None when it cannot be."""
    configured = os.environ.get("LIANHU_NLP_CACHE_DIR")
    if configured:
        path = Path(configured)
    else:
        path = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lianhu-nlp"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path


def cache_dir() -> Path:
    """Where jieba's prefix-dictionary cache lives: the user cache, else the temp dir."""
    return user_cache_dir() or Path(tempfile.gettempdir())


def table_path(source: str) -> Path | None:
    """Where the parsed table of the file named `source` is cached (one entry per file); None
    without a user cache: a shared temp dir is no place for tables anyone could plant."""
    folder = user_cache_dir()
    if folder is None:
        return None
    name = hashlib.sha256(os.path.abspath(source).encode()).hexdigest()[:24]
    return folder / TABLES / f"{name}.marshal"


def parsed(source: str, data: bytes, parse: Callable[[bytes], dict[str, Any]]) -> dict[str, Any]:
    """`parse(data)` (the bytes of the file named `source`), from the cache when it holds the
    table of exactly these bytes. `parse` raising is left to the caller; nothing is cached then.
    """
    path = table_path(source)
    if path is None:
        return parse(data)
    key = hashlib.sha256(_VERSION + b"\0" + data).digest()
    table = _read(path, key)
    if table is None:
        table = parse(data)
        _write(path, key, table)
    return table


def _read(path: Path, key: bytes) -> dict[str, Any] | None:
    try:
        entry = marshal.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError, TypeError) as exc:  # what marshal raises on bad data
        log.info("ignoring the unreadable cache entry %s: %s", path, exc)
        return None
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == key and isinstance(entry[1], dict):
        return entry[1]
    return None  # another file's content (stale) or not an entry at all


def _write(path: Path, key: bytes, table: dict[str, Any]) -> None:
    """Write atomically (a temporary file renamed over the entry), so a concurrent start
    reads the old entry or the new one, never half of one; a read-only cache is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(marshal.dumps((key, table)))
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, ValueError) as exc:  # ValueError: a value marshal cannot write
        log.info("cannot write the cache entry %s: %s", path, exc)
