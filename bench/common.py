"""Shared benchmark plumbing: one result shape, printed as a table and gathered by `make bench`.

Every benchmark module exposes `run(full: bool = False) -> list[Result]` and can also be run alone
(`python -m bench.<name> [--full]`). Machines are shared and noisy, so each figure comes with a
baseline measured in the same run and the ratio between them; targets are stated as ratios or
absolute floors and checked by `Result.meets_target`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class Result:
    """One measured figure next to its same-run baseline."""

    scenario: str
    figure: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_label: str = ""
    target: str = ""
    ok: bool | None = None
    extra: dict[str, float | str] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline  # type: ignore[operator]


def print_table(results: Sequence[Result]) -> None:
    """A plain table: scenario, figure, value, baseline, ratio, target, verdict."""
    header = ("scenario", "figure", "value", "baseline", "ratio", "target", "ok")
    rows = [header]
    for r in results:
        rows.append(
            (
                r.scenario,
                r.figure,
                f"{r.value:,.1f} {r.unit}",
                "" if r.baseline is None else f"{r.baseline:,.1f} ({r.baseline_label})",
                "" if r.ratio is None else f"{r.ratio:.2f}x",
                r.target,
                {True: "yes", False: "NO", None: ""}[r.ok],
            )
        )
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    for index, row in enumerate(rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print("  ".join("-" * width for width in widths))


def write_json(results: Sequence[Result], path: Path | None = None) -> Path:
    path = path or RESULTS_DIR / "latest.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = [{**asdict(r), "ratio": r.ratio} for r in results]
    path.write_text(json.dumps({"generated_at": time.time(), "results": payload}, indent=2))
    return path


@contextmanager
def timer() -> Iterator[Callable[[], float]]:
    """`with timer() as elapsed: ...; elapsed()` gives seconds since entry."""
    start = time.perf_counter()
    yield lambda: time.perf_counter() - start


def percentile(samples: Sequence[float], pct: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def main_for(run: Callable[[bool], list[Result]], argv: Sequence[str] | None = None) -> None:
    """Entry point for `python -m bench.<name> [--full]`."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true", help="the issue's full size (slow)")
    args = parser.parse_args(argv)
    results = run(args.full)
    print_table(results)


def wipe_postgres(url: str) -> None:
    """Empty a scratch PostgreSQL database whatever schema version it holds."""
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()
