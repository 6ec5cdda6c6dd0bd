"""Configuration from the environment (LIANHU_*) and an optional `.env` file."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _instance_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LIANHU_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///var/lianhu.db"
    roster: Path | None = Field(default=None, description="imported at start when given")
    demo: bool = Field(default=False, description="import the demo village when the ledger is empty")
    wechaty_endpoint: str | None = None
    wechaty_token: str | None = None
    backlog_max_age_seconds: int = 300
    room_interval_seconds: float = 1.0
    messages_per_minute: int = 20
    fold_window_minutes: int = 30
    duplicate_window_days: int = 3
    nlp_rules: Path | None = None
    templates: Path | None = None
    township_endpoint: str | None = None
    instance_id: str = Field(default_factory=_instance_id)
    lease_seconds: int = 60
    log_level: str = "INFO"

    @property
    def uses_wechaty(self) -> bool:
        return bool(self.wechaty_endpoint or self.wechaty_token)
