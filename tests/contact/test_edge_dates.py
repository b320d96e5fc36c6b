"""``received_at`` at the edges of the calendar (issue 12, item 2): 0001-01-01T00:00:00+14:00
was an OverflowError in norms.py, a 500 through the API, and in ``loket contact import`` it
ended the run and lost the valid lines of its batch. A moment with no place in the calendar,
or before 1900, cannot be when a contact was received: it is refused with the reason."""

import json
from datetime import UTC, datetime, timedelta, timezone as dt_timezone

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from hypothesis import given, strategies as st

from loket.contact.inputs import clean_contact
from loket.contact.models import Contact
from loket.contact.norms import NormTable, local_day
from tests.contact.conftest import at, line

pytestmark = pytest.mark.django_db
NOW = at(2026, 6, 2, 12)
EDGE = "0001-01-01T00:00:00+14:00"


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


OFFSETS = st.integers(-14 * 60 + 1, 14 * 60 - 1).map(lambda m: dt_timezone(timedelta(minutes=m)))


@given(st.datetimes(timezones=st.just(None)), OFFSETS, st.sampled_from(["email", "phone", "letter"]))
def test_any_moment_is_a_contact_with_a_due_date_or_refused_on_received_at(moment, offset, channel):
    raw = line(channel=channel, name="A", received_at=moment.replace(tzinfo=offset).isoformat())
    try:
        data = clean_contact(raw, now=NOW)
    except ValidationError as exc:
        assert set(exc.message_dict) == {"received_at"}
        return
    _days, due = NormTable({}).due(data.channel, "", data.received_at)
    assert due > local_day(data.received_at)
    assert datetime(1900, 1, 1, tzinfo=UTC) <= data.received_at <= NOW + timedelta(days=1)


def test_the_api_answers_a_moment_at_the_edge_with_a_400_on_the_field(client, agent):
    client.force_login(agent)
    response = client.post(
        "/api/v1/contact/contacts",
        line(ref="edge", name="A", received_at=EDGE),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == {
        "received_at": [
            "“0001-01-01T00:00:00+14:00” lies at the edge of the calendar: no contact can have been received then."
        ]
    }
    assert not Contact.objects.exists()


def test_a_contact_before_1900_is_refused():
    with pytest.raises(ValidationError) as caught:
        clean_contact(line(name="A", received_at="1899-12-31T23:00:00+00:00"), now=NOW)
    assert caught.value.message_dict["received_at"] == [
        "“1899-12-31T23:00:00+00:00” is before 1900: no contact can have been received then."
    ]


def test_the_import_reports_the_edge_line_and_stores_the_rest_of_its_batch(tmp_path, capsys):
    rows = [
        line(ref="a", name="A. Ali", email="a@example.org"),
        line(ref="edge", name="B", received_at=EDGE),
        line(ref="c", name="C. Haile", email="c@example.org"),
    ]
    path = tmp_path / "contacts.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(SystemExit) as exited:  # a run with bad lines ends with status 1
        call_command("contact", "import", str(path), "--workers", "0")
    assert exited.value.code == 1
    assert sorted(Contact.objects.values_list("ref", flat=True)) == ["a", "c"]
    assert (
        "line 2: received_at: “0001-01-01T00:00:00+14:00” lies at the edge of the calendar" in capsys.readouterr().err
    )


def test_a_letter_registered_as_received_in_the_year_1_is_refused_on_the_page(client, agent):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(agent)
    response = client.post(
        reverse("desk:contact:register_letter"),
        {
            "name": "Sara Haile",
            "received_on": "0001-01-01",
            "body": "Over de leges",
            "scan": SimpleUploadedFile("brief.pdf", b"%PDF-1.4 scanned", content_type="application/pdf"),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "is before 1900: no contact can have been received then." in response.content.decode()
    assert not Contact.objects.exists()
