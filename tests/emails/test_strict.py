"""A context missing a key fails loudly (StrictUndefined), naming the kind and the key."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError

from service.emails import EmailError, render_email
from service.emails.digest import DASH, DigestError, digest_context
from service.emails.environment import TEMPLATE_DIR, compile_templates, html_environment, text_environment
from service.emails.sample import sample_context, sample_digest_data
from service.enums import EmailKind
from tests.emails.conftest import visible

KINDS = tuple(kind.value for kind in EmailKind)

# One key per kind that its templates cannot do without.
REQUIRED = {
    "confirm": "confirm_url",
    "welcome": "outline",
    "nudge": "item",
    "prompt": "sharing",
    "followup": "quote",
    "checkin": "lesson",
    "review": "recap",
    "digest": "kpis",
    "invitation": "invite_url",
    "notice": "paragraphs",
    "commitment": "links",
    "handover": "choose_urls",
    "password_reset": "reset_url",
}
SHARED = ("site_url", "brand_name", "recipient_name", "preferences_url", "unsubscribe_url")


def test_every_kind_has_a_required_key_listed() -> None:
    assert set(REQUIRED) == set(KINDS)


@pytest.mark.parametrize(("kind", "key"), sorted(REQUIRED.items()))
def test_missing_kind_key_raises_email_error_naming_it(kind: str, key: str) -> None:
    context = sample_context(kind, "share-credit")
    del context[key]
    with pytest.raises(EmailError, match=f"{kind} email: missing context: '{key}' is undefined") as info:
        render_email(kind, context)
    assert isinstance(info.value.__cause__, UndefinedError)


@pytest.mark.parametrize(
    ("kind", "key"), [*(("nudge", key) for key in SHARED), *(("digest", key) for key in SHARED[:3])]
)
def test_missing_layout_key_raises(kind: str, key: str) -> None:
    context = sample_context(kind, "share-credit")
    del context[key]
    with pytest.raises(EmailError, match=f"'{key}' is undefined"):
        render_email(kind, context)


@pytest.mark.parametrize("kind", ("", "newsletter", "../layout", "nudge.html", "NUDGE"))
def test_unknown_kind_is_refused_before_any_template_is_loaded(kind: str) -> None:
    with pytest.raises(EmailError, match="unknown email kind"):
        render_email(kind, sample_context("nudge"))


def test_both_environments_are_strict_and_only_html_escapes() -> None:
    for env in (html_environment(), text_environment()):
        with pytest.raises(UndefinedError):
            env.from_string("{{ missing }}").render()
    assert html_environment().from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    assert text_environment().from_string("{{ x }}").render(x="<b>") == "<b>"
    assert html_environment().autoescape is True


def test_compile_templates_loads_every_template_into_the_environment_that_renders_it() -> None:
    files = {path.name for path in TEMPLATE_DIR.iterdir() if path.suffix in (".html", ".txt")}
    for env in (html_environment(), text_environment()):
        env.cache.clear()  # type: ignore[union-attr]  # Jinja's default LRU cache
    assert compile_templates() == len(files) > 20
    loaded = {
        env_name: {name for (_, name) in env.cache}  # type: ignore[union-attr]
        for env_name, env in (("html", html_environment()), ("text", text_environment()))
    }
    assert loaded["html"] == {name for name in files if name.endswith(".html")}
    assert loaded["text"] == {name for name in files if name.endswith(".txt")}


def test_empty_subject_is_refused() -> None:
    context = {**sample_context("notice", "share-credit"), "subject": "  \n "}
    with pytest.raises(EmailError, match="subject is empty"):
        render_email("notice", context)


BAD_DIGESTS = [
    ("no period", lambda d: d.pop("period_start"), "period_start must be an ISO date"),
    ("bad date", lambda d: d.update(period_end="last week"), "period_end must be an ISO date"),
    ("kpis not a list", lambda d: d.update(kpis="lots"), "kpis must be a list"),
    ("kpi without label", lambda d: d["kpis"][0].pop("label"), r"kpis\[0\].label is required"),
    ("kpi value text", lambda d: d["kpis"][1].update(value="46%"), r"kpis\[1\].value must be a number"),
    ("kpi bool value", lambda d: d["kpis"][1].update(previous=True), r"kpis\[1\].previous must be a number"),
    ("unknown unit", lambda d: d["kpis"][0].update(unit="furlongs"), r"kpis\[0\].unit must be one of"),
    ("stalled not list", lambda d: d.update(stalled={"a": 1}), "stalled must be a list"),
    ("excerpt not object", lambda d: d.update(excerpts=["text"]), r"excerpts\[0\] must be an object"),
]


@pytest.mark.parametrize(("name", "mutate", "message"), BAD_DIGESTS, ids=[b[0] for b in BAD_DIGESTS])
def test_malformed_stored_digest_is_refused_with_the_field_named(name: str, mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    from service.curriculum import load_curriculum

    data = sample_digest_data(load_curriculum().lessons[0])
    mutate(data)
    with pytest.raises(DigestError, match=message):
        digest_context(data, str)


def test_digest_tolerates_empty_weeks_and_missing_previous_values() -> None:
    data = {
        "period_start": "2025-12-29",
        "period_end": "2026-01-04",
        "kpis": [{"label": "Enrolled", "value": 12, "previous": None}],
    }
    context = {**sample_context("digest"), **digest_context(data, str)}
    email = render_email("digest", context)
    assert f"29 December 2025 {DASH} 4 January 2026" in email.subject
    assert "Nobody stalled this week." in email.text and "Nobody unsubscribed this week." in email.text
    assert "No shared reflections this week." in visible(email.html)
