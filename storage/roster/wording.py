"""The roster import's wording, `wording.toml` beside this module, read once by `base.templates`."""

from __future__ import annotations

from pathlib import Path

from base.templates import Templates

WORDING_FILE = Path(__file__).with_name("wording.toml")
WORDING = Templates.read(WORDING_FILE)
say = WORDING.render
