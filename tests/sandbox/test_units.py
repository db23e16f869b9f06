"""The sandbox's pure pieces: address checks, Gmail quoting, fault shares, signing, the test helper."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sendgrid.helpers.eventwebhook import EventWebhook

from sandbox import events
from sandbox.config import FaultSettings, SandboxConfig, generate_private_key_pem, load_private_key
from sandbox.faults import Fault, FaultInjector
from sandbox.inbound import quote_header, quoted_text, reply_subject
from sandbox.testing import api, running_sandbox
from sandbox.validation import is_address
from service.dev_secrets import public_key_base64
from service.settings import ConfigError


@pytest.mark.parametrize(
    "address",
    ["a@example.com", "first.last+tag@sub.example.co.uk", "reply+AbC_-9@reply.coach.localhost",
     "o'brien@example.ie", "jürgen@müller.de", "x@a-b.io"],
)  # fmt: skip
def test_well_formed_addresses_pass(address: str) -> None:
    assert is_address(address)


@pytest.mark.parametrize(
    "address",
    ["", "plain", "@example.com", "a@", "a@example", "a@@example.com", "a b@example.com", "a.@example.com",
     ".a@example.com", "a..b@example.com", "a@-example.com", "a@example..com", "a@example.com\n",
     "Name <a@example.com>", "a@" + "x" * 250 + ".com", None, 5],
)  # fmt: skip
def test_malformed_addresses_fail(address: object) -> None:
    assert not is_address(address)


@pytest.mark.parametrize(
    ("when", "expected"),
    [(datetime(2025, 1, 6, 9, 5, tzinfo=UTC), "On Mon, Jan 6, 2025 at 9:05 AM Coach <c@x.io> wrote:"),
     (datetime(2025, 3, 1, 0, 30, tzinfo=UTC), "On Sat, Mar 1, 2025 at 12:30 AM Coach <c@x.io> wrote:"),
     (datetime(2025, 12, 31, 12, 0, tzinfo=UTC), "On Wed, Dec 31, 2025 at 12:00 PM Coach <c@x.io> wrote:"),
     (datetime(2025, 7, 4, 23, 59, tzinfo=UTC), "On Fri, Jul 4, 2025 at 11:59 PM Coach <c@x.io> wrote:")],
)  # fmt: skip
def test_quote_header_is_gmails(when: datetime, expected: str) -> None:
    assert quote_header({"from": "c@x.io", "from_name": "Coach"}, when) == expected


def test_quoted_text_prefixes_every_original_line() -> None:
    original = {"from": "c@x.io", "from_name": "", "text": "one\n\ntwo"}
    text = quoted_text("New.\n", original, datetime(2025, 1, 6, 9, 5, tzinfo=UTC))
    assert text == "New.\n\nOn Mon, Jan 6, 2025 at 9:05 AM c@x.io wrote:\n> one\n>\n> two\n"
    assert reply_subject("Re: x") == "Re: x" and reply_subject("x") == "Re: x"


def test_fault_shares_are_exact_over_many_draws_and_repeatable() -> None:
    faults = FaultSettings(rate_429=0.2, rate_5xx=0.1, rate_drop=0.05)
    injector, twin = FaultInjector(seed=3), FaultInjector(seed=3)
    draws = [injector.draw(faults)[0] for _ in range(20_000)]
    share = {fault: draws.count(fault) / len(draws) for fault in Fault}
    assert share[Fault.RATE_LIMITED] == pytest.approx(0.2, abs=0.015)
    assert share[Fault.SERVER_ERROR] == pytest.approx(0.1, abs=0.015)
    assert share[Fault.DROP] == pytest.approx(0.05, abs=0.01)
    assert draws[:100] == [twin.draw(faults)[0] for _ in range(100)]
    assert FaultInjector(seed=None).draw(FaultSettings()) == (Fault.NONE, 0)


def test_signature_round_trips_through_the_sendgrid_verifier() -> None:
    key = load_private_key(generate_private_key_pem())
    payload, headers = events.signed_request(key, [{"event": "open"}], timestamp=1700000000)
    verifier = EventWebhook(public_key_base64(key.public_key()))
    assert verifier.verify_signature(payload.decode(), headers[events.SIGNATURE_HEADER], "1700000000")
    assert not verifier.verify_signature(payload.decode(), headers[events.SIGNATURE_HEADER], "1700000001")


@pytest.mark.parametrize(
    ("env", "variable"),
    [({"SANDBOX_LATENCY_MS": "-1"}, "SANDBOX_LATENCY_MS"), ({"SANDBOX_RATE_DROP": "x"}, "SANDBOX_RATE_DROP"),
     ({"SANDBOX_SEED": "1.5"}, "SANDBOX_SEED"), ({"COACH_SERVICE_URL": "ftp://x"}, "COACH_SERVICE_URL"),
     ({"INBOUND_AUTH": "nocolon"}, "INBOUND_AUTH"), ({"SANDBOX_EVENT_PRIVATE_KEY": "junk"}, "SANDBOX_EVENT")],
)  # fmt: skip
def test_bad_environment_names_the_variable(env: dict[str, str], variable: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=variable):
        SandboxConfig.from_env({"SANDBOX_DB": str(tmp_path / "s.db"), **env})


def test_config_defaults_put_the_database_under_the_instance(tmp_path: Path) -> None:
    config = SandboxConfig.from_env({"COACH_INSTANCE_PATH": str(tmp_path), "SANDBOX_AUTO_EVENTS": "1"})
    assert config.db_path == tmp_path.resolve() / "sandbox.db"
    assert config.inbound_url == "http://127.0.0.1:5000/webhooks/sendgrid/inbound"
    assert config.events_url == "http://127.0.0.1:5000/webhooks/sendgrid/events"
    assert config.auto_events and config.seed is None and config.faults == FaultSettings()


def test_running_sandbox_serves_then_stops(tmp_path: Path) -> None:
    with running_sandbox(tmp_path, SANDBOX_PORT="1") as url:
        assert api(url, "GET", "/healthz") == (200, {"status": "ok"})
        port = int(url.rsplit(":", 1)[1])
    assert (tmp_path / "sandbox.db").exists()
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0


def test_cli_help_describes_the_command() -> None:
    coach = Path(sys.executable).parent / "coach"
    result = subprocess.run(
        [coach, "sandbox", "--help"], capture_output=True, text=True, check=True, timeout=60
    )
    assert "--port" in result.stdout and "--host" in result.stdout and "--threads" in result.stdout
