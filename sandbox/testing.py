"""Start a real sandbox in a subprocess for tests of any area: `with running_sandbox(tmp_path) as url:`."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

STARTUP_TIMEOUT = 60.0
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class SandboxStartError(RuntimeError):
    """The sandbox process exited or never answered."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_sandbox(tmp_path: Path, **env: str) -> Iterator[str]:
    """Run `coach sandbox --port <free port>` with `env` over os.environ; yield its base URL.

    Its database defaults to tmp_path/"sandbox.db" and its instance dir to tmp_path, so runs never
    share state. Pass e.g. COACH_SERVICE_URL, INBOUND_AUTH, SANDBOX_EVENT_PRIVATE_KEY,
    SANDBOX_RATE_429="0.2", SANDBOX_SEED="1". Extra CLI flags: SANDBOX_ARGS="--workers 1 --threads 8".
    """
    tmp_path = Path(tmp_path)
    tmp_path.mkdir(parents=True, exist_ok=True)
    port = free_port()
    child_env = dict(os.environ)
    child_env.setdefault("COACH_INSTANCE_PATH", str(tmp_path))
    child_env.setdefault("SANDBOX_DB", str(tmp_path / "sandbox.db"))
    child_env.update({key: str(value) for key, value in env.items()})
    extra = child_env.pop("SANDBOX_ARGS", "").split()
    coach = Path(sys.executable).parent / "coach"
    argv = [str(coach), "sandbox", "--port", str(port), *extra]
    log_path = tmp_path / f"sandbox-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own entry point
            argv, env=child_env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(process, url, log_path)
        yield url
    finally:
        _stop(process)


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SandboxStartError(f"sandbox exited with {process.returncode}:\n{_tail(log_path)}")
        try:
            with _opener.open(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.1)
    raise SandboxStartError(f"sandbox did not answer within {STARTUP_TIMEOUT:.0f}s:\n{_tail(log_path)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group (gunicorn and its workers), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def api(base_url: str, method: str, path: str, body: Any = None, timeout: float = 30.0) -> tuple[int, Any]:
    """A JSON call to the sandbox's API: (status, decoded body or None)."""
    data = None if body is None else json.dumps(body).encode()
    headers = {} if body is None else {"Content-Type": "application/json"}
    request = urllib.request.Request(base_url + path, data=data, headers=headers, method=method)  # noqa: S310
    try:
        with _opener.open(request, timeout=timeout) as response:
            raw = response.read()
            return int(response.status), json.loads(raw) if raw else None
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            return int(exc.code), json.loads(raw) if raw else None
        except ValueError:
            return int(exc.code), raw.decode(errors="replace")


def messages(base_url: str, to: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
    """GET /api/messages (newest first), optionally for one recipient."""
    query = urllib.parse.urlencode({k: v for k, v in (("to", to), ("limit", str(limit))) if v})
    status, body = api(base_url, "GET", f"/api/messages?{query}")
    if status != 200:
        raise RuntimeError(f"GET /api/messages answered {status}: {body}")
    return list(body)


def set_faults(base_url: str, **knobs: float) -> dict[str, float]:
    """POST /api/faults with e.g. rate_429=0.3, latency_ms=100; returns the knobs now in force."""
    status, body = api(base_url, "POST", "/api/faults", knobs)
    if status != 200:
        raise RuntimeError(f"POST /api/faults answered {status}: {body}")
    return dict(body)
