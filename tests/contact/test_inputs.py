"""Checking one contact in the import format: every field, bad input included."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import given, strategies as st

from loket.contact.inputs import clean_contact, parse_timestamp
from tests.contact.conftest import AMS, line

pytestmark = pytest.mark.django_db


def errors_of(raw) -> dict:
    with pytest.raises(ValidationError) as caught:
        clean_contact(raw)
    return caught.value.message_dict


def test_a_full_line_is_read_into_normal_form():
    data = clean_contact(
        line(
            ref="X-1",
            name=" Mohammed  Ali ",
            birth_date="1990",
            nationality="sy",
            v_number="12-3456-7890",
            email="M.Ali@Example.org",
            phone="06 12345678",
            case_ref="ind-2024-001",
            topic="family",
            message_id="abc@mail",
            in_reply_to="<parent@mail>",
        )
    )
    assert data.name == "Mohammed Ali"
    assert data.birth_date == "1990"
    assert data.nationality == "SY"
    assert data.v_number == "1234567890"
    assert data.email == "m.ali@example.org"
    assert data.phone == "+31612345678"
    assert data.case_ref == "IND-2024-001"
    assert data.message_id == "<abc@mail>" and data.in_reply_to == "<parent@mail>"
    assert data.received_at == datetime(2026, 6, 1, 10, tzinfo=AMS)


def test_a_year_given_as_a_number_is_a_year():
    assert clean_contact(line(name="A", birth_date=1988)).birth_date == "1988"


def test_unknown_channel():
    assert "fax" in errors_of(line(channel="fax", name="A"))["channel"][0]


def test_impossible_date():
    assert "channel" not in errors_of(line(received_at="2026-02-30T10:00:00+01:00", name="A"))
    assert "2026-02-30" in errors_of(line(received_at="2026-02-30T10:00:00+01:00", name="A"))["received_at"][0]


def test_impossible_birth_date_is_kept_as_written_and_marked():
    data = clean_contact(line(name="A", birth_date="1990-02-30"))
    assert data.birth_date == "" and data.doubts == {"birth_date": {"written": "1990-02-30", "reason": "unreadable"}}


def test_timestamp_without_offset_is_refused():
    message = errors_of(line(name="A", received_at="2026-06-01T10:00:00"))["received_at"][0]
    assert "offset" in message


@pytest.mark.parametrize(
    "field,value,reason",
    [
        ("v_number", "12345", "unreadable"),
        ("email", "not-an-address", "email_malformed"),
        ("nationality", "Syria", "unreadable"),
        ("topic", "weather", "unreadable"),
        ("caller", "martian", "unreadable"),
        ("references", 12, "unreadable"),
    ],
)
def test_other_odd_fields_are_kept_as_written_and_marked(field, value, reason):
    assert clean_contact(line(name="A", **{field: value})).doubts[field] == {"written": str(value), "reason": reason}


def test_a_ref_that_is_not_text_is_refused():
    assert "ref" in errors_of(line(name="A", ref=["x"]))


def test_every_bad_field_is_named_at_once():
    errs = errors_of(line(channel="fax", received_at="yesterday", phone="x", name="A"))
    assert set(errs) == {"channel", "received_at"}  # the odd phone is no reason to refuse


def test_a_contact_that_says_nothing_about_its_sender_is_still_a_contact(receive):
    received = receive(ref="anon", channel="counter", topic="appointment")
    assert received.contact.client_id is None and received.contact.match_outcome == ""
    assert received.contact.question.client_id is None


def test_not_an_object():
    assert "__all__" in errors_of(["ref", "email"])


def test_received_in_the_future():
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=AMS), tick=False):
        assert "received_at" in errors_of(line(name="A", received_at="2026-06-05T10:00:00+02:00"))


FROM, UNTIL = datetime(1990, 1, 1), datetime(2100, 1, 1)  # noqa: DTZ001  (hypothesis wants naive bounds)
aware = st.datetimes(
    min_value=FROM, max_value=UNTIL, timezones=st.sampled_from([UTC, AMS, timezone(timedelta(hours=-5, minutes=-30))])
)


@given(aware)
def test_any_aware_timestamp_reads_back_as_the_same_moment(moment):
    # Compared in UTC: Python calls ambiguous wall-clock times in two zones unequal (PEP 495).
    assert parse_timestamp(moment.isoformat()).astimezone(UTC) == moment.astimezone(UTC)


@given(st.datetimes(min_value=FROM, max_value=UNTIL))
def test_any_timestamp_without_offset_is_refused(moment):
    with pytest.raises(ValueError, match="offset"):
        parse_timestamp(moment.isoformat())


@given(st.text(max_size=40))
def test_any_text_is_a_timestamp_or_a_clear_refusal(text):
    try:
        moment = parse_timestamp(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert moment.utcoffset() is not None


def test_messages_come_in_dutch_too():
    from django.utils import translation

    with translation.override("nl"):
        message = errors_of(line(name="A", received_at="2026-06-01T10:00:00"))["received_at"][0]
    assert "ontbreekt het verschil ten opzichte van UTC" in message


def test_the_same_ref_stored_meanwhile_by_another_process_adds_nothing(receive, monkeypatch):
    from loket.contact.models import Contact
    from loket.contact.services import intake

    first = receive(ref="dup", name="A", email="a@example.org")
    real = Contact.objects.filter

    class Blind:
        """The first look for the ref misses it, as when another process stores it just after."""

        calls = 0

        def __call__(self, *args, **kwargs):
            Blind.calls += 1
            return real(pk=-1) if Blind.calls == 1 else real(*args, **kwargs)

    monkeypatch.setattr(intake.Contact.objects, "filter", Blind())
    again = intake.receive_contact(data=clean_contact(line(ref="dup", name="A", email="a@example.org")), actor="x")
    assert again.created is False and again.contact.pk == first.contact.pk


_WRITTEN = {
    "name": st.sampled_from(["", "  Mohammed   Al-Hassan ", "محمد الحسن", "Nataliya Ivanova", "O'Brien  Seán"]),
    "birth_date": st.sampled_from(
        ["", "1990", "1990-05", "1990-05-01", "01-05-1990", "1990-00-00", "00-00-1990", "15/03/1988"]
    ),
    "nationality": st.sampled_from(["", "sy", "ER", " nl "]),
    "v_number": st.sampled_from(["", "12-3456-7890", "V1234567890", "1234 567 890"]),
    "email": st.sampled_from(["", "M.Hassan@Example.COM", "Nataliya <n.ivanova@example.org>", " a@b.nl "]),
    "phone": st.sampled_from(
        ["", "06 12345678", "+31 6 1234 5678", "0031612345678", "+963 944 123 456", "(020) 555 1234"]
    ),
    "case_ref": st.sampled_from(["", "abc-123", " Z2026/001 "]),
    "language": st.sampled_from(["", "AR", "ti", "nl"]),
}


@given(st.fixed_dictionaries(_WRITTEN))
def test_the_identity_read_while_checking_is_the_one_matching_would_read(written):
    """The import's reading process hands the identity its check already read on to
    matching, instead of reading the checked contact's fields a second time: it must be
    the very identity (blocking keys included) that a second reading would give."""
    from loket.contact import clientlink
    from loket.contact.inputs import clean_contact_with_identity

    raw = {
        "ref": "r1",
        "channel": "email",
        "received_at": "2026-06-01T10:00:00+02:00",
        **{k: v for k, v in written.items() if v},
    }
    try:
        data, checked = clean_contact_with_identity(raw)
    except ValidationError:
        return  # a field the clients app refuses: nothing reaches matching
    handed_on, read_again = clientlink.parsed_identity(data, checked), clientlink.parsed_identity(data)
    assert handed_on == read_again
    if handed_on is not None:
        assert (handed_on.match_keys, handed_on.count_keys) == (read_again.match_keys, read_again.count_keys)
