"""What the tier-1 group is told at each theme-day moment: the reminder three days before, the
morning one, and the digest at the day's time (`handlers.theme_day.calendar` says when)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from handlers.context import Deps
from handlers.formats import day_label, weekday_label
from handlers.theme_day.calendar import Moment
from handlers.theme_day.digest import digest
from storage.models import Organisation


def moment_text(session: Session, deps: Deps, org: Organisation, moment: Moment, now: datetime) -> str:
    topic = org.theme_day_topic or deps.templates.render("schedules.theme_day.no_topic")
    if moment.kind == "digest":
        return digest(session, deps, org, moment.day, topic, now)
    return deps.templates.render(
        f"schedules.theme_day.{moment.kind}",
        date=day_label(moment.day),
        weekday=weekday_label(moment.day),
        time=org.theme_day_time or "",
        topic=topic,
    )
