"""The monthly chart as a PNG for the chat report: a real image, drawn from the ledger."""

from __future__ import annotations

import io

from PIL import Image
from sqlmodel import Session

from bot.web.png import monthly_chart_png
from handlers.templates import Templates
from storage.models import Organisation
from tests.bot.web.console_harness import org_id
from tests.handlers.pipeline_harness import SPEAKERS, Village

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png(village: Village) -> bytes:
    with Session(village.engine) as session:
        org = session.get(Organisation, org_id(village.engine))
        assert org is not None
        return monthly_chart_png(session, org, village.clock.now(), Templates.load())


def test_the_monthly_chart_is_a_png_that_changes_with_the_ledger(village: Village) -> None:
    empty = _png(village)
    village.say(SPEAKERS["member"], "/记录 王秀英反映村口路灯不亮", room=None)
    village.say(SPEAKERS["member"], "/受理 #1", room=None)
    village.say(SPEAKERS["member"], "/走访 王秀英 身体不错", room=None)
    drawn = _png(village)

    assert drawn.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(drawn))
    image.verify()
    assert image.format == "PNG" and image.size == (1280, 600)
    assert drawn != empty  # the March answer rate and coverage are points now
