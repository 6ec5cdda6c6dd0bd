"""Fixtures for tests/bot. The wechaty ones live in `wechaty_fixtures` (a real puppet-service peer)."""

from tests.bot.wechaty_fixtures import puppet_peer, shared_puppet_peer

__all__ = ["puppet_peer", "shared_puppet_peer"]
