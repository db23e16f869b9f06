"""A real HTTP server for the app (in a thread), a cookie-keeping HTTP client, and real RQ workers."""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import Flask
from redis import Redis
from rq import SimpleWorker
from werkzeug.serving import make_server

from service.queues import ALL_QUEUES, queue

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@contextmanager
def serving(app: Flask, port: int) -> Iterator[str]:
    """Serve `app` on 127.0.0.1:`port` from a thread until the block ends."""
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-app", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@dataclass
class Reply:
    status: int
    url: str
    headers: dict[str, str]
    text: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browserless:
    """What a browser does, minus the browser: keeps cookies, posts forms with their CSRF token."""

    def __init__(self, *, follow_redirects: bool = True) -> None:
        self.cookies = http.cookiejar.CookieJar()
        handlers: list[Any] = [
            urllib.request.HTTPCookieProcessor(self.cookies),
            urllib.request.ProxyHandler({}),
        ]
        if not follow_redirects:
            handlers.append(_NoRedirect())
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, method: str, url: str, data: dict[str, Any] | None = None, **headers: str) -> Reply:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, method=method, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as response:
                return Reply(response.status, response.url, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as exc:
            return Reply(exc.code, url, dict(exc.headers), exc.read().decode(errors="replace"))

    def get(self, url: str) -> Reply:
        return self.request("GET", url)

    def submit(self, page_url: str, action_url: str, data: dict[str, Any]) -> Reply:
        """Load the page (for its CSRF token and session cookie), then post the form."""
        page = self.get(page_url)
        match = CSRF.search(page.text)
        assert match, f"no form on {page_url} ({page.status})"
        return self.request("POST", action_url, {"csrf_token": match[1], **data})


def run_jobs(connection: Redis) -> int:
    """Run every queued RQ job with a real worker in burst mode; how many were queued (none may fail)."""
    queues = [queue(name, connection) for name in ALL_QUEUES]
    waiting = sum(q.count for q in queues)
    worker = SimpleWorker(queues, connection=connection)
    worker.work(burst=True)
    failed = sum(q.failed_job_registry.count for q in queues)
    assert failed == 0, "an RQ job failed; see the log above"
    return waiting


def link_in(text: str, path: str) -> str:
    """The first absolute URL in an email's text whose path starts with `path`."""
    match = re.search(rf"https?://[^\s<>\"']+{re.escape(path)}[^\s<>\"')\]]+", text)
    assert match, f"no {path} link in the email"
    return match[0]
