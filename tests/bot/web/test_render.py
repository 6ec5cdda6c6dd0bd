"""Templates: times in Asia/Shanghai, and whatever residents wrote shown as text, never as markup."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.web.render import ENV, local_time, render


def test_times_are_shown_in_shanghai_whatever_zone_they_come_in() -> None:
    assert local_time(datetime(2026, 3, 1, 16, 30, tzinfo=UTC)) == "2026-03-02 00:30"
    assert local_time(None) == "—"


def test_text_is_escaped() -> None:
    response = render("not_found.html", status=404, viewer=None)
    assert response.status == 404 and response.charset == "utf-8"
    assert response.content_type == "text/html"
    html = ENV.from_string("<p>{{ text }}</p>").render(text='<script>alert("x")</script>')
    assert html == "<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</p>"
