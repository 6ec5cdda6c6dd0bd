"""The month-start reminder job itself on the county, as the scheduler runs it: one transaction."""

from __future__ import annotations

import time

from sqlalchemy.engine import Engine
from sqlmodel import select

from base.clock import VirtualClock
from bench.county.visits import REMINDER_AT
from bot.config import Settings
from handlers.context import Deps
from handlers.templates import Templates
from nlp import classify
from schedules.jobs.visit_reminders import remind
from schedules.spec import JobContext
from storage.db import session_scope
from storage.models import SendClaim


def run_first_reminder(engine: Engine) -> tuple[int, float]:
    """How many sends the job claimed, and how long it took."""
    deps = Deps(clock=VirtualClock(REMINDER_AT), templates=Templates.load(), classify=classify)
    began = time.perf_counter()
    with session_scope(engine) as session:
        remind(JobContext(session, deps, Settings(), REMINDER_AT, REMINDER_AT), second=False)
    seconds = time.perf_counter() - began
    with session_scope(engine) as session:
        return len(session.exec(select(SendClaim.id)).all()), seconds
