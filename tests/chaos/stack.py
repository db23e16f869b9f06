"""The whole sending stack as real processes the chaos test can hurt: Redis, web, sandbox, RQ workers.

Redis is an embedded server the test owns (it restarts it); the web app runs under gunicorn so the
sandbox's signed `processed` events reach the Event Webhook (a worker SIGKILLed after SendGrid accepted
an email is resolved as sent through that event, not sent again); the workers are the Procfile's
`worker` command, supervised here the way systemd or a platform would restart them.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sandbox.config import generate_private_key_pem, load_private_key
from sandbox.testing import free_port, running_sandbox
from service import queues
from service.cli.dev import process_commands
from service.dev_secrets import public_key_base64
from service.embedded_redis import EmbeddedRedis
from service.settings import PROJECT_ROOT, Settings, use_settings
from tests.conftest import settings_env

STARTUP_TIMEOUT = 60.0
API_KEY = "SG.chaos-key-never-logged"
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Supervised:
    """One long-running child in its own process group, its output in a log file."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.argv, env=self.env, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.starts += 1

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal(self, signum: int) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signum)
            except ProcessLookupError:
                pass

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None:
            return
        self.signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.process.wait()

    def tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


@dataclass
class ChaosStack:
    """Handles on every process of one chaos run, and the environment they share."""

    tmp: Path
    env: dict[str, str]
    settings: Settings
    redis: EmbeddedRedis
    sandbox_url: str
    web: Supervised
    workers: list[Supervised]
    kills: int = 0
    redis_restarts: int = 0
    _dead_since: dict[str, float] = field(default_factory=dict)

    def kill_random_worker(
        self, rng: random.Random, prefer: frozenset[int] | set[int] = frozenset()
    ) -> str | None:
        """SIGKILL one live worker (one whose pid is in `prefer` if any), with no chance to clean up."""
        live = [w for w in self.workers if w.alive]
        if not live:
            return None
        preferred = [w for w in live if w.process is not None and w.process.pid in prefer]
        victim = rng.choice(preferred or live)
        victim.signal(signal.SIGKILL)
        if victim.process is not None:
            victim.process.wait()
        self.kills += 1
        return victim.name

    def revive_workers(self, delay: float = 0.5) -> int:
        """Restart workers that died (killed, or quit on a Redis error) after `delay`, like a supervisor."""
        restarted = 0
        now = time.monotonic()
        for worker in self.workers:
            if worker.alive:
                self._dead_since.pop(worker.name, None)
                continue
            since = self._dead_since.setdefault(worker.name, now)
            if now - since >= delay:
                worker.start()
                self._dead_since.pop(worker.name, None)
                restarted += 1
        return restarted

    def restart_redis(self, *, lose_everything: bool) -> None:
        """Persisted: SIGTERM (Redis writes its RDB) and start again. Otherwise SIGKILL and wipe the data."""
        if lose_everything:
            process = self.redis.process
            assert process is not None
            process.kill()
            process.wait()
            for leftover in (self.redis.data_dir / "redis.rdb", self.redis.socket_path):
                leftover.unlink(missing_ok=True)
        else:
            self.redis.stop()
        self.redis.start()
        self.redis_restarts += 1

    @property
    def worker_restarts(self) -> int:
        return sum(w.starts - 1 for w in self.workers)

    def logs(self) -> str:
        parts = [f"--- {p.name}\n{p.tail()}" for p in (self.web, *self.workers)]
        return "\n".join(parts)


@contextmanager
def chaos_stack(
    tmp: Path,
    database_url: str,
    *,
    workers: int = 2,
    lease: int = 15,
    redis_persist: bool = True,
    sandbox_seed: int = 11,
    send_concurrency: int = 32,
) -> Iterator[ChaosStack]:
    """Start everything; stop everything on exit (whatever state the chaos left it in)."""
    tmp.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        socket = Path(f"/tmp/coach-chaos-{os.getpid()}-{time.monotonic_ns() % 10**6}.sock")  # noqa: S108 - short path
        redis = EmbeddedRedis(socket, tmp / "redis", persist=redis_persist).start()
        stack.callback(redis.stop)
        pem = generate_private_key_pem()
        web_port = free_port()
        web_url = f"http://127.0.0.1:{web_port}"
        env = {
            **os.environ,
            **settings_env(
                database_url,
                redis.url,
                tmp / "instance",
                SENDGRID_API_KEY=API_KEY,
                # Generous: a send that times out but was accepted would be an unaccounted duplicate.
                SENDGRID_TIMEOUT="30",
                SENDGRID_EVENT_PUBLIC_KEY=public_key_base64(load_private_key(pem).public_key()),
                COACH_SEND_RATE="5000",
                COACH_SEND_LEASE=str(lease),
                # Sets the chunk too (8 rounds of it per send job): small makes more jobs than workers.
                COACH_SEND_CONCURRENCY=str(send_concurrency),
                PYTHONUNBUFFERED="1",
            ),
        }
        web = Supervised(
            "web",
            [str(Path(sys.executable).parent / "gunicorn"), "--bind", f"127.0.0.1:{web_port}",
             "--workers", "1", "--threads", "4", "service:create_app()"],
            env,
            tmp / "web.log",
        )  # fmt: skip
        web.start()
        stack.callback(web.stop)
        _wait_for_http(web, web_url + "/healthz")
        sandbox_url = stack.enter_context(
            running_sandbox(
                tmp / "sandbox",
                COACH_SERVICE_URL=web_url,
                INBOUND_AUTH=env["INBOUND_AUTH"],
                SANDBOX_EVENT_PRIVATE_KEY=pem,
                SANDBOX_AUTO_EVENTS="1",
                SANDBOX_SEED=str(sandbox_seed),
                SANDBOX_API_KEY=API_KEY,
            )
        )
        env["SENDGRID_API_HOST"] = sandbox_url
        settings = Settings.from_env(env)
        use_settings(settings)
        queues.reset_connections()
        stack.callback(queues.reset_connections)
        stack.callback(use_settings, None)
        argv = process_commands(settings)["worker"]
        supervised = [Supervised(f"worker{i}", argv, env, tmp / f"worker{i}.log") for i in range(workers)]
        for worker in supervised:
            worker.start()
            stack.callback(worker.stop)
        yield ChaosStack(tmp, env, settings, redis, sandbox_url, web, supervised)


def _wait_for_http(process: Supervised, url: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if not process.alive:
            raise RuntimeError(f"{process.name} exited:\n{process.tail()}")
        try:
            with _opener.open(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"{process.name} did not answer {url} within {STARTUP_TIMEOUT:.0f}s:\n{process.tail()}"
    )
