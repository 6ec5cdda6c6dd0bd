"""The wechaty transport's pure parts: no gateway needed."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from base.clock import SystemClock
from bot.transports.wechaty import WechatyTransport, parse_endpoint
from bot.transports.wechaty_backoff import Backoff
from bot.transports.wechaty_incoming import Account, mentions_account

BOT = Account("wxid_bot", "联户助手")
ROOT = Path(__file__).resolve().parents[2]


def test_backoff_doubles_up_to_the_cap() -> None:
    backoff = Backoff(initial=1.0, factor=2.0, maximum=10.0)
    assert [backoff.delay(n) for n in range(6)] == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    assert backoff.delay(10_000) == 10.0


@pytest.mark.parametrize("bad", [dict(initial=0), dict(factor=0.5), dict(initial=5, maximum=1)])
def test_backoff_rejects_nonsense(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Backoff(**bad)


def test_endpoint_is_host_and_port() -> None:
    assert parse_endpoint("127.0.0.1:8788") == ("127.0.0.1", 8788)
    assert parse_endpoint(" gateway.example.org:30001 ") == ("gateway.example.org", 30001)
    assert parse_endpoint("[::1]:8788") == ("::1", 8788)
    for bad in ("gateway", ":8788", "gateway:http"):
        with pytest.raises(ValueError):
            parse_endpoint(bad)


def test_endpoint_and_token_are_both_required() -> None:
    with pytest.raises(ValueError, match="ENDPOINT"):
        WechatyTransport(None, "token", clock=SystemClock())
    with pytest.raises(ValueError, match="TOKEN"):
        WechatyTransport("127.0.0.1:1", None, clock=SystemClock())


@pytest.mark.parametrize(
    ("text", "ids", "expected"),
    [
        ("路灯坏了", (), False),
        ("", ("wxid_bot",), True),
        ("@联户助手\u2005/待办", (), True),  # a puppet that fills no mention ids
        ("@联户助手 /待办", (), True),
        ("@联户助手", (), True),
        ("@联户助手小王 你好", (), False),  # another person whose name starts the same
        ("@李建国 你好", ("wxid_li",), False),
    ],
)
def test_mentions_of_the_bot(text: str, ids: tuple[str, ...], expected: bool) -> None:
    assert mentions_account(text, ids, BOT) is expected


def test_the_shim_makes_wechaty_importable_and_keeps_its_files_out_of_the_cwd(tmp_path: Path) -> None:
    """In a fresh interpreter: wechaty 0.10.7 imports on this Python and writes nothing here."""
    env = {k: v for k, v in os.environ.items() if k not in {"CACHE_DIR", "WECHATY_LOG"}}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    script = (
        "import os, logging; from bot.transports import wechaty_shim as s; w = s.load(); s.apply();"
        "print(os.environ['CACHE_DIR'] == s.default_cache_dir(), hasattr(w, 'Wechaty'),"
        " logging.getLogger('Wechaty').propagate)"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning:wechaty.plugin", "-c", script],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True"]
    assert list(tmp_path.iterdir()) == []


def test_wechaty_loggers_go_through_ours_and_never_print_the_token(caplog: pytest.LogCaptureFixture) -> None:
    WechatyTransport("127.0.0.1:1", "s3cret-token", clock=SystemClock())
    logger = logging.getLogger("PuppetService")
    assert logger.propagate and not logger.handlers

    with caplog.at_level(logging.WARNING):
        logger.warning("there are endpoint<127.0.0.1:1> and token<s3cret-token>")
    assert "s3cret-token" not in caplog.text and "token<***>" in caplog.text
