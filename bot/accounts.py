"""The WeChat accounts one deployment speaks through, and which organisations each serves.

Configured as `LIANHU_ACCOUNTS` (a JSON list) or `LIANHU_ACCOUNTS_FILE` (a TOML file with
`[[account]]` tables); the single `LIANHU_WECHATY_ENDPOINT` / `LIANHU_WECHATY_TOKEN` is one
account serving everything. An account with no `orgs` serves every organisation no other
account names; naming a township serves all its villages.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from pydantic import BaseModel, Field, TypeAdapter


class Account(BaseModel):
    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    endpoint: str | None = None
    token: str | None = None
    orgs: list[str] = Field(default_factory=list, description="villages or townships; empty: all the others")


_ACCOUNT_LIST = TypeAdapter(list[Account])


def parse_accounts(json_text: str | None, toml_file: Path | None) -> list[Account]:
    """The accounts from JSON or a TOML file (not both); raises ValueError on a bad list."""
    if json_text and toml_file:
        raise ValueError("set LIANHU_ACCOUNTS or LIANHU_ACCOUNTS_FILE, not both")
    if toml_file is not None:
        raw = tomllib.loads(toml_file.read_text(encoding="utf-8")).get("account", [])
    elif json_text:
        raw = json.loads(json_text)
    else:
        return []
    accounts = _ACCOUNT_LIST.validate_python(raw)
    names = [account.name for account in accounts]
    if len(set(names)) != len(names):
        raise ValueError(f"account names must be unique: {names}")
    claimed = [org for account in accounts for org in account.orgs]
    if len(set(claimed)) != len(claimed):
        raise ValueError(f"an organisation is served by one account only: {claimed}")
    return accounts


def select_accounts(accounts: list[Account], wanted: list[str] | None) -> list[Account]:
    """The subset this process runs (`--accounts a,b`); all of them when none are named."""
    if not wanted:
        return accounts
    known = {account.name for account in accounts}
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise ValueError(f"unknown accounts {unknown}; configured: {sorted(known)}")
    return [account for account in accounts if account.name in wanted]
