"""`coach journey`: the simulated 120-day journeys the issue's Done-when describes, and clear errors."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from statistics import mean
from typing import Any

import pytest
from click.testing import CliRunner

from service.cli import main
from service.curriculum import load_curriculum

BASE = ["journey", "--focus", "share-credit", "--json"]


def run_journey(*args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, [*BASE, *args])
    assert result.exit_code == 0, result.output
    sends: list[dict[str, Any]] = json.loads(result.output)
    for send in sends:
        assert {"send_at_utc", "send_at_local", "kind", "content_id"} <= set(send)
        assert send["kind"] in {"nudge", "prompt", "followup", "checkin", "review", "commitment", "handover"}
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


def business_days_between(earlier: date, later: date) -> int:
    """Monday-to-Friday days after `earlier` up to and including `later`."""
    return sum((earlier + timedelta(days=n)).weekday() < 5 for n in range(1, (later - earlier).days + 1))


def test_never_replying_reasks_once_after_three_business_days_then_checks_in_within_four_weeks() -> None:
    sends = run_journey(*NEW_YORK_SPRING, "--replies", "never")
    kinds = [send["kind"] for send in sends]
    moments = local_times(sends)
    reasks = [i for i, send in enumerate(sends) if send["reask"]]
    assert reasks
    for i in reasks:
        asked = next(j for j in range(i) if sends[j]["content_id"] == sends[i]["content_id"])
        assert business_days_between(moments[asked].date(), moments[i].date()) >= 3
    prompts = [send["content_id"] for send in sends if send["kind"] == "prompt"]
    assert max(prompts.count(prompt) for prompt in prompts) == 2  # at most one re-ask per prompt
    assert kinds[-1] == "checkin"
    assert kinds.count("checkin") == 1
    assert (moments[-1].date() - moments[0].date()).days <= 28
    assert "followup" not in kinds
    assert all((moment.hour, moment.minute) == (9, 0) for moment in moments)


def test_going_quiet_brings_the_checkin_within_four_weeks_and_fewer_emails_than_replying() -> None:
    quiet = run_journey(*NEW_YORK_SPRING, "--replies", "went-quiet")
    always = run_journey(*NEW_YORK_SPRING, "--replies", "always")
    assert len(quiet) < len(always)
    assert quiet[-1]["kind"] == "checkin"
    moments = local_times(quiet)
    last_answered = max(
        moment for moment, send in zip(moments, quiet, strict=True)
        if send["kind"] == "prompt" and moment < moments[0] + timedelta(days=14)
    )  # fmt: skip
    assert (moments[-1].date() - last_answered.date()).days <= 28


def test_replies_that_tell_nothing_bring_no_followup_no_reask_and_no_checkin() -> None:
    nothing = run_journey(*NEW_YORK_SPRING, "--replies", "nothing")
    never = run_journey(*NEW_YORK_SPRING, "--replies", "never")
    kinds = [send["kind"] for send in nothing]
    assert "prompt" in kinds and "nudge" in kinds
    assert not {"followup", "checkin"} & set(kinds)
    prompts = [send["content_id"] for send in nothing if send["kind"] == "prompt"]
    assert len(prompts) == len(set(prompts))  # each one answered: none asked again
    assert any(send.get("reask") for send in never)  # unanswered prompts are asked again


def test_answers_that_say_no_get_only_the_followups_written_to_fit_a_no() -> None:
    def lesson(sends: list[dict[str, Any]], kind: str) -> list[str]:
        return [s["content_id"] for s in sends if s["kind"] == kind and s["content_id"].startswith("share-")]

    sends = run_journey("--start", "2025-01-06", "--days", "120", "--replies", "no")
    always = run_journey("--start", "2025-01-06", "--days", "120", "--replies", "always")
    fitting = {item.id for lesson in load_curriculum().lessons for item in lesson.followups if item.fits_no}
    # p6 and p7 ask how much ("None, they say 'I closed it'"), the five others who or which
    assert set(lesson(sends, "followup")) == {"share-credit.f8", "share-credit.f3"} <= fitting
    assert len(lesson(always, "followup")) == 7  # a yes: each prompt its own
    prompts = lesson(sends, "prompt")
    assert len(prompts) == len(set(prompts)) == 7  # answered: none asked again
    assert all(send["replied"] for send in sends if send["kind"] == "prompt")
    assert not any(send["replied"] for send in sends if send["kind"] in ("nudge", "followup"))
    assert "checkin" not in {send["kind"] for send in sends}


@pytest.mark.parametrize("start", ["2026-12-07", "2025-03-03", "2027-06-16"])
def test_a_checkin_never_comes_the_day_after_another_email(start: str) -> None:
    """Found by a new user: answering every other prompt brought check-ins the day after a nudge
    or a re-ask. Now it waits three days when that still falls within four weeks of silence."""
    sends = run_journey("--start", start, "--days", "300", "--replies", "every-other")
    days = [date.fromisoformat(send["send_at_local"][:10]) for send in sends]
    checkins = [i for i, send in enumerate(sends) if send["kind"] == "checkin"]
    assert checkins
    for i in checkins:
        assert (days[i] - days[i - 1]).days >= 3, (sends[i - 1], sends[i])


@pytest.mark.parametrize("pattern", ["always", "every-other", "went-quiet", "no"])
def test_every_followup_answers_the_prompt_just_answered(pattern: str) -> None:
    sends = run_journey(*NEW_YORK_SPRING, "--replies", pattern)
    followups = [i for i, send in enumerate(sends) if send["kind"] == "followup"]
    assert followups
    for i in followups:
        answered = sends[i - 1]
        assert answered["kind"] == "prompt"
        assert sends[i]["in_reply_to"] == answered["content_id"]
        assert sends[i]["answers"] in (answered["content_id"], None)


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
    assert "handover  yes       handover\n" in result.output  # answered: the next lesson chosen
    assert "develop-interpersonal-skills.n1" in result.output
    lines = result.output.splitlines()
    answered = [line for line in lines if " prompt    yes " in line]
    assert answered and all("prompt    yes" in line for line in lines if " prompt " in line)  # always
    assert result.output.splitlines()[-1].endswith("the window ended before any pause")


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


def test_missing_focus_exits_2() -> None:
    result = CliRunner().invoke(main, ["journey", "--tz", "UTC"])
    assert result.exit_code == 2
    assert "Missing option '--focus'" in result.output


def test_focus_alone_prints_a_journey_in_utc_from_today_for_90_days() -> None:
    result = CliRunner().invoke(main, ["journey", "--focus", "share-credit", "--json"])
    assert result.exit_code == 0, result.output
    sends = json.loads(result.output)
    first, last = (datetime.fromisoformat(sends[i]["send_at_local"]) for i in (0, -1))
    today = datetime.now(UTC).date()
    assert first.utcoffset() == timedelta(0)  # UTC
    assert today <= first.date() <= today + timedelta(days=3)
    assert (last.date() - today).days < 90 and len(sends) > 10


@pytest.mark.parametrize("start", ["2025-03-03", "2025-06-05", "2025-10-31"])
def test_each_commitment_checkback_arrives_within_four_days_after_the_date_named(start: str) -> None:
    sends = run_journey(
        "--tz", "Europe/Berlin", "--start", start, "--days", "120", "--replies", "commitments"
    )
    checkbacks = [send for send in sends if send["kind"] == "commitment"]
    assert len(checkbacks) >= 4
    for send in checkbacks:
        sent_on = datetime.fromisoformat(send["send_at_local"]).date()
        named = date.fromisoformat(send["due_local"])
        assert 0 <= (sent_on - named).days <= 4, send
    assert len({send["content_id"] for send in checkbacks}) == len(checkbacks)
    days = [moment.date() for moment in local_times(sends)]
    assert len(set(days)) == len(days)  # never two emails on one local day


def test_always_replying_for_400_days_follows_up_each_answer_hands_over_and_carries_on() -> None:
    sends = run_journey("--tz", "UTC", "--start", "2025-03-03", "--days", "400", "--replies", "always")
    for i, send in enumerate(sends):
        if send["kind"] == "followup":
            assert sends[i - 1]["kind"] == "prompt"
            assert send["answers"] == send["in_reply_to"] == sends[i - 1]["content_id"]
    review = next(i for i, send in enumerate(sends) if send["kind"] == "review")
    assert sends[review + 1]["kind"] == "handover" and sends[review + 1]["content_id"] == "handover"
    lessons = list(dict.fromkeys(send["lesson"] for send in sends))
    assert lessons[:2] == ["share-credit", "develop-interpersonal-skills"] and len(lessons) >= 3
    assert sends[review + 2]["lesson"] == "develop-interpersonal-skills"
    assert sends[review + 2]["content_id"] == "develop-interpersonal-skills.n1"
