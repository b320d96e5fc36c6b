"""Migration 0003 takes the plain protection links out of the table: each existing row gets
its keyed tag, its plain employee and role go, and the link is sealed for the handlers
who hold the report's key, until the first of them opens the report."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from loket.whistle import crypto, protection, services
from loket.whistle.keyring import Keyring
from loket.whistle.models import ProtectedPerson, Report
from tests.conftest import PASSWORD

BEFORE = [("whistle", "0002_report_queue_index")]
AFTER = [("whistle", "0003_protected_person_encrypted")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_plain_links_are_sealed_and_then_re_encrypted(people, submit):
    report = submit().report
    report_key_holder = people.handler
    colleague_pk = people.colleague.pk
    old = _migrate(BEFORE)
    try:
        OldProtected = old.get_model("whistle", "ProtectedPerson")
        OldProtected.objects.create(
            report_id=report.pk, employee_id=colleague_pk, role="reporter", protected_since=date(2026, 6, 1)
        )
        _migrate(AFTER)
    finally:
        _migrate([("whistle", "0003_protected_person_encrypted")])
    row = ProtectedPerson.objects.get()
    assert bytes(row.employee_tag) == crypto.employee_tag(colleague_pk)
    assert row.person_box is None and str(report_key_holder.pk) in row.legacy_sealed
    assert protection.is_protected(people.colleague, date(2026, 7, 1))

    ring = Keyring.from_password(report_key_holder, PASSWORD)
    report = Report.objects.get(pk=report.pk)
    with timezone.override("Europe/Amsterdam"):
        services.read_report(report=report, user=report_key_holder, keyring=ring)
    row.refresh_from_db()
    assert row.legacy_sealed == {} and row.person_box is not None
    [person] = protection.persons_of(report, ring.report_key(report))
    assert (person["employee"], person["role"]) == (people.colleague, "reporter")
