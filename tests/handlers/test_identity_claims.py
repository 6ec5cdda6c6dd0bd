"""Claiming a roster identity already bound to another WeChat contact needs an explicit 改绑."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from storage.models import IdentityClaim, OutboxMessage, Person
from tests.handlers.pipeline_harness import SPEAKERS, Village

RESIDENT_CONTACT = f"sim-contact:{SPEAKERS['resident']}"
STRANGER_CONTACT = f"sim-contact:{SPEAKERS['unknown']}"


def binding(engine: Engine) -> tuple[str | None, IdentityClaim]:
    with Session(engine) as session:
        person = session.exec(select(Person).where(Person.name == "王秀英")).one()
        claim = session.exec(select(IdentityClaim).order_by(col(IdentityClaim.id).desc())).first()
        assert claim is not None
        return person.wechat_id, claim


def private_to(engine: Engine, contact: str) -> list[str]:
    with Session(engine) as session:
        return [m.text for m in session.exec(select(OutboxMessage).where(OutboxMessage.to_id == contact))]


def test_a_claim_on_a_bound_person_warns_and_moves_only_on_rebind(engine: Engine) -> None:
    village = Village(engine)
    assert village.say(SPEAKERS["resident"], "/帮助")  # binds her contact by 微信昵称
    asked = village.say(SPEAKERS["unknown"], "/认领 王秀英", room=None)
    assert any("已绑定微信联系人“秀英🌸”" in text and "/确认 王秀英 改绑" in text for text in asked), asked
    assert binding(engine)[1].contested_wechat_id == RESIDENT_CONTACT

    [warning] = village.say(SPEAKERS["secretary"], "/确认 王秀英", room=None)
    assert "王秀英 已绑定微信联系人“秀英🌸”" in warning and "/确认 王秀英 改绑" in warning
    bound, claim = binding(engine)
    assert bound == RESIDENT_CONTACT and claim.approved is None
    assert private_to(engine, RESIDENT_CONTACT) == []

    done = village.say(SPEAKERS["secretary"], "/确认 王秀英 改绑", room=None)
    assert "已改绑：王秀英 的微信由“秀英🌸”改为“路人甲”，已私信告知原微信。" in done
    assert any(text.startswith("您好 王秀英，您的身份已确认") for text in done)
    bound, claim = binding(engine)
    assert bound == STRANGER_CONTACT
    assert claim.approved is True and claim.contested_wechat_id == RESIDENT_CONTACT and claim.decided_by is not None
    [told] = private_to(engine, RESIDENT_CONTACT)
    assert "不再绑定花名册身份“王秀英”" in told and "王志强" in told


def test_a_claim_on_an_unbound_person_is_confirmed_at_once(engine: Engine) -> None:
    village = Village(engine)
    asked = village.say(SPEAKERS["unknown"], "/认领 王秀英", room=None)
    assert not any("已绑定" in text for text in asked)
    assert "已确认：王秀英 的微信为“路人甲”。" in village.say(SPEAKERS["secretary"], "/确认 王秀英", room=None)
    bound, claim = binding(engine)
    assert bound == STRANGER_CONTACT and claim.approved is True and claim.contested_wechat_id is None
