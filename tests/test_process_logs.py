"""The processes `coach dev` starts, as it starts them: JSON lines with request_id from gunicorn, with
job_id from the RQ worker, and /metrics counting the requests of both gunicorn workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from redis import Redis

from sandbox.testing import free_port
from service.cli.dev import process_commands
from service.db import Database
from service.queues import enqueue
from service.settings import PROJECT_ROOT, Settings
from tests.conftest import settings_env


def json_lines(text: str) -> list[dict[str, object]]:
    lines = []
    for line in text.splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture()
def env(db: Database, redis_url: str, tmp_path: Path) -> dict[str, str]:
    port = free_port()
    return {
        **os.environ,
        **settings_env(db.url, redis_url, tmp_path / "instance", PORT=str(port), COACH_LOG_FORMAT="json"),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }


def test_gunicorn_writes_json_lines_with_request_ids_and_metrics_add_up_across_workers(
    env: dict[str, str], tmp_path: Path
) -> None:
    settings = Settings.from_env(env)
    log_path = tmp_path / "web.log"
    with log_path.open("wb") as log:
        web = subprocess.Popen(
            process_commands(settings)["web"], env=env, cwd=PROJECT_ROOT, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{settings.port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                opener.open(base + "/healthz", timeout=2).read()
                break
            except OSError:
                assert web.poll() is None and time.monotonic() < deadline, log_path.read_text()[-3000:]
                time.sleep(0.3)
        ids = [f"probe-{n}" for n in range(20)]
        for request_id in ids:
            request = urllib.request.Request(  # noqa: S310 - our own http:// server
                base + "/healthz", headers={"X-Request-ID": request_id}
            )
            with opener.open(request, timeout=10) as response:
                assert response.headers["X-Request-ID"] == request_id
        metrics = opener.open(base + "/metrics", timeout=10).read().decode()
    finally:
        _stop(web)
    lines = json_lines(log_path.read_text())
    assert lines, log_path.read_text()[-2000:]
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    tagged = {line.get("request_id") for line in lines if line["logger"] == "service.access"}
    assert set(ids) <= tagged
    served = [
        float(line.rsplit(" ", 1)[1])
        for line in metrics.splitlines()
        if line.startswith('coach_http_requests_total{endpoint="health.healthz"')
    ]
    assert sum(served) >= len(ids) + 1  # every worker's count, whichever worker answered /metrics


def test_the_rq_worker_writes_json_lines_with_job_ids(
    env: dict[str, str], redis: Redis, settings: Settings, tmp_path: Path
) -> None:
    job = enqueue("workers.subscriptions.expire_unconfirmed_subscriptions", connection=redis)
    worker = [*process_commands(Settings.from_env(env))["worker"], "--burst"]
    done = subprocess.run(worker, env=env, cwd=PROJECT_ROOT, capture_output=True, timeout=120)
    output = (done.stdout + done.stderr).decode(errors="replace")
    assert done.returncode == 0, output[-3000:]
    lines = json_lines(done.stderr.decode(errors="replace"))
    assert lines and len(lines) == len([line for line in done.stderr.decode().splitlines() if line.strip()])
    [job_line] = [line for line in lines if line["logger"] == "workers.subscriptions"]
    assert job_line["job_id"] == job.id and job_line["queue"] == "default"
    assert any(line["logger"] == "rq.worker" for line in lines)
    # RQ's own lines about the job (started, completed) carry its id too
    about_job = [line for line in lines if line["logger"] == "rq.worker" and job.id in str(line["message"])]
    assert about_job and all(line.get("job_id") == job.id for line in about_job)
    assert any("Successfully completed" in str(line["message"]) for line in about_job)


def test_the_sandbox_writes_the_same_json_lines(env: dict[str, str], tmp_path: Path) -> None:
    """`coach dev` runs the sandbox beside the service: its gunicorn lines follow COACH_LOG_FORMAT too."""
    settings = Settings.from_env({**env, "SANDBOX_PORT": str(free_port())})
    log_path = tmp_path / "sandbox.log"
    with log_path.open("wb") as log:
        sandbox = subprocess.Popen(
            process_commands(settings)["sandbox"], env={**env, "SANDBOX_PORT": str(settings.sandbox_port)},
            cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                opener.open(f"http://127.0.0.1:{settings.sandbox_port}/", timeout=2).read()
                break
            except OSError:
                assert sandbox.poll() is None and time.monotonic() < deadline, log_path.read_text()[-3000:]
                time.sleep(0.3)
    finally:
        _stop(sandbox)
    text = [line for line in log_path.read_text().splitlines() if line.strip()]
    lines = json_lines("\n".join(text))
    assert text and len(lines) == len(text), text[:5]  # every line is JSON, none in gunicorn's own format
    assert any(line["logger"] == "gunicorn" and "Listening at" in str(line["message"]) for line in lines)
