"""The township platform's HTTP side: the request body and the POST with its retries.

A record that climbs to level 3 is marked `township_state = "pending"` (`handlers.escalation.handoff`). With
`LIANHU_TOWNSHIP_ENDPOINT` set, the `township-handoff` job POSTs it as JSON modelled on
Open311 GeoReport v2's service request (service_request_id, service_code, description,
address, requested_datetime, status); the request id is stable, so a platform can drop a
repeat. Without an endpoint the record stays pending and the secretary sees it in `/待办`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from handlers.privacy import mask_pii
from handlers.records.describe import label
from storage.models import Household, Organisation, Record

# 4xx other than these will not get better by asking again within one attempt.
RETRYABLE_4XX = {408, 425, 429}


class HandOffError(Exception):
    """The platform did not take the request, after every retry of one attempt."""


def service_request(
    record: Record, org: Organisation, household: Household | None, township: str | None, api_key: str | None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "service_request_id": f"lianhu-{org.id}-{record.id}",
        "service_code": record.category or record.kind,
        "service_name": label(record),
        "description": mask_pii(record.text),
        "address": household.address if household and household.address else org.name,
        "requested_datetime": record.created_at.isoformat(),
        "status": "open",
        "jurisdiction_id": org.name,
        "agency_responsible": township,
    }
    if api_key:
        body["api_key"] = api_key
    return body


def _reference(payload: Any, fallback: str) -> str:
    """Open311 answers `[{"service_request_id": ...}]` or `[{"token": ...}]`."""
    item = payload[0] if isinstance(payload, list) and payload else payload
    if isinstance(item, dict):
        for key in ("service_request_id", "token", "id"):
            if item.get(key):
                return str(item[key])
    return fallback


async def post(
    client: aiohttp.ClientSession,
    endpoint: str,
    body: dict[str, Any],
    *,
    retries: int,
    sleep: Callable[[float], Awaitable[None]],
    first_delay: float = 1.0,
) -> str:
    """POST `body`, retrying with exponential back-off; the platform's reference number."""
    error = "no attempt"
    for attempt in range(max(retries, 1)):
        if attempt:
            await sleep(first_delay * 2 ** (attempt - 1))
        try:
            async with client.post(endpoint, json=body) as response:
                if response.status < 300:
                    payload = await response.json(content_type=None) if await response.read() else None
                    return _reference(payload, body["service_request_id"])
                error = f"HTTP {response.status}"
                if response.status < 500 and response.status not in RETRYABLE_4XX:
                    break
        except (TimeoutError, aiohttp.ClientError, ValueError) as failure:
            error = f"{type(failure).__name__}: {failure}"[:200]
    raise HandOffError(error)
