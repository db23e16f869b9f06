"""The embedded Redis of `coach dev` keeps its queues across a restart, and a crash, when persistent."""

from __future__ import annotations

import os
import time
from pathlib import Path

from redis import Redis

from service.embedded_redis import EmbeddedRedis


def _socket(name: str) -> Path:
    return Path(f"/tmp/coach-er-{os.getpid()}-{name}.sock")  # noqa: S108 - unix socket paths must be short


def test_a_persistent_server_keeps_its_data_across_a_clean_restart(tmp_path: Path) -> None:
    server = EmbeddedRedis(_socket("clean"), tmp_path, persist=True).start()
    try:
        client = Redis.from_url(server.url)
        assert client.config_get("save") == {"save": "60 1"}
        client.rpush("rq:queue:send", "job-1", "job-2")
        server.stop()
        server.start()
        assert Redis.from_url(server.url).lrange("rq:queue:send", 0, -1) == [b"job-1", b"job-2"]
    finally:
        server.stop()


def test_a_persistent_server_keeps_what_it_had_a_second_before_a_crash(tmp_path: Path) -> None:
    server = EmbeddedRedis(_socket("crash"), tmp_path, persist=True).start()
    try:
        Redis.from_url(server.url).set("coach:key", "kept")
        time.sleep(1.5)  # appendfsync everysec
        assert server.process is not None
        server.process.kill()
        server.process.wait()
        server.start()
        assert Redis.from_url(server.url).get("coach:key") == b"kept"
    finally:
        server.stop()


def test_a_throwaway_server_keeps_nothing(tmp_path: Path) -> None:
    server = EmbeddedRedis(_socket("none"), tmp_path, persist=False).start()
    try:
        Redis.from_url(server.url).set("coach:key", "gone")
        server.stop()
        server.start()
        assert Redis.from_url(server.url).get("coach:key") is None
    finally:
        server.stop()
