"""The simulated WeChat's rooms or contacts, as a mapping of id to name read from the ledger when asked.

An id is its book's prefix and the name (`sim-room:青桃村党员群`), so nothing is copied: a name is
known when the ledger's roster lists it (an active group's name, an active person's WeChat name)
or when it was added (someone who speaks without being on the roster). A county's roster is
330,000 people and 33,000 groups; holding them as contacts cost the bot 105 MB.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.engine import Engine
from sqlalchemy.orm import InstrumentedAttribute


class AddressBook(Mapping[str, str]):
    def __init__(self, prefix: str, name: InstrumentedAttribute[str], active: InstrumentedAttribute[bool]) -> None:
        self.prefix = prefix
        self._name = name
        self._active = active
        self._added: set[str] = set()
        self.engine: Engine | None = None
        """The ledger whose roster the book reads; none until the transport is given it."""

    def id_of(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def add(self, name: str) -> str:
        self._added.add(name)
        return self.id_of(name)

    def find(self, name: str) -> str | None:
        """The id of `name` if the book knows it."""
        return self.id_of(name) if name in self._added or self._roster(self._name == name, limit=1) else None

    def name_of(self, book_id: str) -> str | None:
        """The name an id of this book stands for, without asking whether it is known (a sent message's)."""
        name = book_id.removeprefix(self.prefix)
        return None if name == book_id else name

    def __getitem__(self, book_id: str) -> str:
        name = self.name_of(book_id)
        if name is None or self.find(name) is None:
            raise KeyError(book_id)
        return name

    def __iter__(self) -> Iterator[str]:
        return (self.id_of(name) for name in sorted(self._added | self._roster()))

    def __len__(self) -> int:
        return len(self._added | self._roster())

    def _roster(self, *where: ColumnElement[bool], limit: int | None = None) -> set[str]:
        """The names of the ledger's active rows matching `where`; none without a ledger."""
        if self.engine is None:
            return set()
        query = select(self._name).where(self._active == true(), *where).limit(limit)
        with self.engine.connect() as connection:
            return set(connection.scalars(query))
