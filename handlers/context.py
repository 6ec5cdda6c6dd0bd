"""What a handler knows about the message in front of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session

from base.clock import Clock
from handlers.templates import Templates
from storage import outbox
from storage.enums import Role
from storage.media import MediaStore
from storage.models import Group, InboxMessage, Organisation, Person

if TYPE_CHECKING:
    from nlp import Classification


@dataclass(frozen=True)
class Deps:
    """The long-lived services handlers use, built once by the application builder."""

    clock: Clock
    templates: Templates
    classify: Callable[[str, str | None], Classification]
    fold_window_minutes: int = 30
    # what anyone in the group adds to an open emergency within this window is a 补充 to it
    emergency_window_minutes: int = 60
    duplicate_window_days: int = 3
    export_dir: Path = Path("var/exports")
    # facts about the running bot for `/状态` (transport, uptime, queue, next jobs)
    runtime_status: Callable[[], list[tuple[str, str]]] = lambda: []
    # where login links point (`/控制台`); None while no web console is listening
    console_url: str | None = None
    # where photos, voice and files are kept; voice to text (`nlp.asr`), None when no model is configured
    media: MediaStore | None = None
    transcribe: Callable[[bytes, str], str | None] | None = None


@dataclass
class Context:
    session: Session
    deps: Deps
    message: InboxMessage
    now: datetime
    actor: Person | None
    group: Group | None
    org: Organisation | None
    # what a voice message said, when it was transcribed: handled as if it had been typed
    transcript: str | None = None

    @property
    def role(self) -> Role | None:
        return Role(self.actor.role) if self.actor else None

    @property
    def text(self) -> str:
        return self.transcript if self.transcript is not None else self.message.text

    def say(self, key: str, **fields: object) -> str:
        return self.deps.templates.render(key, **fields)

    def reply(self, text: str, mentions: list[int] | None = None, file: Path | None = None) -> None:
        """Answer where the message came from: its group, or privately; `file` goes after the text."""
        attachment = (str(file), file.name) if file is not None else None
        if self.group is not None:
            outbox.enqueue(
                self.session, self.now, text, group_id=self.group.id, mention_ids=mentions, attachment=attachment
            )
        elif self.message.room_id is not None:
            outbox.enqueue(
                self.session,
                self.now,
                text,
                room_id=self.message.room_id,
                account=self.message.account,
                attachment=attachment,
            )
        elif self.actor is not None:
            outbox.enqueue(self.session, self.now, text, person_id=self.actor.id, attachment=attachment)
        else:
            outbox.enqueue(
                self.session,
                self.now,
                text,
                to_id=self.message.sender_id,
                account=self.message.account,
                attachment=attachment,
            )

    def reply_privately(self, text: str) -> None:
        """Answer the sender in a private chat, wherever the message came from."""
        if self.actor is not None:
            self.tell(self.actor, text)
        else:
            outbox.enqueue(self.session, self.now, text, to_id=self.message.sender_id, account=self.message.account)

    def post(self, group: Group, text: str, mentions: list[int] | None = None) -> None:
        outbox.enqueue(self.session, self.now, text, group_id=group.id, mention_ids=mentions)

    def tell(self, person: Person, text: str) -> None:
        outbox.enqueue(self.session, self.now, text, person_id=person.id)
