"""In a real browser (Debian's Chromium): a record's photo is decoded inline and its voice loads in <audio>."""

from __future__ import annotations

from playwright.async_api import Browser

from base.messages import Media
from tests.bot.web.console_harness import build_bot, free_port
from tests.bot.web.test_browser import browser, sign_in_with_the_button  # noqa: F401  (the fixture)
from tests.media.audio import sine_wav
from tests.media.images import tiny_png

RESIDENT, TIER2 = "秀英🌸", "李建国联户群"
IMAGE_DECODED = "() => { const i = document.querySelector('ul.attachments img'); return i && i.naturalWidth === 3 }"
AUDIO_LOADED = "() => document.querySelector('ul.attachments audio').readyState >= 1"


async def test_the_photo_shows_and_the_voice_plays_in_a_browser(sqlite_url: str, browser: Browser) -> None:  # noqa: F811
    port = free_port()
    app, transport = build_bot(sqlite_url, web_port=port)
    await app.start()
    try:
        now = app.clock.now()
        await transport.inject(RESIDENT, "村口路灯坏了好几天了", now, TIER2)
        await transport.inject(RESIDENT, "", now, TIER2, Media("image", tiny_png(), "road.png", "image/png"))
        await transport.inject(RESIDENT, "", now, TIER2, Media("voice", sine_wav(0.5), "voice.wav", "audio/wav"))
        page = await browser.new_page()
        await sign_in_with_the_button(page, app, transport, f"http://127.0.0.1:{port}")
        await page.goto(f"http://127.0.0.1:{port}/records/1")
        await page.wait_for_function(IMAGE_DECODED, timeout=10_000)
        await page.locator("ul.attachments audio").evaluate("audio => { audio.preload = 'auto'; audio.load() }")
        await page.wait_for_function(AUDIO_LOADED, timeout=10_000)
    finally:
        await app.stop()
