"""Reading roster files: encodings, Excel's cell types, and files that are not rosters at all."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from bot.demo import DEMO_ROSTER
from storage.enums import Role
from storage.roster import RosterError, load_roster
from storage.roster.read import read_roster
from storage.roster.workbook import csv_folder_to_xlsx

TODAY = date(2026, 3, 1)


def _gbk_copy(tmp_path: Path, encoding: str) -> Path:
    folder = tmp_path / "roster"
    folder.mkdir()
    for file in DEMO_ROSTER.glob("*.csv"):
        text = file.read_text(encoding="utf-8").replace("🌸", "")
        (folder / file.name).write_bytes(text.encode(encoding))
    return folder


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-16"])
def test_csv_folder_in_excel_encodings(tmp_path: Path, encoding: str) -> None:
    data = load_roster(_gbk_copy(tmp_path, encoding), today=TODAY)
    assert data.org.name == "幸福村党总支"
    assert len(data.households) == 40
    assert "秀英" in {r.wechat_name for r in data.residents}


def test_utf8_bom_does_not_leak_into_the_first_header(tmp_path: Path) -> None:
    folder = _gbk_copy(tmp_path, "utf-8-sig")
    sheets = read_roster(folder)
    assert sheets["组织"].columns == ("名称", "乡镇")


def test_workbook_with_excel_cell_types(tmp_path: Path) -> None:
    """Numbers typed into Excel come back as floats and ints; names padded with 　; a title row on top."""
    workbook = Workbook()
    workbook.active.title = "组织"
    workbook.active.append(["名称", "乡镇"])
    workbook.active.append(["　幸福村党总支 ", "青山镇"])
    party = workbook.create_sheet("党员 ")
    party.append(["幸福村党员花名册"])
    party.append([" 姓名", "角色 ", "中心户", "手机", "出生年份", "备注"])
    party.append(["王　强", "书记", None, 13800138000.0, 1950, "老书记"])
    party.append(["刘宏伟", "中心户长", None, 13800138001, 1965.0, None])
    party.append(["李建国", "党员", None, None, None, None])
    party.append(["赵春梅", "党员", None, None, None, None])
    party.merge_cells("C5:C6")
    party["C5"] = "刘宏伟"
    households = workbook.create_sheet("联系户")
    households.append(["户主", "联系党员", "重点户"])
    households.append(["张桂兰", "李建国", "困难家庭，空巢老人"])
    groups = workbook.create_sheet("群")
    groups.append(["群名", "层级", "联系党员"])
    groups.append(["幸福村党员群", "一级", None])
    groups.append(["李建国联户群", "二级", "李建国"])
    workbook.create_sheet("说明").append(["这一页会被忽略"])
    path = tmp_path / "花名册.xlsx"
    workbook.save(path)

    data = load_roster(path, today=TODAY)
    assert data.org.name == "幸福村党总支"
    secretary, hub, *members = data.party
    assert (secretary.name, secretary.phone, secretary.birth_year) == ("王强", "13800138000", 1950)
    assert secretary.exempt and not hub.exempt
    assert secretary.extra == {"备注": "老书记"}
    assert hub.phone == "13800138001" and hub.birth_year == 1965
    assert [(m.role, m.hub) for m in members] == [(Role.MEMBER, "刘宏伟")] * 2
    assert data.households[0].focus_tags == ("困难家庭", "空巢老人")


def test_demo_as_workbook_reads_like_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "demo.xlsx"
    csv_folder_to_xlsx(DEMO_ROSTER, path)
    assert load_roster(path, today=TODAY) == load_roster(DEMO_ROSTER, today=TODAY)


def _corrupt_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    return path


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("随便写的", encoding="utf-8")
    return path


def _empty_folder(tmp_path: Path) -> Path:
    (tmp_path / "empty").mkdir()
    return tmp_path / "empty"


def _unrelated_csvs(tmp_path: Path) -> Path:
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "工资.csv").write_text("姓名,工资\n张三,100\n", encoding="utf-8")
    return folder


def _workbook_without_roster_sheets(tmp_path: Path) -> Path:
    path = tmp_path / "book.xlsx"
    workbook = Workbook()
    workbook.active.append(["姓名", "工资"])
    workbook.save(path)
    return path


def _single_csv(tmp_path: Path) -> Path:
    path = tmp_path / "党员.csv"
    shutil.copy(DEMO_ROSTER / "党员.csv", path)
    return path


def _old_xls(tmp_path: Path) -> Path:
    path = tmp_path / "花名册.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda tmp: tmp / "nowhere.xlsx", "找不到花名册"),
        (_corrupt_xlsx, "无法打开 Excel 文件"),
        (_text_file, "无法识别的花名册"),
        (_empty_folder, "没有花名册文件"),
        (_unrelated_csvs, "不是花名册"),
        (_workbook_without_roster_sheets, "不是花名册"),
        (_single_csv, "文件夹"),
        (_old_xls, "另存为 .xlsx"),
    ],
)
def test_not_a_roster_is_a_clear_chinese_error(tmp_path: Path, make: Callable[[Path], Path], words: str) -> None:
    with pytest.raises(RosterError) as caught:
        load_roster(make(tmp_path), today=TODAY)
    assert words in str(caught.value)
    assert "未导入任何数据" in str(caught.value)


def test_problem_rows_are_the_rows_excel_shows(tmp_path: Path) -> None:
    """A sheet whose table starts lower down, in column B: row numbers still match Excel's."""
    path = tmp_path / "花名册.xlsx"
    csv_folder_to_xlsx(DEMO_ROSTER, path)
    workbook = load_workbook(path)
    party = workbook["党员"]
    party.insert_rows(1, amount=2)
    party.insert_cols(1)
    party["G7"] = "不详"
    workbook.save(path)
    with pytest.raises(RosterError) as caught:
        load_roster(path, today=TODAY)
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [("党员", 7, "出生年份")]
