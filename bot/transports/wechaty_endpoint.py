"""Small utilities for reaching a puppet service: its endpoint, its token in logs, a spare port."""

from __future__ import annotations

import logging
import socket


def parse_endpoint(endpoint: str) -> tuple[str, int]:
    """`host:port` of a puppet service (plaintext gRPC; python-wechaty 0.10.7 has no TLS)."""
    host, sep, port = endpoint.strip().rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValueError(f"wechaty endpoint must be host:port, got {endpoint!r}")
    return host.strip("[]"), int(port)


class TokenRedactor(logging.Filter):
    """python-wechaty logs the token in a warning whenever both endpoint and token are set."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self._secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._secret in message:
            record.msg, record.args = message.replace(self._secret, "***"), ()
        return True


def redact_token_in_wechaty_logs(token: str) -> None:
    """Replace `token` by `***` in whatever python-wechaty's puppet-service client logs."""
    logging.getLogger("PuppetService").addFilter(TokenRedactor(token))


def free_loopback_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
