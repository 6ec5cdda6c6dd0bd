"""Importing rosters into a real database (SQLite and PostgreSQL): counts, formats, re-imports."""

from __future__ import annotations

import csv
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from base.clock import TZ
from bot.demo import DEMO_ROSTER
from storage.enums import Kind, OrgKind, Role, Status
from storage.models import Group, Household, Organisation, Person, Record, Township
from storage.roster import RosterError, import_roster
from tests.storage.test_roster_validate import Rows, edit, set_cell

TODAY = date(2026, 3, 1)


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DEMO_ROSTER, tmp_path / "roster"))


def snapshot(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    with Session(engine) as session:
        return {
            model.__name__: sorted((row.model_dump() for row in session.exec(select(model))), key=lambda r: r["id"])
            for model in (Township, Organisation, Person, Household, Group, Record)
        }


def people(engine: Engine) -> dict[tuple[str, str], Person]:
    with Session(engine) as session:
        return {(p.name, p.role): p for p in session.exec(select(Person))}


def households(engine: Engine) -> dict[str, Household]:
    with Session(engine) as session:
        return {h.head_name: h for h in session.exec(select(Household))}


def groups(engine: Engine) -> dict[str, Group]:
    with Session(engine) as session:
        return {g.name: g for g in session.exec(select(Group))}


def assert_demo_imported(engine: Engine) -> None:
    persons = people(engine)
    roles = [role for _, role in persons]
    assert [roles.count(r) for r in (Role.SECRETARY, Role.HUB, Role.MEMBER, Role.RESIDENT)] == [1, 2, 6, 40]
    assert all(p.active and not p.exempt and p.wechat_id is None for p in persons.values())
    member = persons[("李建国", Role.MEMBER)]
    assert member.hub_id == persons[("刘宏伟", Role.HUB)].id
    assert member.phone == "13905710011" and member.birth_year == 1962
    assert member.extra == {"roster": {"网格": "第一网格"}}
    assert persons[("陈桂芳", Role.HUB)].wechat_name == "桂芳姐"
    assert persons[("周小燕", Role.RESIDENT)].wechat_name == "小燕子"
    homes = households(engine)
    assert len(homes) == 40
    home = homes["周福生"]
    assert home.member_id == persons[("赵春梅", Role.MEMBER)].id
    assert home.representative_id == persons[("周小燕", Role.RESIDENT)].id
    assert home.focus_tags == ["危重病人", "困难家庭"] and home.address == "幸福村3组9号"
    assert home.extra == {"roster": {"备注": "尿毒症透析"}}
    all_groups = groups(engine)
    assert sorted(g.tier for g in all_groups.values()) == [1, 2, 2, 2, 2, 2, 2]
    assert all_groups["李建国联户群"].member_id == member.id
    assert all_groups["幸福村党员群"].member_id is None
    with Session(engine) as session:
        org = session.exec(select(Organisation).where(Organisation.kind == OrgKind.VILLAGE)).one()
        assert org.name == "幸福村党总支"
        assert session.get(Township, org.township_id).name == "青山镇"  # type: ignore[union-attr]


def test_the_demo_roster_imports(engine: Engine) -> None:
    report = import_roster(engine, DEMO_ROSTER, today=TODAY)
    assert_demo_imported(engine)
    counts = {kind: counts.created for kind, counts in report.counts.items()}
    assert counts == {"organisation": 1, "party": 9, "resident": 40, "household": 40, "group": 7}
    assert "花名册导入完成：幸福村党总支" in str(report)


def test_the_demo_roster_as_an_excel_workbook(engine: Engine, tmp_path: Path) -> None:
    """Written the way Excel stores typed numbers: phones as floats, years as ints."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for file in sorted(DEMO_ROSTER.glob("*.csv")):
        sheet = workbook.create_sheet(file.stem)
        with file.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                sheet.append([_as_excel_number(value) for value in row])
    path = tmp_path / "幸福村花名册.xlsx"
    workbook.save(path)
    import_roster(engine, path, today=TODAY)
    assert_demo_imported(engine)


def _as_excel_number(value: str) -> Any:
    if value.isdigit():
        return float(value) if len(value) == 11 else int(value)
    return value or None


def test_a_gbk_csv_folder(engine: Engine, roster: Path) -> None:
    for file in roster.glob("*.csv"):
        file.write_bytes(file.read_text(encoding="utf-8").replace("🌸", "").encode("gbk"))
    import_roster(engine, roster, today=TODAY)
    assert people(engine)[("王秀英", Role.RESIDENT)].wechat_name == "秀英"
    assert len(households(engine)) == 40


def _unknown_hub(folder: Path) -> Path:
    edit(folder, "党员", lambda r: set_cell(r, 5, "中心户", "张三"))
    return folder


def _household_of_stranger(folder: Path) -> Path:
    edit(folder, "联系户", lambda r: set_cell(r, 2, "联系党员", "王五"))
    return folder


def _missing_sheet(folder: Path) -> Path:
    (folder / "群.csv").unlink()
    return folder


def _corrupt_workbook(folder: Path) -> Path:
    path = folder / "花名册.xlsx"
    path.write_bytes(b"not a workbook")
    return path


@pytest.mark.parametrize(
    ("breaks", "words"),
    [
        (_unknown_hub, "党员 第5行 （李建国） 「中心户」"),
        (_household_of_stranger, "联系户 第2行 （王秀英） 「联系党员」"),
        (_missing_sheet, "缺少工作表「群」"),
        (_corrupt_workbook, "无法打开 Excel 文件"),
        (lambda folder: folder / "不存在", "找不到花名册"),
    ],
    ids=["unknown-hub", "household-of-stranger", "missing-sheet", "corrupt-xlsx", "no-such-path"],
)
def test_a_failed_import_changes_nothing(engine: Engine, roster: Path, breaks: Any, words: str) -> None:
    import_roster(engine, DEMO_ROSTER, today=TODAY)
    before = snapshot(engine)
    edit(roster, "联系户", lambda r: r.append(["新来户", "李建国", "", "", "", "", "", ""]))
    edit(roster, "党员", lambda r: set_cell(r, 6, "手机", "13900000000"))
    with pytest.raises(RosterError) as caught:
        import_roster(engine, breaks(roster), today=TODAY)
    assert words in str(caught.value)
    assert snapshot(engine) == before


def test_a_failed_first_import_leaves_the_database_empty(engine: Engine, roster: Path) -> None:
    with pytest.raises(RosterError):
        import_roster(engine, _unknown_hub(roster), today=TODAY)
    assert all(rows == [] for rows in snapshot(engine).values())


def test_a_dry_run_reports_but_changes_nothing(engine: Engine, roster: Path) -> None:
    report = import_roster(engine, DEMO_ROSTER, dry_run=True, today=TODAY)
    assert report.dry_run and report.counts["household"].created == 40
    assert "试运行" in str(report)
    assert all(rows == [] for rows in snapshot(engine).values())
    import_roster(engine, DEMO_ROSTER, today=TODAY)
    before = snapshot(engine)
    edit(roster, "党员", lambda r: set_cell(r, 5, "手机", "13900000000"))
    report = import_roster(engine, roster, dry_run=True, today=TODAY)
    assert report.counts["party"].updated == 1
    assert snapshot(engine) == before


def test_importing_the_same_roster_again_changes_nothing(engine: Engine) -> None:
    import_roster(engine, DEMO_ROSTER, today=TODAY)
    before = snapshot(engine)
    report = import_roster(engine, DEMO_ROSTER, today=TODAY)
    assert snapshot(engine) == before
    assert all(c.created == c.updated == c.deactivated == 0 for c in report.counts.values())
    assert report.counts["resident"].unchanged == 40


def _move_and_remove(folder: Path) -> None:
    """王秀英 moves to 赵春梅; 郑丽娟 leaves: her households go to 周海燕, except 蔡根生 who moved away."""

    def households_sheet(rows: Rows) -> None:
        set_cell(rows, 2, "联系党员", "赵春梅")
        rows[:] = [row for row in rows if row[0] != "蔡根生"]
        for row in rows:
            if row[1] == "郑丽娟":
                row[1] = "周海燕"

    edit(folder, "联系户", households_sheet)
    edit(folder, "党员", lambda rows: rows.pop(9))
    edit(folder, "群", lambda rows: rows.pop(7))


def test_an_edited_roster_updates_in_place(engine: Engine, roster: Path) -> None:
    import_roster(engine, DEMO_ROSTER, today=TODAY)
    before_people, before_homes, before_groups = people(engine), households(engine), groups(engine)
    leaving = before_people[("郑丽娟", Role.MEMBER)]
    moved_away = before_homes["蔡根生"]
    with Session(engine) as session:
        bound = session.get(Person, leaving.id)
        bound.wechat_id = "wxid_zhenglijuan"  # type: ignore[union-attr]
        room = session.get(Group, before_groups["郑丽娟联户群"].id)
        room.room_id = "room@chatroom"  # type: ignore[union-attr]
        now = datetime(2026, 2, 10, 9, 30, tzinfo=TZ)
        session.add(
            Record(
                org_id=moved_away.org_id,
                kind=Kind.GRIEVANCE,
                status=Status.NEW,
                text="路灯坏了",
                household_id=moved_away.id,
                reporter_id=moved_away.representative_id,
                responsible_id=leaving.id,
                created_at=now,
                updated_at=now,
                level_since=now,
            )
        )
        session.commit()

    _move_and_remove(roster)
    report = import_roster(engine, roster, today=TODAY)

    after_people, after_homes, after_groups = people(engine), households(engine), groups(engine)
    assert {k: p.id for k, p in after_people.items()} == {k: p.id for k, p in before_people.items()}
    assert {k: h.id for k, h in after_homes.items()} == {k: h.id for k, h in before_homes.items()}
    assert after_homes["王秀英"].member_id == after_people[("赵春梅", Role.MEMBER)].id
    assert after_homes["余彩霞"].member_id == after_people[("周海燕", Role.MEMBER)].id
    gone = after_people[("郑丽娟", Role.MEMBER)]
    assert not gone.active and gone.wechat_id == "wxid_zhenglijuan"
    assert not after_groups["郑丽娟联户群"].active and after_groups["郑丽娟联户群"].room_id == "room@chatroom"
    assert not after_homes["蔡根生"].active and not after_people[("蔡根生", Role.RESIDENT)].active
    with Session(engine) as session:
        record = session.exec(select(Record)).one()
        assert (record.household_id, record.responsible_id) == (moved_away.id, leaving.id)
    counts = report.counts
    assert (counts["party"].deactivated, counts["household"].deactivated, counts["group"].deactivated) == (1, 1, 1)
    assert counts["resident"].deactivated == 1
    assert counts["household"].updated == 6

    report = import_roster(engine, DEMO_ROSTER, today=TODAY)
    back = people(engine)[("郑丽娟", Role.MEMBER)]
    assert back.active and back.id == leaving.id and back.wechat_id == "wxid_zhenglijuan"
    assert households(engine)["蔡根生"].active and groups(engine)["郑丽娟联户群"].active
    assert report.counts["party"].updated == 1 and report.counts["party"].created == 0


def test_extra_keys_written_by_the_bot_survive_a_reimport(engine: Engine, roster: Path) -> None:
    import_roster(engine, DEMO_ROSTER, today=TODAY)
    with Session(engine) as session:
        member = session.exec(select(Person).where(Person.name == "李建国")).one()
        member.extra = {**member.extra, "points": 88}
        session.add(member)
        session.commit()
    edit(roster, "党员", lambda r: set_cell(r, 5, "网格", "第三网格"))
    import_roster(engine, roster, today=TODAY)
    assert people(engine)[("李建国", Role.MEMBER)].extra == {"points": 88, "roster": {"网格": "第三网格"}}


def test_a_member_turning_70_becomes_exempt(engine: Engine) -> None:
    import_roster(engine, DEMO_ROSTER, today=TODAY)
    report = import_roster(engine, DEMO_ROSTER, today=date(2032, 1, 2))
    assert people(engine)[("李建国", Role.MEMBER)].exempt
    assert any("李建国" in warning and "70" in warning for warning in report.warnings)
