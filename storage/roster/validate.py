"""Raw sheets → `RosterData`, or a `RosterError` listing every problem found."""

from __future__ import annotations

from datetime import date

from storage.roster.check_groups import check_groups
from storage.roster.check_households import check_households
from storage.roster.check_identity import check_wechat_names
from storage.roster.check_party import check_party
from storage.roster.checks import Problems, required
from storage.roster.data import OrgEntry, RosterData
from storage.roster.problems import RosterError
from storage.roster.read import RawSheet
from storage.roster.schema import GROUPS, HOUSEHOLDS, ORG, PARTY, REQUIRED_COLUMNS, SHEETS
from storage.roster.wording import say


def validate_roster(sheets: dict[str, RawSheet], *, today: date) -> RosterData:
    problems = _structure_problems(sheets)
    if problems:
        raise RosterError(problems)
    org = _org(sheets[ORG], problems)
    party = check_party(sheets[PARTY], problems, today)
    party_names = {entry.name for entry in party}
    households, residents = check_households(sheets[HOUSEHOLDS], problems, party_names)
    groups = check_groups(sheets[GROUPS], problems, party_names)
    check_wechat_names(sheets, problems)
    if problems or org is None:
        raise RosterError(problems)
    return RosterData(org, party, residents, households, groups)


def _structure_problems(sheets: dict[str, RawSheet]) -> Problems:
    """Missing sheets and columns: when these are wrong, row-by-row checks would only add noise."""
    problems = Problems()
    for name in SHEETS:
        sheet = sheets.get(name)
        if sheet is None:
            problems.add(name, None, None, say("roster.validate.missing_sheet", name=name))
            continue
        for column in REQUIRED_COLUMNS[name]:
            if column not in sheet.columns:
                problems.add(name, sheet.header_row, column, say("roster.validate.missing_column", column=column))
        for column in sheet.duplicate_columns:
            problems.add(name, sheet.header_row, column, say("roster.validate.duplicate_column", column=column))
    return problems


def _org(sheet: RawSheet, problems: Problems) -> OrgEntry | None:
    if not sheet.rows:
        problems.add(ORG, None, "名称", say("roster.validate.no_organisation"))
        return None
    for extra in sheet.rows[1:]:
        problems.add(ORG, extra, "名称", say("roster.validate.several_organisations"))
    first = sheet.rows[0]
    name = required(problems, ORG, first, "名称")
    township = required(problems, ORG, first, "乡镇")
    return OrgEntry(name, township) if name and township else None
