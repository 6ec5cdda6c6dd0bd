"""The ledger page: own organisation only, newest first, 50 a page, filters, the overdue mark."""

from __future__ import annotations

import re
from datetime import timedelta

from aiohttp.test_utils import TestClient
from sqlmodel import Session

from bot.web.ledger import PAGE_SIZE, LedgerFilter, parse_month
from handlers.periods import Month
from handlers.stats import figures
from storage.enums import Kind, Status
from tests.bot.web.console_harness import add_record, listed_ids, org_id, other_village_record, sign_in
from tests.handlers.pipeline_harness import START, Village


def mixed_ledger(village: Village) -> dict[str, int]:
    """Records of each kind and state, in February and March, some past the 7-day limit."""
    engine = village.engine
    return {
        "old_open": add_record(engine, START - timedelta(days=9)),  # 2026-02-21, overdue
        "old_resolved": add_record(engine, START - timedelta(days=8), status=Status.RESOLVED),
        "old_visit": add_record(
            engine, START - timedelta(days=8), kind=Kind.VISIT, category=None, must_visit="illness"
        ),
        "old_emergency": add_record(
            engine, START - timedelta(days=7, minutes=1), kind=Kind.EMERGENCY, status=Status.ACCEPTED
        ),  # overdue
        "fresh_open": add_record(engine, START - timedelta(days=6), household="张桂兰"),  # 2026-02-24, in time
        "march": add_record(engine, START - timedelta(hours=1), status=Status.IN_PROGRESS, household=None),
    }


async def ids(client: TestClient, query: str = "") -> list[int]:
    response = await client.get(f"/{query}")
    assert response.status == 200
    return listed_ids(await response.text())


async def test_only_the_organisations_own_records_newest_first(client: TestClient, village: Village) -> None:
    made = mixed_ledger(village)
    other_village_record(village.engine, START)
    await sign_in(client, village)
    assert await ids(client) == [
        made["march"],
        made["fresh_open"],
        made["old_emergency"],
        made["old_visit"],
        made["old_resolved"],
        made["old_open"],
    ]


async def test_each_filter_returns_the_matching_rows(client: TestClient, village: Village) -> None:
    made = mixed_ledger(village)
    await sign_in(client, village)
    assert await ids(client, "?kind=visit") == [made["old_visit"]]
    assert await ids(client, "?kind=emergency") == [made["old_emergency"]]
    assert await ids(client, "?status=resolved") == [made["old_resolved"]]
    assert await ids(client, "?status=in_progress") == [made["march"]]
    assert await ids(client, "?month=2026-03") == [made["march"]]
    assert set(await ids(client, "?month=2026-02")) == set(made.values()) - {made["march"]}
    assert await ids(client, "?overdue=1") == [made["old_emergency"], made["old_open"]]
    assert await ids(client, "?kind=grievance&status=new&month=2026-02") == [made["fresh_open"], made["old_open"]]
    assert await ids(client, "?kind=grievance&overdue=1") == [made["old_open"]]
    assert await ids(client, "?kind=nonsense&status=&month=2026-13") == await ids(client)


async def test_overdue_is_what_stats_counts_as_overdue(client: TestClient, village: Village) -> None:
    mixed_ledger(village)
    await sign_in(client, village)
    now = village.clock.now()
    month = Month.of(now)
    with Session(village.engine) as session:
        found = figures(session, org_id(village.engine), month.start, month.end, now)
    page = await (await client.get("/")).text()
    marked = [int(n) for n in _marked(page)]
    assert sorted(marked) == sorted(r.id for r in found.overdue if r.id is not None)
    assert await ids(client, "?overdue=1") == sorted(marked, reverse=True)


def _marked(page: str) -> list[str]:
    return re.findall(r'<a href="/records/(\d+)">#\d+</a> <span class="badge">逾期</span>', page)


async def test_a_row_shows_number_kind_category_status_household_follower_and_local_time(
    client: TestClient, village: Village
) -> None:
    record = add_record(village.engine, START - timedelta(days=1), status=Status.ACCEPTED)
    visit = add_record(village.engine, START - timedelta(days=2), kind=Kind.VISIT, category=None, must_visit="illness")
    await sign_in(client, village)
    page = await (await client.get("/")).text()
    row = page[page.index(f"#{record}</a>") : page.index("</tr>", page.index(f"#{record}</a>"))]
    for shown in ("诉求", "城乡建设", "已受理", "王秀英", "联户党员李建国", "2026-03-01 09:00"):
        assert shown in row, shown
    visit_row = page[page.index(f"#{visit}</a>") : page.index("</tr>", page.index(f"#{visit}</a>"))]
    assert "走访" in visit_row and "生病住院" in visit_row


async def test_fifty_rows_a_page(client: TestClient, village: Village) -> None:
    made = [add_record(village.engine, START - timedelta(minutes=n)) for n in range(PAGE_SIZE + 3)]
    await sign_in(client, village)
    first = await (await client.get("/")).text()
    assert listed_ids(first) == made[:PAGE_SIZE]
    assert "共 53 条，第 1/2 页" in first and 'href="/?page=2"' in first
    assert await ids(client, "?page=2") == made[PAGE_SIZE:]
    assert await ids(client, "?page=9") == made[PAGE_SIZE:]
    assert await ids(client, "?page=abc") == made[:PAGE_SIZE]
    assert await ids(client, "?page=²") == made[:PAGE_SIZE]
    assert await ids(client, f"?page={10**30}") == made[PAGE_SIZE:]


def test_a_filter_survives_the_page_links() -> None:
    chosen = LedgerFilter.from_query({"kind": "grievance", "overdue": "1", "month": "2026-03", "status": "bogus"})
    assert chosen == LedgerFilter(kind=Kind.GRIEVANCE, overdue=True, month=Month(2026, 3))
    assert chosen.link(2) == "/?kind=grievance&overdue=1&month=2026-03&page=2"
    assert LedgerFilter().link(1) == "/"
    assert parse_month("2026-00") is None and parse_month("2026-12") == Month(2026, 12)
