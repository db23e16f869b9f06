"""`make bench`'s dispatcher scenario still runs against the dispatcher as it is (it once asserted an
old job size and crashed): a small run whose tick creates every due email in whole send jobs."""

from __future__ import annotations

from bench import dispatch_scaling


def test_the_dispatch_scaling_bench_runs_and_reports_both_ticks() -> None:
    (result,) = dispatch_scaling.run(large=dispatch_scaling.SMALL + 2_000, repeats=1)
    assert result.scenario == "dispatch_scaling"
    assert result.value > 0 and result.baseline is not None and result.baseline > 0
    assert result.ratio is not None and result.ok is (result.ratio <= 1.5)
