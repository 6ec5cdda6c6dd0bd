"""Importing the roster (花名册) a secretary keeps in Excel: an .xlsx workbook or a CSV folder.

`import_roster` reads, validates everything, and only then writes, in one transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from base.clock import TZ
from storage.roster.apply import apply_roster
from storage.roster.data import RosterData
from storage.roster.problems import RosterError, RosterProblem
from storage.roster.read import read_roster
from storage.roster.report import Counts, ImportReport
from storage.roster.validate import validate_roster

__all__ = [
    "Counts",
    "ImportReport",
    "RosterData",
    "RosterError",
    "RosterProblem",
    "import_roster",
    "load_roster",
]


def load_roster(path: Path, *, today: date | None = None) -> RosterData:
    """Read and validate the roster at `path`; raises `RosterError` listing every problem."""
    return validate_roster(read_roster(path), today=today or datetime.now(TZ).date())


def import_roster(engine: Engine, path: Path, *, dry_run: bool = False, today: date | None = None) -> ImportReport:
    """Import the roster at `path`; with `dry_run`, report what would change and roll back.

    `today` decides who is 70 or older (exempt from liaison duty); the bot passes its clock's date.
    """
    data = load_roster(path, today=today)
    with Session(engine, expire_on_commit=False) as session:
        report = apply_roster(session, data)
        if dry_run:
            session.rollback()
        else:
            session.commit()
    report.dry_run = dry_run
    return report
