"""Issue 16, item 1: no contact is lost to a detail. A doubtful phone number or e-mail
address is kept as written, marked, shown to the agent and never taken as an exact
identifier, on every channel; only a line that cannot be a contact at all is refused."""

import json
from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from loket.clients.models import Client, ClientPhone
from loket.contact.inputs import clean_contact
from loket.contact.models import Contact
from loket.contact.services import import_jsonl, ingest_message
from tests.contact.conftest import AMS, line

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 10, 12, tzinfo=AMS)

# (field, as written, reason): every kind of doubtful detail of the issue
DOUBTFUL = [
    ("phone", "+31 6 77512915", "phone_invalid"),  # a Dutch mobile number one digit short
    ("phone", "+963 11 234", "phone_invalid"),  # Syrian, of an unexpected length
    ("phone", "+291 7 1234", "phone_invalid"),  # Eritrean, of an unexpected length
    ("phone", "abc", "phone_unreadable"),
    ("email", "aïsha12@gmail.com", "email_international"),  # valid under RFC 6531 only
    ("email", "not an email", "email_malformed"),
]


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize("field,written,reason", DOUBTFUL)
def test_an_import_keeps_the_line_and_marks_the_detail(field, written, reason):
    report = import_jsonl([json.dumps(line(ref="odd", name="Aïsha Haile", **{field: written})) + "\n"])
    assert (report.stored, report.bad) == (1, [])
    contact = Contact.objects.get(ref="odd")
    assert getattr(contact, field) == written
    assert contact.doubts == {field: {"written": written, "reason": reason}}
    held = contact.client.phones.get() if field == "phone" else contact.client.emails.get()
    assert (getattr(held, "number" if field == "phone" else "address"), held.doubt) == (written, reason)


def test_a_doubtful_phone_is_no_exact_identifier():
    """A sound number held by one client identifies the sender even without a name; the
    same number written oddly does not (it may belong to anybody)."""
    rows = [
        line(ref="a", name="Amal Haddad", birth_date="1990-02-03", phone="+31 6 12345678"),
        line(ref="b", birth_date="1990-02-03", phone="06-12345678"),
        line(ref="c", name="Amal Haddad", birth_date="1990-02-03", phone="+31 6 77512915"),
        line(ref="d", birth_date="1990-02-03", phone="+31 6 77512915"),
    ]
    import_jsonl([json.dumps(r) + "\n" for r in rows])
    a, b, c, d = (Contact.objects.get(ref=r) for r in "abcd")
    assert b.client_id == a.client_id and "phone exact" in b.match_reasons
    assert d.client_id != c.client_id and not any("phone" in r for r in d.match_reasons)


def test_a_doubtful_detail_still_counts_where_written_alike():
    rows = [
        line(ref="a", name="Amal Haddad", birth_date="1990-02-03", email="aïsha12@gmail.com"),
        line(ref="b", name="Amal Hadad", birth_date="1990", email="aïsha12@gmail.com"),
    ]
    import_jsonl([json.dumps(r) + "\n" for r in rows])
    assert "shared contact detail" in Contact.objects.get(ref="b").match_reasons


def test_a_contact_with_only_a_doubtful_detail_is_kept_without_a_client():
    import_jsonl([json.dumps(line(ref="x", phone="abc")) + "\n"])
    contact = Contact.objects.get(ref="x")
    assert contact.client_id is None and contact.doubts["phone"]["reason"] == "phone_unreadable"
    assert not Client.objects.exists()


def _raw_mail(sender: str) -> bytes:
    return (
        f"From: {sender}\r\nTo: loket@example.org\r\nSubject: Mijn aanvraag\r\n"
        "Message-ID: <odd@example.org>\r\nDate: Mon, 01 Jun 2026 10:00:00 +0200\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nIk wacht op een beslissing.\r\n"
    ).encode()


def test_a_mail_from_an_international_address_is_taken_in_and_marked():
    received = ingest_message(_raw_mail("Aïsha <aïsha12@gmail.com>"))
    contact = received.contact
    assert contact.email == "aïsha12@gmail.com"
    assert contact.doubts == {"email": {"written": "aïsha12@gmail.com", "reason": "email_international"}}
    assert contact.client.emails.get().doubt == "email_international"


def test_the_web_form_takes_an_odd_phone_without_an_error(client):
    response = client.post(
        "/contact/",
        {
            "name": "Aïsha Haile",
            "phone": "+291 7 1234",
            "topic": "family",
            "subject": "Visum",
            "body": "Hoe lang duurt het?",
            "answer_channel": "phone",
        },
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 302
    assert Contact.objects.get().doubts == {"phone": {"written": "+291 7 1234", "reason": "phone_invalid"}}


@pytest.mark.parametrize(
    "language,heading,reason,flag",
    [
        (
            "nl",
            "Twijfelachtige gegevens",
            "geen geldig nummer in het nummerplan",
            "twijfelachtig, bewaard zoals geschreven",
        ),
        ("en", "Doubtful details", "not a valid number in its country", "doubtful, kept as written"),
    ],
)
def test_the_agent_sees_the_doubt_in_their_language(client, agent, language, heading, reason, flag):
    import_jsonl([json.dumps(line(ref="odd", name="Aïsha Haile", phone="+31 6 77512915")) + "\n"])
    contact = Contact.objects.get(ref="odd")
    client.force_login(agent)
    page = client.get(reverse("desk:contact:contact", args=[contact.pk]), HTTP_ACCEPT_LANGUAGE=language)
    text = page.content.decode()
    assert heading in text and "+31 6 77512915" in text and reason in text
    page = client.get(reverse("desk:clients:detail", args=[contact.client_id]), HTTP_ACCEPT_LANGUAGE=language)
    assert flag in page.content.decode() and reason in page.content.decode()


# The refused-line rule, over a large input space: a line is refused exactly when it
# cannot be a contact (no object, no ref, unknown channel, impossible moment of receipt).
GOOD_MOMENT, FUTURE = "2026-06-01T10:00:00+02:00", "2026-07-01T10:00:00+02:00"
anything = st.one_of(st.none(), st.text(max_size=40), st.integers(), st.lists(st.text(max_size=5), max_size=2))
refs = st.one_of(st.just("r-1"), st.just(""), st.none(), st.integers(1, 10**6), st.lists(st.text(max_size=3)))
channels = st.sampled_from(["email", "phone", "web", "counter", "letter", "fax", "", None, 3])
moments = st.sampled_from([GOOD_MOMENT, "2026-02-30T10:00:00+01:00", "2026-06-01T10:00:00", "yesterday", FUTURE, None])
details = st.fixed_dictionaries(
    {},
    optional={
        "name": anything,
        "phone": st.one_of(anything, st.sampled_from([w for f, w, _r in DOUBTFUL if f == "phone"])),
        "email": st.one_of(anything, st.sampled_from([w for f, w, _r in DOUBTFUL if f == "email"])),
        "v_number": anything,
        "birth_date": st.one_of(anything, st.sampled_from(["1990-02-30", "1990", "00-00-1985", "3000"])),
        "nationality": anything,
        "case_ref": anything,
        "language": anything,
        "topic": anything,
        "caller": anything,
        "call_outcome": anything,
        "answer_channel": anything,
        "subject": anything,
        "message_id": anything,
        "references": anything,
    },
)


def _impossible(ref, channel, moment) -> set[str]:
    bad = set()
    if ref in ("", None) or isinstance(ref, list):
        bad.add("ref")
    if channel not in ("email", "phone", "web", "counter", "letter"):
        bad.add("channel")
    if moment != GOOD_MOMENT:
        bad.add("received_at")
    return bad


@hyp_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ref=refs, channel=channels, moment=moments, fields=details)
def test_a_line_is_refused_exactly_when_it_cannot_be_a_contact(ref, channel, moment, fields):
    raw = {"ref": ref, "channel": channel, "received_at": moment, **fields}
    expected = _impossible(ref, channel, moment)
    try:
        data = clean_contact(raw, now=NOW)
    except ValidationError as exc:
        assert set(exc.message_dict) == expected
    else:
        assert not expected
        for field, doubt in data.doubts.items():
            assert doubt["reason"] and len(doubt["written"]) <= 300, field


def test_a_line_that_is_not_an_object_is_refused():
    report = import_jsonl(["{not json\n", "[1, 2]\n", json.dumps(line(ref="ok", phone="abc")) + "\n"])
    assert [n for n, _reason in report.bad] == [1, 2] and report.stored == 1


def test_staff_registering_a_client_by_hand_are_told_about_an_odd_number(make_user):
    from loket.clients.services import ContactIdentity, register_client
    from loket.core.roles import Role

    agent = make_user(Role.CONTACT_AGENT, username="registrar")
    with pytest.raises(ValidationError) as caught:
        register_client(identity=ContactIdentity(name="Amal Haddad", phone="+31 6 77512915"), actor=agent)
    assert "phone" in caught.value.message_dict and not ClientPhone.objects.exists()
