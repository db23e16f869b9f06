"""The sandbox answers only requests addressed to this machine by name: a DNS-rebinding page cannot read
the inbox (and its confirmation and reply links) through a hostile host name that resolves to 127.0.0.1."""

from __future__ import annotations

import re
from typing import Any

from werkzeug.wrappers import Response

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
_HOST = re.compile(r"(?:\[([0-9a-f:.]+)\]|([a-z0-9.-]+))(?::([0-9]{1,5}))?")


def allowed_host(host: str | None) -> bool:
    """A Host header (with or without its port) naming the loopback interface (any *.localhost too)."""
    found = _HOST.fullmatch((host or "").strip().lower())
    if found is None:
        return False
    name = found.group(1) or found.group(2)
    port = found.group(3)
    if port is not None and not 1 <= int(port) <= 65535:
        return False
    return name in LOOPBACK_HOSTS or name.endswith(".localhost")


class HostCheck:
    """WSGI middleware in front of everything (the mail/send endpoint included): other hosts get 421."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if not allowed_host(environ.get("HTTP_HOST")):
            response = Response("misdirected request: unknown Host\n", 421, mimetype="text/plain")
            return response(environ, start_response)
        return self.app(environ, start_response)
