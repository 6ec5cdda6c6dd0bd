"""The simulated WeChat's rooms or contacts, as a mapping of id to name read from the ledger when asked.

An id is its book's prefix and the name (`sim-room:青桃村党员群`), so nothing is copied: a name is
known when the ledger's roster lists it (an active group's name, an active person's WeChat name)
or when it was added (someone who speaks without being on the roster). A county's roster is
330,000 people and 33,000 groups; holding them as contacts cost the bot 105 MB.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from sqlalchemy import select, true
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
        return self.id_of(name) if name in self._added or self._lists(name) else None

    def __getitem__(self, book_id: str) -> str:
        name = book_id.removeprefix(self.prefix)
        if name == book_id or self.find(name) is None:
            raise KeyError(book_id)
        return name

    def __iter__(self) -> Iterator[str]:
        return (self.id_of(name) for name in sorted(self._added | self._names()))

    def __len__(self) -> int:
        return len(self._added | self._names())

    def _lists(self, name: str) -> bool:
        if self.engine is None:
            return False
        query = select(self._name).where(self._name == name, self._active == true()).limit(1)
        with self.engine.connect() as connection:
            return connection.execute(query).first() is not None

    def _names(self) -> set[str]:
        if self.engine is None:
            return set()
        with self.engine.connect() as connection:
            return set(connection.scalars(select(self._name).where(self._active == true())))
