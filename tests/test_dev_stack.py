"""`coach dev` (what `make run` starts) answers /healthz and Ctrl-C stops every process it started."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from sandbox.testing import free_port

pytestmark = pytest.mark.slow


def _get_json(url: str) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback URL we built
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_dev_stack_serves_healthz_and_stops_everything_on_sigint(tmp_path: Path) -> None:
    port, sandbox_port = free_port(), free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "TEST_DATABASE_URL", "SECRET_KEY")
    }
    env.update(
        COACH_INSTANCE_PATH=str(tmp_path / "instance"),
        PORT=str(port),
        SANDBOX_PORT=str(sandbox_port),
        COACH_ENV="development",
    )
    coach = Path(sys.executable).parent / "coach"
    process = subprocess.Popen(
        [coach, "dev", "--no-demo"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 90
        status, body = 0, {}
        while time.monotonic() < deadline and process.poll() is None:
            try:
                status, body = _get_json(f"http://127.0.0.1:{port}/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        assert status == 200, f"healthz never answered 200 (last {status} {body})"
        assert body == {"db": "ok", "redis": "ok"}
        sandbox_status = 0  # the processes start side by side: the sandbox may come up after the web
        while time.monotonic() < deadline and process.poll() is None and sandbox_status != 200:
            try:
                sandbox_status, _ = _get_json(f"http://127.0.0.1:{sandbox_port}/api/faults")
            except OSError:
                time.sleep(0.5)
        assert sandbox_status == 200

        descendants = psutil.Process(process.pid).children(recursive=True)
        names = " ".join(" ".join(p.cmdline()) for p in descendants)
        for expected in ("redis-server", "gunicorn", "rq worker", "rq cron", "coach sandbox"):
            assert expected in names, f"{expected} not among the started processes"
        assert _listening_addresses(descendants, port) == {"127.0.0.1"}  # not 0.0.0.0 unless HOST says
        exposed = _readable_by_others(tmp_path / "instance")
        assert exposed == [], f"instance files readable by group or others: {exposed}"

        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        _gone, alive = psutil.wait_procs(descendants, timeout=15)
        assert alive == [], f"still running after Ctrl-C: {[p.cmdline() for p in alive]}"
        assert not (tmp_path / "instance" / "redis.sock").exists()
        output = process.stdout.read().decode(errors="replace") if process.stdout else ""
        for name in ("web", "worker", "sandbox"):  # lines in one terminal say which process wrote them
            assert f" {name:<7} | INFO " in output, output[-3000:]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _listening_addresses(processes: list[psutil.Process], port: int) -> set[str]:
    addresses: set[str] = set()
    for proc in processes:
        try:
            connections = proc.net_connections(kind="inet")
        except (psutil.AccessDenied, psutil.NoSuchProcess):
            continue
        addresses |= {
            c.laddr.ip for c in connections if c.status == psutil.CONN_LISTEN and c.laddr.port == port
        }
    return addresses


def _readable_by_others(instance: Path) -> list[str]:
    """Files and folders under instance/ (SQLite, sandbox store, Redis files, secrets) open to others."""
    return [
        f"{path.relative_to(instance)} {oct(path.lstat().st_mode & 0o777)}"
        for path in (instance, *instance.rglob("*"))
        if not path.is_symlink() and path.exists() and path.lstat().st_mode & 0o077
    ]
