"""The inbox stores what arrives, as it arrived, before anything acts on it."""

from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from base.clock import TZ
from base.messages import Incoming
from storage import inbox
from storage.models import InboxMessage

AT = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


def test_a_message_with_nul_characters_is_stored_without_them(engine: Engine) -> None:
    incoming = Incoming("m-nul", "c-1", "秀\x00英", "路灯\x00坏了", AT, mentions=("王\x00志强",))
    with Session(engine) as session:
        assert inbox.store(session, incoming, AT) is not None
        session.commit()
    with Session(engine) as session:
        stored = session.get(InboxMessage, "m-nul")
        assert stored is not None
        assert (stored.text, stored.sender_name, stored.mentions) == ("路灯坏了", "秀英", ["王志强"])


def test_a_message_seen_before_is_not_stored_again(engine: Engine) -> None:
    incoming = Incoming("m-1", "c-1", "秀英", "路灯坏了", AT)
    with Session(engine) as session:
        assert inbox.store(session, incoming, AT) is not None
        assert inbox.store(session, incoming, AT) is None
