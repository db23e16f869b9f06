"""Plain HTTP posts to the service's webhooks; loopback only, so proxies from the environment are ignored."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Mapping

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def post(url: str, body: bytes, headers: Mapping[str, str], timeout: float = 10.0) -> tuple[int, bytes]:
    """POST and return (status, body) for any HTTP answer; connection failures raise OSError."""
    request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")  # noqa: S310
    try:
        with _opener.open(request, timeout=timeout) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read()
