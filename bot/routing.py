"""Which WeChat account sends an outbox row: the one serving the addressee's organisation."""

from __future__ import annotations

from sqlmodel import Session

from bot.accounts import Account
from storage import outbox
from storage.models import Group, Organisation, OutboxMessage, Person, Township


class AccountRouter:
    """Routes by organisation name, then its township's name, then the account naming no
    organisations; the first configured account takes what nothing else claims."""

    def __init__(self, accounts: list[Account]) -> None:
        if not accounts:
            raise ValueError("at least one account is needed")
        self._by_org = {org: account.name for account in accounts for org in account.orgs}
        catch_all = [account.name for account in accounts if not account.orgs]
        self._fallback = catch_all[0] if catch_all else accounts[0].name

    def for_org(self, session: Session, org_id: int | None) -> str:
        org = session.get(Organisation, org_id) if org_id is not None else None
        if org is None:
            return self._fallback
        if org.name in self._by_org:
            return self._by_org[org.name]
        township = session.get(Township, org.township_id)
        if township is not None and township.name in self._by_org:
            return self._by_org[township.name]
        return self._fallback

    def for_row(self, session: Session, row: OutboxMessage) -> str:
        if row.group_id is not None:
            group = session.get(Group, row.group_id)
            return self.for_org(session, group.org_id if group else None)
        if row.person_id is not None:
            person = session.get(Person, row.person_id)
            return self.for_org(session, person.org_id if person else None)
        return self._fallback

    def route_pending(self, session: Session) -> int:
        """Choose the account of every pending row that has none; returns how many were routed."""
        rows = outbox.unrouted(session)
        for row in rows:
            row.account = self.for_row(session, row)
        return len(rows)
