"""Loading the grid of cell values behind each sheet, from a workbook or a CSV folder."""

from __future__ import annotations

import codecs
import csv
import io
import logging
from pathlib import Path
from typing import Any

from storage.roster.problems import fail
from storage.roster.schema import SHEETS
from storage.roster.wording import say
from storage.roster.xlsx import read_xlsx

log = logging.getLogger(__name__)

Table = list[list[Any]]
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CSV_NAMES = "、".join(f"{sheet}.csv" for sheet in SHEETS)


def xlsx_tables(path: Path) -> dict[str, Table]:
    """Every sheet of the workbook by its trimmed name; merged cells repeat their value."""
    try:
        sheets = read_xlsx(path)
    except Exception as error:  # a damaged file fails in the zip, the XML or a missing part
        log.info("cannot open workbook %s: %r", path, error)
        raise fail(say("roster.read.broken_xlsx", name=path.name)) from error
    return {title.strip(): table for title, table in sheets.items()}


def csv_tables(folder: Path) -> dict[str, Table]:
    """The `组织.csv`, `党员.csv`, ... files of `folder`, in UTF-8 (with or without BOM) or GBK."""
    files = {file.stem.strip(): file for file in folder.iterdir() if file.suffix.lower() == ".csv"}
    if not files:
        raise fail(say("roster.read.empty_folder", folder=folder, files=_CSV_NAMES))
    return {name: _read_csv(file) for name, file in files.items() if name in SHEETS}


def _read_csv(file: Path) -> Table:
    text = decode(file.read_bytes(), file.name)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def decode(data: bytes, name: str) -> str:
    """Text from bytes as Excel writes CSV: UTF-8/UTF-16 with a BOM, UTF-8, or GBK (GB18030)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise fail(say("roster.read.encoding", name=name))
