"""Things worth telling the secretary that do not stop an import."""

from __future__ import annotations

from storage.enums import Role
from storage.roster.data import RosterData
from storage.roster.wording import say


def roster_warnings(data: RosterData) -> list[str]:
    liaising = {h.member for h in data.households}
    with_group = {g.member for g in data.groups if g.member}
    warnings = [
        say("roster.advice.exempt_with_households", name=p.name) for p in data.party if p.exempt and p.name in liaising
    ]
    warnings += [
        say("roster.advice.no_households", name=p.name)
        for p in data.party
        if p.role is Role.MEMBER and not p.exempt and p.name not in liaising
    ]
    warnings += [say("roster.advice.no_group", name=name) for name in sorted(liaising - with_group)]
    party_wechat = {p.name: p.wechat_name for p in data.party}
    warnings += [
        say("roster.advice.party_and_representative", name=r.name)
        for r in data.residents
        if party_wechat.get(r.name) == r.wechat_name
    ]
    return warnings
