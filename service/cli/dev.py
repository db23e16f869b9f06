"""`coach dev`: migrate, then run web, worker, cron and the SendGrid sandbox in one terminal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from types import FrameType

import click

from service import migrate, queues
from service.cli.errors import settings_or_exit
from service.demo.credentials import credentials_path, read_credentials
from service.dev_secrets import dev_environment
from service.embedded_redis import EmbeddedRedis
from service.instance_files import keep_private
from service.logs import configure_logging
from service.settings import PROJECT_ROOT, Settings, embedded_redis_socket

SIMPLE_WORKER = "rq.worker.SimpleWorker"
RQ_CONFIG = "workers.rq_config"
GUNICORN_CONFIG = "python:service.gunicorn_config"


def process_commands(settings: Settings) -> dict[str, list[str]]:
    """The long-running processes of a development stack, named as in the Procfile."""
    bin_dir = Path(sys.executable).parent
    return {
        # Logging and Prometheus' multiprocess folder come from service/gunicorn_config.py.
        "web": [
            str(bin_dir / "gunicorn"),
            "--config", GUNICORN_CONFIG,
            "--bind", bind_address(settings.host, settings.port),
            "--workers", "2",
            "--threads", "4",
            "service:create_app()",
        ],
        # SimpleWorker: no fork per job, so engines, templates and the send thread pool stay warm.
        # RQ reads the connection from REDIS_URL through workers.rq_config (Sentinel URLs included).
        # --disable-job-desc-logging: RQ's "completed" line names the job by id (the logs' job_id),
        # not by its description, which can hold a job's arguments.
        "worker": [str(bin_dir / "rq"), "worker", "--with-scheduler", "--disable-job-desc-logging",
                   "--worker-class", SIMPLE_WORKER,
                   "--path", str(PROJECT_ROOT), "--config", RQ_CONFIG, *queues.ALL_QUEUES],
        "cron": [str(bin_dir / "rq"), "cron", "--path", str(PROJECT_ROOT), "--config", RQ_CONFIG,
                 "workers/cron.py"],
        "sandbox": [str(bin_dir / "coach"), "sandbox"],
    }  # fmt: skip


def bind_address(host: str, port: int) -> str:
    """gunicorn's --bind for HOST (IPv6 literals in brackets)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class Stack:
    """Child processes in their own process groups, stopped together."""

    def __init__(self) -> None:
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self.redis: EmbeddedRedis | None = None

    def start(self, name: str, argv: list[str], env: Mapping[str, str]) -> None:
        self.children[name] = subprocess.Popen(  # noqa: S603 - argv built from our own paths
            argv, env=dict(env), cwd=PROJECT_ROOT, start_new_session=True
        )

    def first_exited(self) -> str | None:
        for name, child in self.children.items():
            if child.poll() is not None:
                return name
        return None

    def stop(self, timeout: float = 10.0) -> None:
        for child in self.children.values():
            _signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for child in self.children.values():
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(child, signal.SIGKILL)
                child.wait()
        if self.redis is not None:
            self.redis.stop()


def _signal_group(child: subprocess.Popen[bytes], signum: int) -> None:
    try:
        os.killpg(child.pid, signum)
    except ProcessLookupError:
        pass


@click.command("dev")
@click.option("--no-demo", is_flag=True, help="Do not seed demo data into an empty database.")
def dev(no_demo: bool) -> None:
    """Run the whole service locally on the embedded defaults; Ctrl-C stops everything."""
    settings = settings_or_exit()
    configure_logging({**os.environ, "COACH_PROCESS": "dev"})  # its own lines (migrations) say who wrote them
    keep_private(settings.instance_path)
    stack = Stack()
    stopping = False

    def _stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    env = dict(os.environ)
    try:
        if settings.redis_embedded:
            stack.redis = EmbeddedRedis(embedded_redis_socket(settings.instance_path), settings.instance_path)
            stack.redis.start()
            click.echo(f"embedded Redis on {stack.redis.socket_path}")
        env.update(dev_environment(settings.instance_path, env))
        env.setdefault("SENDGRID_API_HOST", settings.sendgrid_api_host)
        env.setdefault("COACH_SERVICE_URL", f"http://127.0.0.1:{settings.port}")
        # gunicorn's workers share request metrics through this folder; gunicorn empties it at start.
        env.setdefault("PROMETHEUS_MULTIPROC_DIR", str(settings.instance_path / "prometheus"))
        migrate.upgrade(settings.database_url)
        if not no_demo:
            _seed_demo_if_empty(env)
        for name, argv in process_commands(settings).items():
            stack.start(name, argv, {**env, "COACH_PROCESS": name})  # log lines name their process
        banner = ReadyBanner(settings)
        while not stopping:
            banner.poll()
            exited = stack.first_exited()
            if exited:
                click.echo(f"{exited} exited; stopping everything", err=True)
                break
            time.sleep(0.3)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stack.stop()
        click.echo("stopped")
    if not stopping:
        sys.exit(1)


class ReadyBanner:
    """Says where everything runs, and the demo lead's sign-in, once the web process answers and the
    workers' start-up lines have passed, so the password does not scroll away in their output."""

    SETTLE = 2.5  # seconds after the web answers, for the workers' start-up lines to pass
    GIVE_UP = 60.0

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.started = time.monotonic()
        self.ready_at: float | None = None
        self.done = False

    def poll(self) -> None:
        if self.done:
            return
        now = time.monotonic()
        if self.ready_at is None and (_answers(self.settings.port) or now - self.started > self.GIVE_UP):
            self.ready_at = now
        if self.ready_at is not None and now - self.ready_at >= self.SETTLE:
            self.done = True
            click.echo(banner_text(self.settings))
            sys.stdout.flush()  # not only at exit when stdout is a file or a pipe


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
            return True
    except (OSError, ValueError):
        return False


def banner_text(settings: Settings) -> str:
    """Where the app, the sandbox and the demo lead's sign-in are."""
    lines = [
        "",
        f"  Coach is running: {settings.public_url}/",
        f"  SendGrid sandbox inbox: http://localhost:{settings.sandbox_port}/",
    ]
    found = read_credentials(settings.instance_path)
    path = credentials_path(settings.instance_path)
    if found is not None:
        email, password = found
        lines += [
            f"  Demo lead: sign in at {settings.public_url}/leads/login",
            f"    email:    {email}",
            f"    password: {password}",
            f"    (kept in {path}; `coach demo --reset-password` makes a new one)",
        ]
    else:
        lines.append("  No demo lead password on file: `coach demo --reset-password` prints a new one.")
    lines += ["  Press Ctrl-C to stop.", ""]
    return "\n".join(lines)


def _seed_demo_if_empty(env: Mapping[str, str]) -> None:
    """Seed demo data when the `demo` command exists and the database has no programs yet."""
    from service.cli import main

    if "demo" in main.commands:
        coach = str(Path(sys.executable).parent / "coach")
        subprocess.run([coach, "demo", "--if-empty"], env=dict(env), check=True)  # noqa: S603


commands = [dev]
