"""Enrolment by CSV: the parser's rules (table-driven), then upload -> RQ job -> status page."""

from __future__ import annotations

import csv
import io
import re

import pytest
from flask.testing import FlaskClient
from rq import SimpleWorker
from sqlalchemy import func, select

from service.db import Database
from service.enrolment import MAX_BYTES, CsvProblem, parse_upload
from service.models import Manager, Message, ProgramInvitation
from service.queues import DEFAULT, queue, redis_connection
from tests.leads.conftest import World, csrf_token, login

NUMBERS = {"3": "prepare-for-conflict"}


@pytest.mark.parametrize(
    ("data", "rows", "lines"),
    [
        (b"email,name\na@example.com,Ann\n", [{"email": "a@example.com", "name": "Ann"}], [2]),
        ("\ufeffE-mail;x,Time zone,Lesson\nb@example.com,Europe/Berlin,3\n".replace(";x", "").encode(),
         [{"email": "b@example.com", "timezone": "Europe/Berlin", "focus": "prepare-for-conflict"}], [2]),
        (b"email,name,timezone\nc@example.com,,UTC\nC@Example.com,Cy,Europe/Paris\n",  # repeats: both read
         [{"email": "c@example.com", "timezone": "UTC"},
          {"email": "C@Example.com", "name": "Cy", "timezone": "Europe/Paris"}], [2, 3]),
        (b"email,name\n\n , \nd@example.com,Dee\n", [{"email": "d@example.com", "name": "Dee"}], [4]),
        (b"name,email,department\nEd,e@example.com,Sales\n", [{"email": "e@example.com", "name": "Ed"}], [2]),
        (b"email\nnot-an-email\n", [{"email": "not-an-email"}], [2]),  # row checks happen at import
        (b'email,name\n"f@x.com","Fay, ""boss"""\n', [{"email": "f@x.com", "name": 'Fay, "boss"'}], [2]),
        (b'email,name\n"g@x.com","two\nlines"\nh@x.com,H\n',  # a line number is where its record starts
         [{"email": "g@x.com", "name": "two\nlines"}, {"email": "h@x.com", "name": "H"}], [2, 4]),
        (b"email,line,problem\n'=x@x.com,3,bad\n", [{"email": "=x@x.com"}], [2]),  # our failed-lines file
    ],
)  # fmt: skip
def test_parser_reads_every_line_on_its_own_with_its_number(
    data: bytes, rows: list[dict[str, str]], lines: list[int]
) -> None:
    parsed = parse_upload(data, NUMBERS)
    assert (parsed.rows, parsed.lines) == (rows, lines)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"email,name\n", "no managers"),
        (b"name,timezone\nAnn,UTC\n", "header naming the columns"),
        ("email\nzoë@example.com\n".encode("latin-1"), "not UTF-8"),
        (b"email\n" + b"x" * (MAX_BYTES + 1), "larger than"),
        (b"email\na@example.com\x00\n", "not valid CSV"),
    ],
)
def test_parser_rejects_unusable_files_with_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(CsvProblem, match=message):
        parse_upload(data)


def test_parser_caps_the_number_of_rows() -> None:
    from service.enrolment import MAX_ROWS

    data = b"email\n" + b"".join(f"m{index}@example.com\n".encode() for index in range(MAX_ROWS + 1))
    with pytest.raises(CsvProblem, match="more than"):
        parse_upload(data)


def _run_jobs() -> None:
    SimpleWorker([queue(DEFAULT)], connection=redis_connection()).work(burst=True)


def _upload(client: FlaskClient, program_id: int, content: str) -> str:
    token = csrf_token(client, f"/leads/programs/{program_id}/enrol")
    response = client.post(
        f"/leads/programs/{program_id}/enrol",
        data={"csrf_token": token, "file": (io.BytesIO(content.encode()), "team.csv")},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    return response.headers["Location"]


CSV = """email,name,timezone,focus
new.one@example.com,New One,Europe/London,share-credit
NEW.ONE@example.com,,,
new.two@example.com,New Two,,3
broken-address,Bad Row,UTC,
new.three@example.com,Three,Mars/Olympus,
bob@example.com,Bob From B,UTC,
new.four@example.com,Four,America/New_York,no-such-lesson
zed@example.com,Zed Typo,Europe/Berln,
zed@example.com,Zed Fixed,Europe/Berlin,
"""


def _problems(page: str) -> dict[str, str]:
    cells = re.findall(r'<td data-label="(?:Line|Email|Problem)"[^>]*>([^<]*)</td>', page)
    return {cells[i]: cells[i + 2] for i in range(0, len(cells), 3)}


def test_upload_invites_every_valid_line_lists_the_rest_and_offers_the_failed_ones(
    client: FlaskClient, world: World, db: Database
) -> None:
    login(client, world.lead_a.email)
    status_url = _upload(client, world.program_a, CSV)
    assert client.get(status_url + ".json").get_json()["state"] == "queued"
    _run_jobs()
    status = client.get(status_url + ".json").get_json()
    counts = ("state", "total", "done", "invited", "already_enrolled", "repeated", "errors")
    assert {key: status[key] for key in counts} == {
        "state": "done", "total": 9, "done": 9, "invited": 4, "already_enrolled": 0, "repeated": 1,
        "errors": 4,
    }  # fmt: skip
    page = client.get(status_url).get_data(as_text=True)
    assert "Done: 9 of 9 lines processed." in page
    problems = _problems(page)
    assert set(problems) == {"3", "5", "6", "8", "9"}  # bob@ (program B's) is invited like anyone: no error
    assert "Same address as line 2" in problems["3"]
    assert "timezone" in problems["6"] and "Did you mean" not in problems["6"]  # Mars/Olympus: no guess
    assert "Did you mean Europe/Berlin?" in problems["9"]
    with db.session() as session:
        rows = session.execute(
            select(Manager.email, Manager.name).where(Manager.program_id == world.program_a)
        )
        members = dict(rows.all())
        invited = dict(session.execute(select(ProgramInvitation.email, ProgramInvitation.name)).all())
        invitations = session.scalar(select(func.count()).where(Message.kind == "invitation"))
        bob = session.scalars(select(Manager).where(Manager.email == "bob@example.com")).one()
    assert members == {"ann@example.com": "Ann Alpha"}  # nobody joins by being listed
    assert invited == {
        "new.one@example.com": "New One",
        "new.two@example.com": "New Two",
        "bob@example.com": "Bob From B",
        "zed@example.com": "Zed Fixed",  # the valid repeat of a failed line is invited, not lost
    }
    assert (bob.program_id, bob.name) == (world.program_b, "Bob Beta")  # untouched until he accepts
    assert invitations == 4

    link = re.search(r'href="([^"]+/failed\.csv)" id="failed-download"', page)
    assert link is not None and "Download the 4 failed lines" in page
    response = client.get(link.group(1))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="team-failed-lines.csv"' in response.headers["Content-Disposition"]
    failed = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [row[4] for row in failed] == ["line", "5", "6", "8", "9"]
    assert failed[4][:3] == ["zed@example.com", "Zed Typo", "Europe/Berln"]
    assert failed[4][5].endswith("Did you mean Europe/Berlin?")


def test_uploading_the_same_file_again_invites_nobody_twice(
    client: FlaskClient, world: World, db: Database
) -> None:
    login(client, world.lead_a.email)
    _upload(client, world.program_a, CSV)
    _run_jobs()
    second = _upload(client, world.program_a, CSV)
    _run_jobs()
    status = client.get(second + ".json").get_json()
    assert (status["invited"], status["already_enrolled"]) == (4, 0)  # invited already: the same answer
    with db.session() as session:
        assert session.scalar(select(func.count()).where(Message.kind == "invitation")) == 4


def test_a_large_file_is_imported_in_chunks_with_progress(
    client: FlaskClient, world: World, db: Database
) -> None:
    from service.enrolment import uploads

    login(client, world.lead_a.email)
    rows = "".join(f"bulk{index}@example.com,Bulk {index},UTC\n" for index in range(450))
    status_url = _upload(client, world.program_a, "email,name,timezone\n" + rows)
    seen: list[int] = []
    original = uploads._record

    def spy(redis, upload_id, issues, failed, **increments):  # type: ignore[no-untyped-def]
        original(redis, upload_id, issues, failed, **increments)
        seen.append(int(redis.hget(uploads._key(upload_id), "done") or 0))

    uploads._record = spy  # type: ignore[assignment]
    try:
        _run_jobs()
    finally:
        uploads._record = original  # type: ignore[assignment]
    assert seen[-3:] == [200, 400, 450]  # the status page sees each chunk land
    assert client.get(status_url + ".json").get_json()["invited"] == 450


def test_a_file_that_cannot_be_read_fails_with_its_reason(client: FlaskClient, world: World) -> None:
    login(client, world.lead_a.email)
    status_url = _upload(client, world.program_a, "name\nAnn\n")
    _run_jobs()
    status = client.get(status_url + ".json").get_json()
    assert status["state"] == "failed" and "header" in status["message"]
    assert "could not be imported" in client.get(status_url).get_data(as_text=True)


def test_upload_status_of_an_unknown_id_is_404(client: FlaskClient, world: World) -> None:
    login(client, world.lead_a.email)
    for upload_id in ("nope", "../../etc", "a" * 60):
        assert client.get(f"/leads/programs/{world.program_a}/enrol/{upload_id}.json").status_code == 404
