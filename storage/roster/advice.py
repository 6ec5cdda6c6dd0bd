"""Things worth telling the secretary that do not stop an import."""

from __future__ import annotations

from storage.enums import Role
from storage.roster.data import RosterData


def roster_warnings(data: RosterData) -> list[str]:
    liaising = {h.member for h in data.households}
    with_group = {g.member for g in data.groups if g.member}
    warnings = [
        f"党员“{p.name}”已满70岁，默认免于联户，但仍联系着联系户" for p in data.party if p.exempt and p.name in liaising
    ]
    warnings += [
        f"党员“{p.name}”没有联系户"
        for p in data.party
        if p.role is Role.MEMBER and not p.exempt and p.name not in liaising
    ]
    warnings += [f"党员“{name}”联系着联系户，但没有二级群" for name in sorted(liaising - with_group)]
    party_wechat = {p.name: p.wechat_name for p in data.party}
    warnings += [
        f"“{r.name}”既是党员又是联系户代表，同一个微信号需要用 /认领 绑定身份"
        for r in data.residents
        if party_wechat.get(r.name) == r.wechat_name
    ]
    return warnings
