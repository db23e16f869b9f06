"""Scale-out on one machine: the send wave with 1, 2 and 4 worker processes; emails/s and efficiency.

Efficiency = rate with n workers / (n x the one-worker rate): 1.0 would be perfect scaling. Each run is
bench/send_wave.py's real pipeline (dispatch -> RQ jobs -> sandbox) on a fresh stack, at 0 ms provider
latency (CPU-bound: the figure a second core or host buys) and at 100 ms (latency-bound, as with the
real SendGrid). The figures feed docs/deploy.md's "Measured scale-out".

    python -m bench.scale_out [--n 5000] [--workers 1 2 4] [--latency 0 100] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from bench.common import Result, print_table
from bench.send_wave import run as send_wave

DEFAULT_N = 5000
FULL_N = 20_000


def run(
    full: bool = False,
    n: int | None = None,
    workers: Sequence[int] = (1, 2, 4),
    latencies: Sequence[int] = (0, 100),
    database_url: str | None = None,
) -> list[Result]:
    n = n or (FULL_N if full else DEFAULT_N)
    backend = "postgresql" if database_url else "sqlite"
    rates: dict[tuple[int, int], float] = {}
    for count in workers:
        for result in send_wave(n=n, workers=count, database_url=database_url, latencies=latencies):
            latency = int(str(result.figure).split()[2])  # "emails/s at 0 ms"
            rates[(latency, count)] = result.value
    results: list[Result] = []
    print(f"\nscale-out ({backend}, {n:,} emails per run, {os.cpu_count()} CPUs)")
    print("latency  workers  emails/s  efficiency")
    for latency in latencies:
        per_worker = rates[(latency, workers[0])] / workers[0]
        for count in workers:
            rate = rates[(latency, count)]
            efficiency = rate / (count * per_worker)
            print(f"{latency:>5} ms  {count:>7}  {rate:>8,.0f}  {efficiency:>10.2f}")
            results.append(
                Result(
                    scenario="scale_out",
                    figure=f"{count} workers at {latency} ms ({backend})",
                    value=rate,
                    unit="emails/s",
                    baseline=per_worker * count,
                    baseline_label=f"{count} x one worker's rate",
                    target="efficiency (ratio), no target",
                    extra={"n": n, "efficiency": round(efficiency, 2)},
                )
            )
    return results


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--full", action="store_true", help=f"{FULL_N:,} emails per run")
    parser.add_argument("--n", type=int, default=None, help=f"emails per run (default {DEFAULT_N:,})")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2, 4])
    parser.add_argument("--latency", type=int, nargs="*", default=[0, 100])
    parser.add_argument("--database-url", default=None, help="a scratch PostgreSQL database (wiped)")
    args = parser.parse_args(argv)
    print_table(run(args.full, args.n, args.workers, args.latency, args.database_url))


if __name__ == "__main__":
    main()
