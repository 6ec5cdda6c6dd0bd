"""The roster's 乡镇 column names a township organisation above the village; 乡镇干部 belong to it."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.demo import DEMO_ROSTER
from storage.enums import OrgKind, Role
from storage.models import Organisation, Person
from storage.roster import RosterError, import_roster
from tests.township.rosters import DONGFENG


def _orgs(engine: Engine) -> dict[str, Organisation]:
    with Session(engine) as session:
        return {org.name: org for org in session.exec(select(Organisation))}


def test_villages_become_children_of_their_township_and_cadres_belong_to_it(engine: Engine) -> None:
    import_roster(engine, DEMO_ROSTER)
    import_roster(engine, DONGFENG)
    import_roster(engine, DONGFENG)  # a re-import changes nothing

    orgs = _orgs(engine)
    township = orgs["青山镇"]
    assert township.kind == OrgKind.TOWNSHIP and township.parent_id is None
    assert orgs["幸福村党总支"].parent_id == township.id and orgs["东风村党支部"].parent_id == township.id
    assert orgs["幸福村党总支"].kind == OrgKind.VILLAGE
    with Session(engine) as session:
        cadres = session.exec(select(Person).where(Person.role == Role.TOWNSHIP)).all()
    assert [(p.name, p.wechat_name, p.org_id, p.active) for p in cadres] == [("何建平", "何干部", township.id, True)]


def test_a_village_roster_that_no_longer_lists_a_cadre_keeps_them(engine: Engine, tmp_path: Path) -> None:
    """Several villages' rosters may list the same cadre: one roster cannot take them off."""
    import_roster(engine, DONGFENG)
    folder = shutil.copytree(DONGFENG, tmp_path / "dongfeng")
    _drop_rows(folder / "党员.csv", "乡镇干部")
    import_roster(engine, folder)
    with Session(engine) as session:
        cadre = session.exec(select(Person).where(Person.role == Role.TOWNSHIP)).one()
    assert cadre.active


def test_a_cadre_has_no_hub(tmp_path: Path, engine: Engine) -> None:
    folder = shutil.copytree(DONGFENG, tmp_path / "dongfeng")
    path = folder / "党员.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("何建平,乡镇干部,,", "何建平,乡镇干部,卫文静,"), "utf-8")
    with pytest.raises(RosterError) as raised:
        import_roster(engine, folder)
    assert [(p.sheet, p.column, p.message) for p in raised.value.problems] == [("党员", "中心户", "乡镇干部不填中心户")]


def _drop_rows(path: Path, role: str) -> None:
    with path.open(encoding="utf-8") as file:
        rows = [row for row in csv.reader(file) if role not in row]
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
