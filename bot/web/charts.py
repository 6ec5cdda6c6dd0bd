"""The figures page's charts: `handlers.trends` turned into tables of values that `bot.web.svg` draws.

The words on a chart (title, axis, series names) come from the page template, which calls
`line` and `bars` with them; only the numbers and the names of months, kinds, topics and members come from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup
from sqlmodel import Session

from bot.web.svg import Chart, Series, bar_chart, line_chart
from handlers import trends
from handlers.labels import KIND_LABELS
from handlers.periods import Month
from handlers.stats import Coverage, MatterCounts
from storage.enums import Kind

RATES = ("response", "resolution", "satisfaction", "coverage")


@dataclass(frozen=True)
class Table:
    """Values per label, one column per series key."""

    labels: list[str]
    columns: dict[str, list[float | None]]
    percent: bool = False
    links: list[str] = field(default_factory=list)


def _rates(counts: MatterCounts, coverage: Coverage) -> dict[str, float | None]:
    return {
        "response": counts.response_rate,
        "resolution": counts.resolution_rate,
        "satisfaction": counts.satisfaction_rate,
        "coverage": coverage.rate,
    }


def _columns(rows: list[dict[str, float | None]]) -> dict[str, list[float | None]]:
    return {key: [row[key] for row in rows] for key in RATES}


@dataclass(frozen=True)
class FigureCharts:
    monthly: Table
    members: Table
    kinds: Table
    topics: Table
    overdue: Table


def monthly_rates(session: Session, org_id: int, months: list[Month]) -> Table:
    buckets = trends.by_month(session, org_id, months)
    return Table([str(m) for m in months], _columns([_rates(b.counts, b.coverage) for b in buckets]), percent=True)


def figure_charts(session: Session, org_id: int, period: Month, now: datetime) -> FigureCharts:
    """The last twelve months to now; members, kinds and topics for `period`, the month on the page."""
    months = trends.last_months(now)
    members = trends.by_member(session, org_id, period)
    kinds = trends.by_kind(session, org_id, [period])
    topics = trends.by_category(session, org_id, [period])
    month_labels = [str(m) for m in months]
    return FigureCharts(
        monthly=monthly_rates(session, org_id, months),
        members=Table(
            [m.member.name for m in members],
            _columns([_rates(m.figures.counts, m.figures.coverage) for m in members]),
            percent=True,
            links=[f"/members/{m.member.id}" for m in members],
        ),
        kinds=Table(
            [KIND_LABELS[Kind(k)] for k in Kind if kinds[k]], {"count": [float(kinds[k]) for k in Kind if kinds[k]]}
        ),
        topics=Table([t for t, _ in topics.most_common()], {"count": [float(n) for _, n in topics.most_common()]}),
        overdue=Table(
            month_labels, {"count": [float(n) for n in trends.overdue_by_month(session, org_id, months, now)]}
        ),
    )


def _chart(table: Table, title: str, axis: str, names: Mapping[str, str], blank: str) -> Chart:
    series = [Series(names.get(key, key), values) for key, values in table.columns.items()]
    labels = [label or blank for label in table.labels]
    return Chart(title, labels, series, axis, percent=table.percent)


def line(table: Table, chart_id: str, *, title: str, axis: str, names: Mapping[str, str], blank: str = "") -> Markup:
    return line_chart(_chart(table, title, axis, names, blank), chart_id)


def bars(table: Table, chart_id: str, *, title: str, axis: str, names: Mapping[str, str], blank: str = "") -> Markup:
    return bar_chart(_chart(table, title, axis, names, blank), chart_id)
