"""Configuration from the environment (LIANHU_*) and an optional `.env` file."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from base.messages import DEFAULT_ACCOUNT
from bot.accounts import Account, parse_accounts, select_accounts


def _instance_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LIANHU_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///var/lianhu.db"
    roster: Path | None = Field(default=None, description="imported at start when given")
    demo: bool = Field(default=False, description="import the demo village when the ledger is empty")
    wechaty_endpoint: str | None = None
    wechaty_token: str | None = None
    # several WeChat accounts (see bot/accounts.py): a JSON list, or a TOML file of [[account]] tables
    accounts: str | None = Field(default=None, description='JSON: [{"name", "endpoint", "token", "orgs"}]')
    accounts_file: Path | None = None
    run_accounts: list[str] | None = Field(default=None, description="the accounts this process runs; default all")
    backlog_max_age_seconds: int = 300
    room_interval_seconds: float = 1.0
    messages_per_minute: int = 20
    message_max_chars: int = Field(
        default=1800,
        ge=100,
        description="longer texts go in numbered parts; WeChat cuts or refuses texts past about 2000 characters",
    )
    fold_window_minutes: int = 30
    emergency_window_minutes: int = 60
    duplicate_window_days: int = 3
    nlp_rules: Path | None = None
    nlp_learnt: Path | None = Field(default=None, description="the learnt models for nlp_rules (python -m nlp mine)")
    templates: Path | None = None
    township_endpoint: str | None = None
    instance_id: str = Field(default_factory=_instance_id)
    lease_seconds: int = 60
    var_dir: Path | None = Field(
        default=None, description="spool, exports and logs; default beside the SQLite file, else ./var"
    )
    log_level: str = "INFO"
    # photos, voice and files residents send: kept under their SHA-256 in media_dir
    media_dir: Path | None = Field(default=None, description="default: media/ in var_dir")
    media_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1, description="larger files are refused, with a reply")
    asr_model: Path | None = Field(
        default=None, description="a sherpa-onnx model folder for voice messages; none: members summarise them"
    )
    # schedules: the monthly rhythm (days of the month, HH:MM in Asia/Shanghai)
    visit_reminder_day: int = Field(default=1, ge=1, le=28)
    visit_second_reminder_day: int = Field(default=20, ge=1, le=28)
    visit_reminder_time: str = "09:00"
    coverage_summary_time: str = Field(default="20:00", description="on the last day of the month")
    monthly_report_time: str = Field(default="08:00", description="on the 1st")
    quarterly_report_time: str = Field(default="08:00", description="on the 1st of January, April, July, October")
    overdue_digest_time: str = "08:30"
    # the township platform hand-off (Open311-style JSON POST to township_endpoint)
    township_api_key: str | None = None
    township_timeout_seconds: float = 10.0
    township_retries: int = 3
    # the secretaries' read-only web console (`/控制台` sends a login link)
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=0, le=65535, description="0 turns the web console off")
    web_public_url: str | None = Field(
        default=None, description="the address login links point to; default http://127.0.0.1:{web_port}"
    )

    @property
    def uses_wechaty(self) -> bool:
        return bool(self.wechaty_endpoint or self.wechaty_token)

    def account_list(self) -> list[Account]:
        """Every configured account, the single endpoint as one; raises ValueError on a bad list."""
        accounts = parse_accounts(self.accounts, self.accounts_file)
        if not accounts:
            accounts = [Account(name=DEFAULT_ACCOUNT, endpoint=self.wechaty_endpoint, token=self.wechaty_token)]
        elif self.uses_wechaty:
            raise ValueError("set LIANHU_ACCOUNTS or LIANHU_WECHATY_ENDPOINT/TOKEN, not both")
        return accounts

    def local_accounts(self) -> list[Account]:
        """The accounts this process connects and sends through."""
        return select_accounts(self.account_list(), self.run_accounts)

    @property
    def console_url(self) -> str:
        return (self.web_public_url or f"http://127.0.0.1:{self.web_port}").rstrip("/")

    @field_validator("web_public_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value
