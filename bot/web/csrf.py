"""The per-session form token that every POST from a signed-in page carries.

It is derived from the session id (itself only in the httponly cookie), so it needs no
storage, changes with every sign-in, and another site can neither read nor guess it.
"""

from __future__ import annotations

import hashlib
import hmac

FIELD = "csrf"
_LABEL = b"lianhu-console-csrf"


def token_for(session_id: str) -> str:
    return hmac.new(session_id.encode("utf-8"), _LABEL, hashlib.sha256).hexdigest()


def matches(session_id: str | None, sent: str) -> bool:
    return bool(session_id) and hmac.compare_digest(token_for(session_id or ""), sent)
