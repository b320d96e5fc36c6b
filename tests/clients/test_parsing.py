"""Parsers: every way people write a V-number, phone number, e-mail address or birth date,
and a clear message for what cannot be read."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given, strategies as st

from loket.clients.parsing import PartialDate, normalise_email, parse_birth_date, parse_phone, parse_v_number
from loket.clients.scoring import Profile

NOW = datetime(2026, 6, 1, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(autouse=True)
def _fixed_today():
    with time_machine.travel(NOW, tick=False):
        yield


# --- V-number ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "1234567890",
        "12-3456-7890",
        "1234 567 890",
        "V1234567890",
        "v 1234567890",
        "V-nummer: 1234.567.890",
        "V-nr. 12-3456-7890",
        " 1234567890 ",
    ],
)
def test_v_number_written_in_any_usual_way_reads_as_ten_digits(written):
    assert parse_v_number(written) == "1234567890"


@pytest.mark.parametrize(
    "written, message",
    [
        ("12345A7890", "only digits"),
        ("123456789", "has 9"),
        ("12345678901", "has 11"),
        ("", "empty"),
        ("V-nummer onbekend", "only digits"),
        ("١٢٣٤٥٦٧٨٩٠", "only digits"),
    ],
)
def test_bad_v_number_is_refused_with_the_reason(written, message):
    with pytest.raises(ValueError, match=message):
        parse_v_number(written)


V_FORMATS = [
    lambda d: d,
    lambda d: f"V{d}",
    lambda d: f"{d[:2]}-{d[2:6]}-{d[6:]}",
    lambda d: f"{d[:4]} {d[4:7]} {d[7:]}",
    lambda d: f"V-nummer: {d[:4]}.{d[4:7]}.{d[7:]}",
]


@given(st.integers(0, 10**10 - 1), st.sampled_from(V_FORMATS))
def test_any_ten_digit_number_survives_every_format(n, write):
    digits = f"{n:010d}"
    assert parse_v_number(write(digits)) == digits


@given(st.text(max_size=20))
def test_v_number_parser_returns_ten_digits_or_raises_value_error(text):
    try:
        result = parse_v_number(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert len(result) == 10 and result.isdigit()


# --- phone ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "06-12345678",
        "0612345678",
        "06 1234 5678",
        "+31 6 12345678",
        "+31 (0)6 1234 5678",
        "0031612345678",
        "+31612345678",
    ],
)
def test_dutch_mobile_in_any_format_is_one_number(written):
    assert parse_phone(written) == "+31612345678"


def test_foreign_number_keeps_its_country():
    assert parse_phone("+963 944 123 456") == "+963944123456"
    assert parse_phone("00963944123456") == "+963944123456"


@pytest.mark.parametrize(
    "written, message",
    [("12345", "not a valid"), ("call me", "cannot be read"), ("", "empty"), ("+31 6 123", "not a valid")],
)
def test_unparseable_phone_is_refused(written, message):
    with pytest.raises(ValueError, match=message):
        parse_phone(written)


@given(st.integers(10_000_000, 59_999_999), st.sampled_from(["06{}", "06-{}", "+316{}", "00316{}", "+31 6 {}"]))
def test_every_dutch_mobile_format_gives_the_same_e164(n, template):
    assert parse_phone(template.format(n)) == f"+316{n}"


# --- e-mail -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "ali@example.org",
        "ALI@Example.ORG",
        " ali@example.org ",
        "Ali Hassan <ali@example.org>",
        "mailto:ali@example.org",
        "Hassan, Ali <ali@example.org>",  # family name first, the comma not quoted
        '"Hassan, Ali" <ali@example.org>',
    ],
)
def test_email_normalised(written):
    assert normalise_email(written) == "ali@example.org"


@pytest.mark.parametrize("written", ["ali@", "@example.org", "ali example.org", "ali@@example.org", ""])
def test_malformed_email_refused(written):
    with pytest.raises(ValueError):
        normalise_email(written)


# --- birth dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, expected",
    [
        ("1990-05-17", PartialDate(1990, 5, 17)),
        ("17-05-1990", PartialDate(1990, 5, 17)),
        ("17/05/1990", PartialDate(1990, 5, 17)),
        ("1990", PartialDate(1990)),
        ("1990-05", PartialDate(1990, 5)),
        ("1990-00-00", PartialDate(1990, placeholder=True)),
        ("00-00-1990", PartialDate(1990, placeholder=True)),
        ("XX-XX-1990", PartialDate(1990, placeholder=True)),
        ("1990-01-01", PartialDate(1990, 1, 1, placeholder=True)),
        ("", PartialDate()),
    ],
)
def test_birth_dates_full_partial_and_placeholder(written, expected):
    assert parse_birth_date(written) == expected


@pytest.mark.parametrize(
    "written, message",
    [
        ("2023-02-30", "not a date that exists"),
        ("1990-13-01", "no month 13"),
        ("2027", "outside"),
        ("2026-12-01", "future"),
        ("1850", "outside"),
        ("yesterday", "not a date"),
        ("1990-AB-01", "not a date"),
    ],
)
def test_impossible_birth_dates_refused_with_reason(written, message):
    with pytest.raises(ValueError, match=message):
        parse_birth_date(written)


@given(st.dates(date(1900, 1, 1), date(2026, 5, 31)))
def test_any_real_date_reads_back_in_both_orders(d):
    iso = parse_birth_date(d.isoformat())
    dutch = parse_birth_date(d.strftime("%d-%m-%Y"))
    assert iso == dutch
    assert (iso.year, iso.month, iso.day) == (d.year, d.month, d.day)
    assert iso.placeholder == ((d.month, d.day) == (1, 1))


@given(st.dates(date(1900, 1, 1), date(2026, 5, 31)), st.dates(date(1900, 1, 1), date(2026, 5, 31)))
def test_compatibility_is_symmetric_and_year_only_never_conflicts_within_its_year(a, b):
    full_a, full_b = parse_birth_date(a.isoformat()), parse_birth_date(b.isoformat())
    assert full_a.compatible(full_b) == full_b.compatible(full_a)
    year_only = parse_birth_date(str(a.year))
    expected = "conflict" if a.year != b.year else ("year")
    assert year_only.compatible(full_b) == expected
    assert full_a.compatible(full_a) in ("exact", "year")


def test_placeholder_day_is_compatible_with_any_day_of_its_year():
    assert parse_birth_date("1990-01-01").compatible(parse_birth_date("1990-07-23")) == "year"
    assert parse_birth_date("1990-00-00").compatible(parse_birth_date("1990-07-23")) == "year"
    assert parse_birth_date("1990-07-23").compatible(parse_birth_date("1990-07-24")) == "conflict"
    assert parse_birth_date("1990-07").compatible(parse_birth_date("1990-08-01")) == "conflict"
    assert parse_birth_date("1990").compatible(PartialDate()) == "unknown"


_NAME_PARTS = [
    "Mohammed",
    "Muhammad",
    "محمد",
    "Al-Hassan",
    "el Amin",
    "Abd al-Rahman",
    "Nataliya",
    "Ivanova",
    "  ",
    "O'Brien",
]


@given(st.lists(st.sampled_from(_NAME_PARTS), max_size=4), st.sampled_from(["", "1990", "1990-05-01", "1985-00-00"]))
def test_an_identitys_blocking_keys_travel_with_it(parts, born):
    """An import's reading process works out each identity's blocking keys; the storing
    process only reads them. They must be the keys matching would work out itself, and
    survive the trip between processes (pickling)."""
    import pickle

    from loket.clients import blocking
    from loket.clients.names import forms
    from loket.clients.services import ContactIdentity, parse_identity

    name = " ".join(parts)
    parsed = parse_identity(ContactIdentity(name=name, birth_date=born, email="x@example.org"))
    names = [forms(parsed.name)] if parsed.name.strip() else []
    travelled = pickle.loads(pickle.dumps(parsed.with_keys()))
    assert {"name_forms", "match_keys", "count_keys"} <= set(vars(travelled))  # worked out before the trip
    assert travelled.match_keys == blocking.match_keys(names, parsed.birth.year)
    assert travelled.count_keys == (blocking.count_keys(names) if names and parsed.birth.known else set())
    assert travelled == parsed  # the keys are no part of what the identity says
    assert travelled.profile() == Profile.build(names=[parsed.name], birth=parsed.birth, emails=[parsed.email])


def test_the_storing_process_adopts_the_name_forms_it_is_given(monkeypatch):
    """The storing process takes the forms of the sender's name that came with the identity,
    and later needs of the same name (the client's name row, its profile) find them kept."""
    import pickle

    from loket.clients import names
    from loket.clients.services import ContactIdentity, parse_identity

    parsed = parse_identity(
        ContactIdentity(name="Mohammed Al-Hassan", birth_date="1990", phone="0612345678", nationality="sy")
    )
    sent = pickle.dumps(parsed.with_keys())
    monkeypatch.setattr(names, "_FORMS", {})  # a storing process that has met no name yet
    monkeypatch.setattr(names, "_forms", lambda name: pytest.fail(f"the forms of {name!r} were made again"))
    travelled = pickle.loads(sent)
    profile = travelled.profile()
    assert profile == Profile.build(names=[parsed.name], birth=parsed.birth, nationality="SY", phones=["+31612345678"])
    assert names.forms(parsed.name) is profile.names[0]
