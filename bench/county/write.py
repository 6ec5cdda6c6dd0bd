"""A generated village as the roster workbook `lianhu roster import` reads: one .xlsx per village.

Written in openpyxl's write-only mode (a county is 300 workbooks); every cell is text, as the
template's are, so phone numbers keep their digits.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from bench.county.generate import County, Village
from storage.roster.schema import GROUPS, HOUSEHOLDS, OPTIONAL_COLUMNS, ORG, PARTY, REQUIRED_COLUMNS

COLUMNS = {sheet: REQUIRED_COLUMNS[sheet] + OPTIONAL_COLUMNS[sheet] for sheet in (ORG, PARTY, HOUSEHOLDS, GROUPS)}


def sheets(village: Village) -> dict[str, Sequence[tuple[str, ...]]]:
    """The four sheets' rows, headed by `COLUMNS`."""
    party = [(p.name, p.role, p.hub, "", p.phone, str(p.birth_year)) for p in village.party + village.cadres]
    households = [(h.head, h.member, h.representative, "", h.address, h.focus, h.phone) for h in village.households]
    return {
        ORG: [(village.name, village.township)],
        PARTY: party,
        HOUSEHOLDS: households,
        GROUPS: village.groups(),
    }


def write_village(village: Village, path: Path) -> Path:
    workbook = Workbook(write_only=True)
    for name, rows in sheets(village).items():
        sheet = workbook.create_sheet(name)
        sheet.append(COLUMNS[name])
        for row in rows:
            sheet.append([value or None for value in row])
    workbook.save(path)
    return path


def write_county(county: County, folder: Path, *, reuse: bool = False) -> list[Path]:
    """One workbook per village in `folder`, in village order; with `reuse`, a workbook already there is kept.

    (The county is seeded, so a kept workbook is the one this run would write.)
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{v.index:03d}-{v.name}.xlsx" for v in county.villages]
    return [
        path if reuse and path.exists() else write_village(village, path)
        for village, path in zip(county.villages, paths, strict=True)
    ]
