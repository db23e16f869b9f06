"""The app under gunicorn on loopback for the webhook benchmarks, and a keep-alive HTTP load loop.

gunicorn runs as in the Procfile (`--workers 2 --threads 4`, gthread), serving bench/app.py: the
production app plus POST /webhooks/sendgrid/noop, which reads the body and answers 200 without doing
anything, measured in the same run as the baseline.
"""

from __future__ import annotations

import base64
import http.client
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
from cryptography.hazmat.primitives.asymmetric import ec

from bench.common import wipe_postgres
from sandbox.testing import free_port
from service import migrate
from service.dev_secrets import public_key_base64
from service.embedded_redis import EmbeddedRedis
from service.settings import PROJECT_ROOT, embedded_redis_socket

INBOUND_AUTH = "parse:bench-inbound-secret"
STARTUP_TIMEOUT = 60.0


@dataclass(frozen=True)
class Server:
    url: str
    host: str
    port: int
    env: dict[str, str]
    database_url: str
    redis_url: str
    signing_key: ec.EllipticCurvePrivateKey
    pid: int


@dataclass(frozen=True)
class Load:
    """How a batch of requests went: wall time and status codes."""

    seconds: float
    statuses: Counter[int]

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())


@contextmanager
def webhook_server(
    tmp: Path, database_url: str | None = None, workers: int = 2, threads: int = 4
) -> Iterator[Server]:
    """Embedded Redis, a migrated database (a scratch PostgreSQL one is wiped first) and gunicorn."""
    with ExitStack() as stack:
        redis = stack.enter_context(EmbeddedRedis(embedded_redis_socket(tmp), tmp / "redis", persist=False))
        url = database_url or f"sqlite:///{tmp / 'bench.db'}"
        if database_url:
            wipe_postgres(url)
        migrate.upgrade(url)
        key = ec.generate_private_key(ec.SECP256R1())
        port = free_port()
        env = {
            **os.environ,
            "COACH_ENV": "development",
            "COACH_INSTANCE_PATH": str(tmp / "instance"),
            "DATABASE_URL": url,
            "REDIS_URL": redis.url,
            "SECRET_KEY": "bench-secret-key-long-enough",
            "INBOUND_AUTH": INBOUND_AUTH,
            "SENDGRID_EVENT_PUBLIC_KEY": public_key_base64(key.public_key()),
        }
        gunicorn = Path(sys.executable).parent / "gunicorn"
        argv = [str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                "--threads", str(threads), "--log-level", "warning", "--chdir", str(PROJECT_ROOT),
                "bench.app:create_bench_app()"]  # fmt: skip
        log = (tmp / "gunicorn.log").open("wb")
        stack.callback(log.close)
        process = subprocess.Popen(
            argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        stack.callback(_stop, process)
        base = f"http://127.0.0.1:{port}"
        _wait_ready(process, base, tmp / "gunicorn.log")
        yield Server(base, "127.0.0.1", port, env, url, redis.url, key, process.pid)


def _wait_ready(process: subprocess.Popen[bytes], base: str, log: Path) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with opener.open(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz in time")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


@dataclass(frozen=True)
class Measured:
    """One round: the load, and the CPU time gunicorn's processes spent on it."""

    load: Load
    server_cpu: float

    @property
    def rate(self) -> float:
        return self.load.statuses.get(200, 0) / self.load.seconds

    @property
    def server_cpu_ms(self) -> float:
        return 1000 * self.server_cpu / max(1, self.load.requests)


def measure(
    server: Server, path: str, requests: Sequence[tuple[bytes, dict[str, str]]], concurrency: int
) -> Measured:
    before = server_cpu(server)
    load = hammer(server, path, requests, concurrency)
    return Measured(load, server_cpu(server) - before)


def server_cpu(server: Server) -> float:
    """CPU seconds used so far by gunicorn's arbiter and workers."""
    root = psutil.Process(server.pid)
    total = 0.0
    for process in [root, *root.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def basic_auth(auth: str = INBOUND_AUTH) -> str:
    return "Basic " + base64.b64encode(auth.encode()).decode()


def hammer(
    server: Server, path: str, requests: Sequence[tuple[bytes, dict[str, str]]], concurrency: int
) -> Load:
    """POST every (body, headers) once over `concurrency` keep-alive connections; wall time and statuses."""
    lock = threading.Lock()
    cursor = iter(range(len(requests)))
    statuses: Counter[int] = Counter()

    def worker() -> None:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=120)
        local: Counter[int] = Counter()
        try:
            while True:
                with lock:
                    index = next(cursor, None)
                if index is None:
                    break
                body, headers = requests[index]
                try:
                    connection.request("POST", path, body=body, headers=headers)
                    response = connection.getresponse()
                    response.read()
                    local[response.status] += 1
                    if response.getheader("Connection", "").lower() == "close":
                        connection.close()
                except (OSError, http.client.HTTPException):
                    local[0] += 1
                    connection.close()
                    connection = http.client.HTTPConnection(server.host, server.port, timeout=120)
        finally:
            connection.close()
            with lock:
                statuses.update(local)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Load(time.perf_counter() - start, statuses)
