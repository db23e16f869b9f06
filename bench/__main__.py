"""`make bench`: run every benchmark in bench/, print one table, write bench/results/latest.json."""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback

from bench.common import Result, print_table, write_json

# Each module exposes run(full: bool) -> list[Result].
SCENARIOS = (
    "send_wave",
    "dispatch_scaling",
    "inbound",
    "events",
    "dashboard",
    "worker_memory",
    "intent",
    "out_of_office",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="run the issues' full sizes (slow)")
    parser.add_argument("--only", nargs="*", default=None, help="run only these scenarios")
    args = parser.parse_args(argv)
    results: list[Result] = []
    failed: list[str] = []
    for name in args.only or SCENARIOS:
        print(f"== {name}", flush=True)
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bench.{name}":
                raise
            failed.append(f"{name}: not written yet")
            continue
        try:
            results.extend(module.run(args.full))
        except Exception:  # noqa: BLE001 - one broken scenario must not hide the others' figures
            traceback.print_exc()
            failed.append(f"{name}: crashed")
    print()
    print_table(results)
    path = write_json(results)
    print(f"\nwritten to {path}")
    for line in failed:
        print(f"MISSING {line}", file=sys.stderr)
    return 1 if failed or any(r.ok is False for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
