"""Worker memory: the RSS of a send worker over a long wave (100,000 sends with --full, 10,000 by default).

One production worker process (`rq worker` with SimpleWorker: every job runs in the same process, so a
leak would accumulate) sends the whole wave to the sandbox at 0 ms latency. Its RSS is sampled when
10% of the emails have arrived (the warmed-up baseline) and at the end; target growth <= 10%.

    python -m bench.worker_memory [--full] [--n N] [--database-url URL]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from bench.common import Result, print_table
from bench.send_wave import seed, stack
from sandbox.testing import api, set_faults

DEFAULT_N = 10_000
FULL_N = 100_000
TIMEOUT = 3600.0
MB = 1024 * 1024


@dataclass(eq=False)
class Sampler(threading.Thread):
    """Samples the worker's RSS and the sandbox's message count twice a second."""

    process: psutil.Process
    sandbox: str
    n: int
    samples: list[tuple[float, int, int]] = field(default_factory=list)  # (seconds, arrived, rss)
    stopped: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        super().__init__(name="rss-sampler", daemon=True)
        self.started_at = time.monotonic()

    def run(self) -> None:
        while not self.stopped.is_set():
            arrived = int(api(self.sandbox, "GET", "/api/stats/messages")[1]["messages"])
            rss = int(self.process.memory_info().rss)
            self.samples.append((time.monotonic() - self.started_at, arrived, rss))
            if arrived >= self.n:
                return
            self.stopped.wait(0.5)

    def rss_at(self, share: float) -> int:
        """RSS at the first sample with at least `share` of the emails arrived."""
        return next(rss for _, arrived, rss in self.samples if arrived >= share * self.n)


def run(full: bool = False, n: int | None = None, database_url: str | None = None) -> list[Result]:
    """`make bench` entry point; the keyword arguments are the standalone command's options."""
    from workers.dispatch import dispatch_due

    n = n or (FULL_N if full else DEFAULT_N)
    with tempfile.TemporaryDirectory(prefix="coach-memory-") as tmp, stack(Path(tmp), database_url, 1) as env:
        sandbox = env["SANDBOX_URL"]
        api(sandbox, "DELETE", "/api/messages")
        set_faults(sandbox, latency_ms=0)
        [worker] = [
            p for p in psutil.Process().children() if "worker" in p.cmdline() and "send" in p.cmdline()
        ]
        seed(n, "memory-")
        sampler = Sampler(worker, sandbox, n)
        sampler.start()
        print(f"worker_memory: {n:,} sends through worker pid {worker.pid}", flush=True)
        while dispatch_due().get("created", 0):
            pass
        sampler.join(TIMEOUT)
        sampler.stopped.set()
    arrived = sampler.samples[-1][1]
    assert arrived >= n, f"only {arrived} of {n} emails arrived"
    at_10, at_end = sampler.rss_at(0.10), sampler.samples[-1][2]
    peak = max(rss for _, _, rss in sampler.samples)
    seconds = sampler.samples[-1][0]
    growth = at_end / at_10 - 1
    print(
        f"  RSS {at_10 / MB:,.1f} MB at 10%, {sampler.rss_at(0.5) / MB:,.1f} MB at 50%, "
        f"{at_end / MB:,.1f} MB at the end (peak {peak / MB:,.1f} MB); growth {growth:+.1%}; "
        f"{n / seconds:,.0f} emails/s",
        flush=True,
    )
    return [
        Result(
            scenario="worker_memory",
            figure=f"worker RSS after {n:,} sends",
            value=at_end / MB,
            unit="MB",
            baseline=at_10 / MB,
            baseline_label="RSS at 10%",
            target="<= 1.10x",
            ok=growth <= 0.10,
            extra={"n": n, "peak_mb": round(peak / MB, 1), "seconds": round(seconds, 1)},
        )
    ]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--full", action="store_true", help=f"{FULL_N:,} sends")
    parser.add_argument("--n", type=int, default=None, help=f"sends (default {DEFAULT_N:,})")
    parser.add_argument("--database-url", default=None, help="a scratch PostgreSQL database (wiped)")
    args = parser.parse_args(argv)
    print_table(run(args.full, args.n, args.database_url))


if __name__ == "__main__":
    main()
