"""Make python-wechaty 0.10.7 importable and quiet on Python 3.11. Call `apply()` first.

`wechaty==0.10.7` is the newest release on PyPI and was written for Python 3.7-3.10:

- `wechaty.WechatyOptions` is a dataclass whose field default is an instance of the
  dataclass `wechaty_puppet.schemas.puppet.PuppetOptions`. Since Python 3.11 a dataclass
  default whose class has `__hash__ = None` (any `eq=True` dataclass) counts as mutable and
  raises `ValueError` at import time. We give `PuppetOptions` an identity `__hash__`: nothing
  ever puts one in a set or dict key, so the hash/eq mismatch is harmless, and it lets the
  module import unchanged. (We always pass our own `PuppetOptions`, never that shared default.)
- At import time `wechaty` evaluates `config.cache_dir`, which creates `$CACHE_DIR` or
  `./.wechaty` in the current directory (and later writes job stores and plugin files there).
  We point `CACHE_DIR` at a per-user temporary folder unless the operator set it.
- It also needs `pyee<9` and `urllib3<2` (pinned in pyproject) and imports `telnetlib`,
  which Python 3.13 removed (hence `requires-python < 3.13`).
- Its loggers (`wechaty_puppet.get_logger`) log every message and contact at INFO through
  their own stderr handlers with `propagate=False`. We hand them back to the application's
  logging configuration at WARNING (or at `$WECHATY_LOG` when the operator set it).

Every module that imports wechaty does so through `load()` below, so the order cannot go wrong.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import warnings
from types import ModuleType

# The format `wechaty_puppet.logger.get_logger` gives its private handlers; it identifies them.
_WECHATY_LOG_FORMAT = "%(asctime)s - %(name)s - %(levelname)s - %(message)s"

_applied = False


def default_cache_dir() -> str:
    """A per-user folder under the system temp dir for python-wechaty's files."""
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return os.path.join(tempfile.gettempdir(), f"lianhu-wechaty-{uid}")


def apply() -> None:
    """Patch what wechaty 0.10.7 needs before its first import; idempotent."""
    global _applied
    if _applied:
        return
    if "wechaty" in sys.modules:
        # Someone imported it already (and so got past the hash problem): nothing left to do.
        _applied = True
        return
    os.environ.setdefault("CACHE_DIR", default_cache_dir())

    from wechaty_puppet.schemas.puppet import PuppetOptions

    if getattr(PuppetOptions, "__hash__", None) is None:
        PuppetOptions.__hash__ = object.__hash__
    with warnings.catch_warnings():
        # "'telnetlib' is deprecated": known, and the reason for requires-python < 3.13.
        warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*telnetlib")
        import wechaty  # noqa: F401  (the import the patch above exists for)
        import wechaty_puppet_service  # noqa: F401  (Wechaty imports it lazily; we want its logger now)

    _adopt_loggers()
    _applied = True


def _adopt_loggers() -> None:
    """Route python-wechaty's loggers through the root logger instead of their own handlers."""
    keep_level = "WECHATY_LOG" in os.environ
    for logger in list(logging.Logger.manager.loggerDict.values()):
        if not isinstance(logger, logging.Logger) or logger.propagate:
            continue
        handlers = logger.handlers
        if handlers and all(getattr(h.formatter, "_fmt", None) == _WECHATY_LOG_FORMAT for h in handlers):
            logger.handlers = []
            logger.propagate = True
            if not keep_level:
                logger.setLevel(logging.WARNING)


def load() -> ModuleType:
    """Apply the shim and return the `wechaty` package."""
    apply()
    return sys.modules["wechaty"]
