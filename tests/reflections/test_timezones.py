"""A timezone list people can use: canonical names grouped by region with their offset; aliases read
as their canonical zone; Etc/*, Factory and legacy duplicates are neither offered nor accepted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.db import Database
from service.models import Manager
from service.subscriptions.validation import check_timezone
from service.timezones import aliases, canonical, canonical_names, grouped, offset_label
from tests.reflections.conftest import Mine, page_token, post_with_csrf


def test_the_list_holds_canonical_names_only_each_once() -> None:
    names = canonical_names()
    assert len(names) == len(set(names)) and 400 < len(names) < 450  # zone.tab's places, not 599 raw entries
    assert {"UTC", "Europe/Kyiv", "Asia/Kolkata", "America/Argentina/Buenos_Aires"} <= set(names)
    for refused in ("Factory", "Europe/Kiev", "Asia/Calcutta", "US/Eastern", "Etc/UTC", "GMT", "EST5EDT"):
        assert refused not in names
    assert not [name for name in names if name.startswith(("Etc/", "SystemV/", "posix/", "right/"))]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("Europe/Kiev", "Europe/Kyiv"),
        ("US/Eastern", "America/New_York"),
        ("America/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("Etc/UTC", "UTC"),
        ("Europe/Berlin", "Europe/Berlin"),
        ("Etc/GMT+5", None),
        ("Factory", None),
        ("Mars/Olympus_Mons", None),
        ("", None),
    ],
)
def test_aliases_read_as_their_canonical_zone(name: str, expected: str | None) -> None:
    assert canonical(name) == expected
    assert all(target in canonical_names() for target in aliases().values())


@pytest.mark.parametrize(
    ("name", "when", "label"),
    [
        ("Asia/Kolkata", datetime(2026, 1, 15, tzinfo=UTC), "UTC+05:30"),
        ("Europe/Berlin", datetime(2026, 1, 15, tzinfo=UTC), "UTC+01:00"),
        ("Europe/Berlin", datetime(2026, 7, 15, tzinfo=UTC), "UTC+02:00"),
        ("America/St_Johns", datetime(2026, 1, 15, tzinfo=UTC), "UTC-03:30"),
        ("UTC", datetime(2026, 1, 15, tzinfo=UTC), "UTC+00:00"),
    ],
)
def test_offsets_are_today_s(name: str, when: datetime, label: str) -> None:
    assert offset_label(name, when) == label


def test_groups_by_region_and_keep_a_current_legacy_setting_first() -> None:
    groups = dict(grouped(datetime(2026, 1, 15, tzinfo=UTC), current="Etc/GMT+5"))
    assert list(groups)[:3] == ["Your current setting", "UTC", "Africa"]
    assert groups["Your current setting"][0].name == "Etc/GMT+5"
    assert [o.label for o in groups["Asia"] if o.name == "Asia/Kolkata"] == ["Kolkata (UTC+05:30)"]
    assert "Your current setting" not in dict(
        grouped(datetime(2026, 1, 15, tzinfo=UTC), current="Europe/Kiev2")
    )


@pytest.mark.parametrize(
    ("value", "keep", "result"),
    [
        ("Asia/Calcutta", None, "Asia/Kolkata"),
        ("Europe/Kyiv", None, "Europe/Kyiv"),
        ("", None, "UTC"),
        (None, None, "UTC"),
        ("Etc/GMT+5", "Etc/GMT+5", "Etc/GMT+5"),  # the manager's own earlier setting may stay
        ("Etc/GMT+5", None, ValueError),
        ("Factory", None, ValueError),
        ("Europe/Berlin" * 10, None, ValueError),
        (5, None, ValueError),
        (["UTC"], None, ValueError),
    ],
)
def test_check_timezone(value: object, keep: str | None, result: object) -> None:
    if result is ValueError:
        with pytest.raises(ValueError, match="Choose a timezone from the list"):
            check_timezone(value, keep=keep)
    else:
        assert check_timezone(value, keep=keep) == result


def test_the_select_is_grouped_and_offers_no_raw_names(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert '<optgroup label="Asia">' in html and ">Kolkata (UTC+05:30)</option>" in html
    assert 'value="Factory"' not in html and 'value="Europe/Kiev"' not in html and 'value="Etc/' not in html
    assert "data-aliases='" in html and '"Asia/Calcutta": "Asia/Kolkata"' in html
    assert html.count("<option value=") == len(canonical_names())


def test_saving_an_alias_stores_the_canonical_name(
    app: Flask, client: FlaskClient, db: Database, mine: Mine
) -> None:
    with db.session() as session:
        manager = session.get(Manager, mine.manager_id)
        assert manager is not None and manager.subscription is not None
        page = f"/preferences/{page_token(app, manager.subscription.id, 'preferences')}"
    data = {"timezone": "Asia/Calcutta", "send_time": "08:00", "weekdays": ["mon"], "intensity": "standard"}
    assert post_with_csrf(client, page, f"{page}/schedule", data).status_code == 303  # type: ignore[arg-type]
    with db.session() as session:
        assert session.scalar(select(Manager.timezone).where(Manager.id == mine.manager_id)) == "Asia/Kolkata"
    refused = post_with_csrf(client, page, f"{page}/schedule", {**data, "timezone": "Etc/GMT+5"})  # type: ignore[arg-type]
    assert refused.status_code == 422
