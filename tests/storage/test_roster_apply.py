"""Re-importing a roster: people and households are matched by phone, then name, and updated in place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.demo import DEMO_ROSTER
from storage.enums import Role
from storage.models import Group, Household, Person, Record
from storage.roster import RosterError, import_roster
from storage.roster.report import Change, RowChange
from tests.handlers.pipeline_harness import START, Village
from tests.storage.test_roster_validate import Rows, edit, set_cell

TODAY = START.date()


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DEMO_ROSTER, tmp_path / "roster"))


def person(engine: Engine, name: str) -> Person:
    with Session(engine) as session:
        return session.exec(select(Person).where(Person.name == name)).one()


def household(engine: Engine, head: str) -> Household:
    with Session(engine) as session:
        return session.exec(select(Household).where(Household.head_name == head)).one()


def _promote_li_jianguo(rows: Rows) -> None:
    set_cell(rows, 5, "角色", "中心户长")
    set_cell(rows, 5, "中心户", "")


def test_a_promotion_keeps_the_person_their_wechat_and_their_records(engine: Engine, roster: Path) -> None:
    village = Village(engine)
    assert village.say("秀英🌸", "村口路灯坏了好几天了")[0].startswith("已记录 #1")
    village.say("李建国", "/待办")
    before = person(engine, "李建国")
    edit(roster, "党员", _promote_li_jianguo)

    report = import_roster(engine, roster, today=TODAY)

    after = person(engine, "李建国")
    assert (after.id, after.role, after.active, after.hub_id) == (before.id, Role.HUB, True, None)
    assert after.wechat_id == "sim-contact:李建国"
    with Session(engine) as session:
        assert session.exec(select(Record)).one().responsible_id == before.id
        assert len(session.exec(select(Person).where(Person.name == "李建国")).all()) == 1
    changes = (Change("角色", "党员", "中心户长"), Change("中心户", "刘宏伟", ""))
    assert report.updated == [RowChange("party", "李建国", changes)]
    assert report.counts["party"].created == report.counts["party"].deactivated == 0
    assert "李建国：角色 党员 → 中心户长；中心户 刘宏伟 → （空）" in str(report)
    assert village.say("李建国", "/受理 #1") == ["#1 已受理，承办人：李建国。"]


def test_a_demotion_and_a_promotion_swap_roles_in_place(engine: Engine, roster: Path) -> None:
    import_roster(engine, DEMO_ROSTER, today=TODAY)
    ids = {name: person(engine, name).id for name in ("刘宏伟", "李建国")}

    def swap(rows: Rows) -> None:
        _promote_li_jianguo(rows)
        set_cell(rows, 3, "角色", "党员")
        set_cell(rows, 3, "中心户", "李建国")
        for row in (6, 7):
            set_cell(rows, row, "中心户", "李建国")

    edit(roster, "党员", swap)
    import_roster(engine, roster, today=TODAY)
    hub, member = person(engine, "李建国"), person(engine, "刘宏伟")
    assert {"李建国": hub.id, "刘宏伟": member.id} == ids
    assert (hub.role, member.role, member.hub_id) == (Role.HUB, Role.MEMBER, hub.id)
    assert person(engine, "赵春梅").hub_id == hub.id


def test_a_corrected_name_is_found_by_phone(engine: Engine, roster: Path) -> None:
    import_roster(engine, DEMO_ROSTER, today=TODAY)
    member, home = person(engine, "赵春梅"), household(engine, "王秀英")

    def households_sheet(rows: Rows) -> None:
        set_cell(rows, 2, "户主", "王秀芳")
        set_cell(rows, 2, "代表", "王秀英")
        for row in rows:
            if row[1] == "赵春梅":
                row[1] = "赵春美"

    edit(roster, "党员", lambda rows: set_cell(rows, 6, "姓名", "赵春美"))
    edit(roster, "联系户", households_sheet)
    edit(roster, "群", lambda rows: set_cell(rows, 4, "联系党员", "赵春美"))
    report = import_roster(engine, roster, today=TODAY)

    assert person(engine, "赵春美").id == member.id
    assert household(engine, "王秀芳").id == home.id
    assert RowChange("party", "赵春梅", (Change("姓名", "赵春梅", "赵春美"),)) in report.updated
    assert RowChange("household", "王秀英", (Change("户主", "王秀英", "王秀芳"),)) in report.updated
    assert report.counts["party"].created == report.counts["household"].created == 0


def test_a_new_phone_is_found_by_name(engine: Engine, roster: Path) -> None:
    import_roster(engine, DEMO_ROSTER, today=TODAY)
    member = person(engine, "孙立军")
    edit(roster, "党员", lambda rows: set_cell(rows, 7, "手机", "139-0000-0013"))
    report = import_roster(engine, roster, today=TODAY)
    assert (person(engine, "孙立军").id, person(engine, "孙立军").phone) == (member.id, "13900000013")
    assert report.updated == [RowChange("party", "孙立军", (Change("手机", "13905710013", "13900000013"),))]


def test_a_phone_moved_to_someone_else_is_a_problem(engine: Engine, roster: Path) -> None:
    """Is 钱七 李建国 renamed, and 李建国 someone new? Or was the phone typed on the wrong row?"""
    import_roster(engine, DEMO_ROSTER, today=TODAY)

    def new_member(rows: Rows) -> None:
        rows.append(["钱七", "党员", "刘宏伟", "", "13905710011", "1990", ""])
        set_cell(rows, 5, "手机", "13905719999")

    edit(roster, "党员", new_member)
    with pytest.raises(RosterError) as caught:
        import_roster(engine, roster, today=TODAY)
    [problem] = caught.value.problems
    assert (problem.sheet, problem.row, problem.column, problem.subject) == ("党员", 5, "手机", "李建国")
    assert "现在填在“钱七”名下" in str(problem)
    assert person(engine, "李建国").phone == "13905710011"


def test_swapped_phones_are_a_problem(engine: Engine, roster: Path) -> None:
    import_roster(engine, DEMO_ROSTER, today=TODAY)

    def swap(rows: Rows) -> None:
        set_cell(rows, 5, "手机", "13905710012")
        set_cell(rows, 6, "手机", "13905710011")

    edit(roster, "党员", swap)
    with pytest.raises(RosterError) as caught:
        import_roster(engine, roster, today=TODAY)
    located = [(p.row, p.column, p.subject) for p in caught.value.problems]
    assert located == [(5, "手机", "李建国"), (6, "手机", "赵春梅")]
    assert "无法判断是改了名还是填错了手机号" in str(caught.value)


def test_two_earlier_rows_of_one_name_are_told_apart_by_role(engine: Engine, roster: Path) -> None:
    """An earlier importer made a second 李建国 on promotion; the role picks the row, a third role is a problem."""
    import_roster(engine, DEMO_ROSTER, today=TODAY)
    member = person(engine, "李建国")
    with Session(engine) as session:
        session.add(Person(org_id=member.org_id, name="李建国", role=Role.HUB, wechat_name="李建国", active=False))
        session.commit()
    edit(roster, "党员", lambda rows: set_cell(rows, 5, "手机", ""))
    import_roster(engine, roster, today=TODAY)
    with Session(engine) as session:
        rows = {p.role: p for p in session.exec(select(Person).where(Person.name == "李建国"))}
    assert rows[Role.MEMBER].id == member.id and rows[Role.MEMBER].active and not rows[Role.HUB].active

    def to_secretary(rows: Rows) -> None:
        set_cell(rows, 5, "角色", "书记")
        set_cell(rows, 5, "中心户", "")

    edit(roster, "党员", to_secretary)
    with pytest.raises(RosterError) as caught:
        import_roster(engine, roster, today=TODAY)
    [problem] = caught.value.problems
    assert str(problem) == "党员 第5行 （李建国） 「姓名」: 已有 2 位“李建国”，无法判断是哪一位"


def test_a_group_bound_by_a_secretary_survives_a_reimport(engine: Engine) -> None:
    village = Village(engine)
    assert "绑定" in "".join(village.say("王志强", "/绑定 二级 李建国", room="李建国联户二群"))

    report = import_roster(engine, DEMO_ROSTER, today=TODAY)

    with Session(engine) as session:
        bound = session.exec(select(Group).where(Group.name == "李建国联户二群")).one()
    assert bound.active and bound.room_id == "sim-room:李建国联户二群"
    assert report.kept_groups == ["李建国联户二群"] and report.counts["group"].deactivated == 0
    assert "不在花名册（仍在使用，由 /绑定 绑定）：群 李建国联户二群" in str(report)
    assert village.say("秀英🌸", "村口路灯坏了好几天了", room="李建国联户二群")[0].startswith("已记录 #1")


def test_binding_a_group_the_roster_dropped_keeps_it(engine: Engine, roster: Path) -> None:
    village = Village(engine)
    edit(roster, "群", lambda rows: rows.pop(7))
    assert import_roster(engine, roster, today=TODAY).deactivated == [RowChange("group", "郑丽娟联户群")]
    village.say("王志强", "/绑定 二级 郑丽娟", room="郑丽娟联户群")
    report = import_roster(engine, roster, today=TODAY)
    assert report.kept_groups == ["郑丽娟联户群"] and report.deactivated == []


def test_a_bound_group_the_roster_then_lists_and_drops_is_deactivated(engine: Engine, roster: Path) -> None:
    village = Village(engine)
    village.say("王志强", "/绑定 二级 李建国", room="李建国联户二群")
    edit(roster, "群", lambda rows: rows.append(["李建国联户二群", "二级", "李建国"]))
    import_roster(engine, roster, today=TODAY)
    report = import_roster(engine, DEMO_ROSTER, today=TODAY)
    assert report.kept_groups == [] and report.deactivated == [RowChange("group", "李建国联户二群")]


def test_the_report_lists_added_updated_and_deactivated_rows(engine: Engine, roster: Path) -> None:
    first = import_roster(engine, DEMO_ROSTER, today=TODAY)
    assert len(first.added) == 9 + 40 + 40 + 7 and first.updated == first.deactivated == []

    def households_sheet(rows: Rows) -> None:
        rows[:] = [row for row in rows if row[0] != "蔡根生"]
        rows.append(["新来户", "李建国", "", "", "幸福村9组1号", "", "", ""])
        set_cell(rows, 3, "重点户", "空巢老人")

    edit(roster, "联系户", households_sheet)
    report = import_roster(engine, roster, today=TODAY)
    assert report.added == [RowChange("resident", "新来户"), RowChange("household", "新来户")]
    assert report.updated == [RowChange("household", "张桂兰", (Change("重点户", "", "空巢老人"),))]
    assert report.deactivated == [RowChange("resident", "蔡根生"), RowChange("household", "蔡根生")]
    text = str(report)
    assert "新增：\n  联系户代表：新来户\n  联系户：新来户" in text
    assert "更新：\n  联系户：\n    张桂兰：重点户 （空） → 空巢老人" in text
    assert "停用：\n  联系户代表：蔡根生\n  联系户：蔡根生" in text
