"""Issue 12, item 1: the reporting channel must not leak who reported.

* The protection link is not in plain text: a database reader finds neither the employee
  nor the role, and cannot compute the tag without the key that is not in the database;
  the register still flags a measure against the protected person.
* An employee number given through the public channel is the reporter's claim: it answers
  the same whether or not it exists, protects nobody, flags nothing, until a handler
  confirms it (a recorded act).
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from loket.core.audit_models import AuditEntry
from loket.core.org_models import Employee
from loket.whistle import crypto, protection, services
from loket.whistle.models import NamedPerson, PersonnelMeasure, ProtectedPerson, RetaliationForm
from loket.whistle.services.retaliation import propose_measure
from tests.whistle.api_support import (
    handler,  # noqa: F401 (fixture)
    post_json,
)

from .conftest import travel

GROUNDS = "The back office needs an extra pair of hands for the coming quarter."


def _propose(user, employee, effective_on=date(2026, 8, 1)):
    return propose_measure(
        user=user,
        employee=employee,
        kind=RetaliationForm.TRANSFER,
        description="Move to the back office.",
        justification=GROUNDS,
        effective_on=effective_on,
    )


def _raw_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM whistle_protectedperson")
        return cursor.fetchall()


def _as_bytes(value) -> bytes:
    if isinstance(value, (bytes, memoryview)):
        return bytes(value)
    return str(value).encode()


@pytest.fixture
def confirmed(people, submit, keyring):
    """A confidential report by the colleague, confirmed as its reporter by a handler."""
    with travel(2026, 6, 1):
        report = submit(
            anonymity="confidential",
            reporter_name="Colleague Without Account",
            reporter_employee_number=people.colleague.number,
        ).report
        ring = keyring(people.handler)
        services.protect_reporter(report=report, user=people.handler, keyring=ring)
    return report, ring


def test_the_protection_table_names_nobody_and_the_register_still_flags(people, confirmed):
    report, ring = confirmed
    rows = _raw_rows()
    assert len(rows) == 1
    stored = b" ".join(_as_bytes(v) for v in rows[0])
    for plain in (
        people.colleague.number.encode(),
        b"Colleague",
        b"reporter",
        str(people.colleague.pk).encode() + b" ",
    ):
        assert plain not in stored
    columns = [
        c.name for c in connection.introspection.get_table_description(connection.cursor(), "whistle_protectedperson")
    ]
    assert "employee_id" not in columns and "role" not in columns
    # The report's key opens who and in which role.
    [person] = protection.persons_of(report, ring.report_key(report))
    assert person["employee"] == people.colleague and person["role"] == "reporter"
    with travel(2026, 6, 2):
        measure = _propose(people.lead, people.colleague)
    assert measure.flagged and measure.status == PersonnelMeasure.Status.UNDER_REVIEW


def test_without_the_key_outside_the_database_the_tag_matches_nobody(people, confirmed, settings):
    """An unkeyed hash of a few thousand employee ids would be reversed at once; the tag
    is keyed with WHISTLE_PROTECTION_KEY, which a copy of the database does not hold."""
    [tag] = ProtectedPerson.objects.values_list("employee_tag", flat=True)
    every_employee = list(Employee.objects.values_list("pk", flat=True))
    settings.WHISTLE_PROTECTION_KEY = "a key the attacker guessed"
    assert not any(crypto.employee_tag(pk) == bytes(tag) for pk in every_employee)
    assert not protection.is_protected(people.colleague, date(2026, 7, 1))


def test_a_number_typed_in_the_public_form_protects_nobody_until_a_handler_confirms(people, submit, keyring):
    with travel(2026, 5, 25):
        waiting = _propose(people.lead, people.colleague)
    with travel(2026, 6, 1):
        report = submit(
            anonymity="confidential", reporter_name="Anyone", reporter_employee_number=people.colleague.number
        ).report
    assert not ProtectedPerson.objects.exists()
    waiting.refresh_from_db()
    assert not waiting.flagged
    with travel(2026, 6, 2):
        assert not _propose(people.lead, people.colleague).flagged
        services.protect_reporter(report=report, user=people.handler, keyring=keyring(people.handler))
    waiting.refresh_from_db()
    assert waiting.flagged
    entry = AuditEntry.objects.get(action="whistle.reporter.protected")
    assert entry.actor == people.handler.get_username() and entry.object_id == str(report.pk)


def test_a_handler_cannot_confirm_a_number_that_matches_nobody(people, submit, keyring, english):
    report = submit(anonymity="confidential", reporter_name="Anyone", reporter_employee_number="E-NOBODY").report
    with pytest.raises(ValidationError) as refused:
        services.protect_reporter(report=report, user=people.handler, keyring=keyring(people.handler))
    assert "choose the employee" in refused.value.message_dict["employee"][0]
    assert not ProtectedPerson.objects.exists()


def test_the_public_api_answers_the_same_whatever_the_numbers(client, people, handler):
    """No oracle: an existing and a made-up number get the same answer, and both are kept
    as the reporter wrote them."""
    answers = []
    for reporter_number, involved in (
        (people.colleague.number, [people.accused.employee.number]),
        ("E-NOBODY", ["E-NOBODY-EITHER"]),
    ):
        response = post_json(
            client,
            "/reports",
            {
                "description": "Cash changes hands at the counter.",
                "anonymity": "confidential",
                "reporter_name": "Someone",
                "reporter_employee_number": reporter_number,
                "involved_employees": involved,
            },
        )
        body = response.json()
        answers.append((response.status_code, sorted(body), body["status"]))
    assert (
        answers[0]
        == answers[1]
        == (201, ["acknowledge_due", "feedback_due", "receipt", "reference", "status"], "received")
    )
    assert not ProtectedPerson.objects.exists()
    # The known person named is kept away from the report (independence); the unknown
    # number is kept in the encrypted content as written.
    assert NamedPerson.objects.filter(employee=people.accused.employee).count() == 1


def test_made_up_numbers_are_kept_as_the_reporter_wrote_them(people, submit, keyring):
    report = submit(involved_employees=["E-NOBODY", people.accused.employee.number]).report
    content = crypto.decrypt_json(keyring(people.handler).report_key(report), report.content_box)
    assert content["involved_employees"] == ["E-NOBODY", people.accused.employee.number]


def test_witnesses_and_helpers_named_by_a_handler_are_protected(people, submit, keyring):
    with travel(2026, 6, 1):
        report = submit().report
        ring = keyring(people.handler)
        services.name_person(
            report=report, user=people.handler, keyring=ring, employee=people.colleague, role=NamedPerson.Role.WITNESS
        )
    [person] = protection.persons_of(report, ring.report_key(report))
    assert person["role"] == "witness" and person["employee"] == people.colleague
    with travel(2026, 6, 2):
        assert _propose(people.lead, people.colleague).flagged


def test_a_link_carried_over_from_plain_text_is_re_encrypted_by_the_first_handler(people, submit, keyring):
    """What migration 0003 leaves: a tag and the link sealed for the key holders; the
    first handler to open the report puts it in the report key's box."""
    with travel(2026, 6, 1):
        report = submit().report
    holders = {u.pk: bytes(u.whistle_keys.public_key) for u in (people.handler, people.officer)}
    ProtectedPerson.objects.create(
        report=report,
        employee_tag=crypto.employee_tag(people.colleague.pk),
        protected_since=date(2026, 6, 1),
        legacy_sealed=protection.seal_for_holders({"employee": people.colleague.pk, "role": "reporter"}, holders),
    )
    ring = keyring(people.handler)
    services.read_report(report=report, user=people.handler, keyring=ring)
    row = ProtectedPerson.objects.get()
    assert row.person_box is not None and row.legacy_sealed == {}
    [person] = protection.persons_of(report, ring.report_key(report))
    assert person["employee"] == people.colleague and person["role"] == "reporter"
