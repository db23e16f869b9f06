"""`coach journey`: the simulated 120-day journeys the issue's Done-when describes, and clear errors."""

from __future__ import annotations

import json
from datetime import datetime
from itertools import pairwise
from statistics import mean
from typing import Any

import pytest
from click.testing import CliRunner

from service.cli import main

BASE = ["journey", "--focus", "share-credit", "--json"]


def run_journey(*args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, [*BASE, *args])
    assert result.exit_code == 0, result.output
    sends: list[dict[str, Any]] = json.loads(result.output)
    for send in sends:
        assert {"send_at_utc", "send_at_local", "kind", "content_id"} <= set(send)
        assert send["kind"] in {"nudge", "prompt", "followup", "checkin", "review"}
        assert send["send_at_utc"].endswith("+00:00")
        assert datetime.fromisoformat(send["send_at_utc"]) == datetime.fromisoformat(send["send_at_local"])
    return sends


def local_times(sends: list[dict[str, Any]]) -> list[datetime]:
    return [datetime.fromisoformat(send["send_at_local"]) for send in sends]


def day_gaps(sends: list[dict[str, Any]]) -> list[int]:
    days = [moment.date() for moment in local_times(sends)]
    return [(later - earlier).days for earlier, later in pairwise(days)]


NEW_YORK_SPRING = ["--tz", "America/New_York", "--start", "2025-03-03", "--days", "120"]


def test_always_replying_widens_the_gaps_across_a_dst_change() -> None:
    sends = run_journey(*NEW_YORK_SPRING, "--replies", "always")
    gaps = day_gaps(sends)
    assert mean(gaps[-5:]) > mean(gaps[:5]) + 2
    assert max(gaps[:3]) < max(gaps)
    assert {send["kind"] for send in sends} >= {"nudge", "prompt", "followup"}
    assert not any(send["reask"] for send in sends)
    moments = local_times(sends)
    assert all(moment.weekday() < 5 and (moment.hour, moment.minute) == (9, 0) for moment in moments)
    assert {moment.strftime("%z") for moment in moments} == {"-0500", "-0400"}
    days = [moment.date() for moment in moments]
    assert len(set(days)) == len(days)


def test_never_replying_reasks_then_halves_then_checks_in_and_pauses() -> None:
    sends = run_journey(*NEW_YORK_SPRING, "--replies", "never")
    kinds = [send["kind"] for send in sends]
    reasks = [i for i, send in enumerate(sends) if send["reask"]]
    assert len(reasks) >= 3
    assert all(sends[i]["content_id"] == sends[i - 1]["content_id"] for i in reasks)
    # The third distinct prompt marks three unanswered in a row: gaps afterwards are at least doubled.
    prompts = list(dict.fromkeys(send["content_id"] for send in sends if send["kind"] == "prompt"))
    third = next(i for i, send in enumerate(sends) if send["content_id"] == prompts[2])
    gaps = day_gaps(sends)
    assert mean(gaps[third:]) >= 2 * mean(gaps[:third])
    assert kinds[-1] == "checkin"
    assert kinds.count("checkin") == 1
    assert "followup" not in kinds
    assert all((moment.hour, moment.minute) == (9, 0) for moment in local_times(sends))


def test_table_output_says_why_the_journey_ended() -> None:
    result = CliRunner().invoke(
        main, ["journey", "--focus", "share-credit", *NEW_YORK_SPRING, "--replies", "never"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].endswith("paused: unresponsive")
    assert "(re-ask)" in result.output
    result = CliRunner().invoke(
        main, ["journey", "--focus", "share-credit", *NEW_YORK_SPRING[:-1], "200", "--replies", "always"]
    )
    assert "paused: lesson-complete (next lesson offered: develop-interpersonal-skills)" in result.output


def test_berlin_spring_forward_keeps_nine_local_and_shifts_utc() -> None:
    sends = run_journey("--tz", "Europe/Berlin", "--start", "2025-03-20", "--days", "60")
    assert all((moment.hour, moment.minute) == (9, 0) for moment in local_times(sends))
    assert {send["send_at_utc"][11:16] for send in sends} == {"08:00", "07:00"}


def test_nonexistent_local_time_moves_forward_in_the_southern_hemisphere() -> None:
    sends = run_journey(
        "--tz", "Australia/Adelaide", "--start", "2025-09-14", "--days", "42",
        "--send-time", "02:30", "--weekdays", "sun", "--intensity", "intense",
    )  # fmt: skip
    by_day = {moment.date().isoformat(): moment for moment in local_times(sends)}
    assert "2025-10-05" in by_day  # clocks jump from 02:00 to 03:00 that Sunday
    assert by_day.pop("2025-10-05").strftime("%H:%M%z") == "03:30+1030"
    assert by_day and all(moment.strftime("%a %H:%M") == "Sun 02:30" for moment in by_day.values())


def test_half_hour_zone_keeps_the_chosen_time() -> None:
    sends = run_journey(
        "--tz", "Asia/Kolkata", "--start", "2025-06-02", "--days", "30", "--send-time", "07:45"
    )
    assert {send["send_at_local"][11:] for send in sends} == {"07:45:00+05:30"}
    assert {send["send_at_utc"][11:16] for send in sends} == {"02:15"}


def test_journey_is_deterministic() -> None:
    args = ("--tz", "Pacific/Auckland", "--start", "2025-04-01", "--days", "90", "--replies", "every-other")
    assert run_journey(*args) == run_journey(*args)


GOOD = ["--focus", "share-credit", "--tz", "UTC", "--start", "2025-01-01", "--days", "30"]
ERRORS = [
    ("unknown-focus", {"--focus": "nope"}, "unknown lesson 'nope'"),
    ("unknown-timezone", {"--tz": "Mars/Base"}, "unknown timezone 'Mars/Base'"),
    ("path-like-timezone", {"--tz": "../../etc/passwd"}, "unknown timezone"),
    ("impossible-date", {"--start": "2025-02-30"}, "not a date in the form YYYY-MM-DD"),
    ("wrong-date-format", {"--start": "01/02/2025"}, "not a date in the form YYYY-MM-DD"),
    ("date-out-of-range", {"--start": "0001-01-01"}, "must lie between"),
    ("zero-days", {"--days": "0"}, "'--days'"),
    ("too-many-days", {"--days": "731"}, "'--days'"),
    ("days-not-a-number", {"--days": "ten"}, "'--days'"),
    ("bad-time", {"--send-time": "25:00"}, "not a time in the form HH:MM"),
    ("time-with-seconds", {"--send-time": "09:00:00"}, "not a time in the form HH:MM"),
    ("unknown-weekday", {"--weekdays": "mon,funday"}, "unknown weekday 'funday'"),
    ("no-weekdays", {"--weekdays": ","}, "no weekdays given"),
    ("unknown-reply-pattern", {"--replies": "sometimes"}, "'--replies'"),
]


@pytest.mark.parametrize(("changes", "message"), [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_bad_options_exit_2_with_a_message(changes: dict[str, str], message: str) -> None:
    args = list(GOOD)
    for option, value in changes.items():
        if option in args:
            args[args.index(option) + 1] = value
        else:
            args += [option, value]
    result = CliRunner().invoke(main, ["journey", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_missing_required_option_exits_2() -> None:
    result = CliRunner().invoke(main, ["journey", "--focus", "share-credit"])
    assert result.exit_code == 2
    assert "Missing option" in result.output
