"""The monthly chart as a PNG image, for the monthly report in chat (WeChat shows images, not SVG)."""

from __future__ import annotations

from datetime import datetime

import cairosvg
from sqlmodel import Session

from bot.web.charts import RATES, monthly_rates
from bot.web.svg import Chart, Series, line_chart
from handlers import trends
from handlers.templates import Templates
from storage.models import Organisation

SCALE = 2.0
"""Twice the SVG's size: sharp on a phone's screen."""
FONT = "WenQuanYi Micro Hei"
"""Cairo takes one family, not a fallback list: Debian's fonts-wqy-microhei has every Chinese character."""


def chart_png(chart: Chart) -> bytes:
    png: bytes = cairosvg.svg2png(bytestring=str(line_chart(chart, "chart", fonts=FONT)).encode("utf-8"), scale=SCALE)
    return png


def monthly_chart_png(session: Session, org: Organisation, now: datetime, templates: Templates) -> bytes:
    """The figures page's twelve-month chart of the four rates, worded from the chat templates."""
    assert org.id is not None
    table = monthly_rates(session, org.id, trends.last_months(now))
    series = [Series(templates.render(f"schedules.report.chart_{key}"), table.columns[key]) for key in RATES]
    title = templates.render("schedules.report.chart_title", org=org.name)
    return chart_png(Chart(title, table.labels, series, templates.render("schedules.report.chart_axis"), percent=True))
