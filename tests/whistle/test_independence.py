"""Independence: persons named in a report, and every manager above them in the
organisation chart, cannot see it, find it, be assigned to it or hear of it; colleagues
outside that line can."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from loket.core.roles import Role
from loket.whistle import crypto, services
from loket.whistle.keyring import ensure_keypair
from loket.whistle.models import Assignment, NamedPerson, ReportKey
from loket.whistle.protection import persons_of
from loket.whistle.selectors import can_see, eligible_handlers, handler_queue, visible_reports
from loket.whistle.services.watch import escalation_recipients
from tests.conftest import PASSWORD


@pytest.fixture
def director_reads_reports(people):
    """The director is also an integrity officer: the most senior reader possible."""
    people.director.groups.add(Group.objects.get_or_create(name=Role.INTEGRITY_OFFICER)[0])
    people.director._loket_roles = None
    ensure_keypair(people.director, PASSWORD)
    return people.director


@pytest.fixture
def naming_accused(people, submit, director_reads_reports):
    return submit(involved_employees=[people.accused.employee.number]).report


def _sealed_for(report):
    return set(ReportKey.objects.filter(report=report).values_list("user__username", flat=True))


def test_the_person_named_and_their_managers_cannot_see_or_find_it(naming_accused, people):
    report = naming_accused
    for kept_away in (people.accused, people.head, people.director):
        assert not can_see(kept_away, report)
        assert report not in visible_reports(kept_away)
        assert report not in handler_queue(kept_away)
    for reader in (people.handler, people.handler2, people.officer):
        assert can_see(reader, report) and report in handler_queue(reader)


def test_opening_it_answers_as_if_it_did_not_exist(naming_accused, people, keyring):
    for kept_away in (people.accused, people.head, people.director):
        with pytest.raises(Http404):
            services.read_report(report=naming_accused, user=kept_away, keyring=keyring(kept_away))


def test_the_key_is_never_sealed_for_them(naming_accused, people, keyring):
    assert _sealed_for(naming_accused) == {"handler", "handler2", "officer"}
    with pytest.raises(crypto.LockedError):
        keyring(people.accused).report_key(naming_accused)


def test_they_are_not_eligible_and_cannot_be_assigned(naming_accused, people, keyring):
    eligible = set(eligible_handlers(naming_accused))
    assert eligible == {people.handler, people.handler2, people.officer}
    ring = keyring(people.handler)
    for kept_away in (people.accused, people.head, people.director):
        with pytest.raises(ValidationError) as exc:
            services.assign(report=naming_accused, user=people.handler, keyring=ring, assignee=kept_away)
        assert "assignee" in exc.value.message_dict
    assert not Assignment.objects.filter(report=naming_accused).exists()
    services.assign(report=naming_accused, user=people.handler, keyring=ring, assignee=people.handler2)
    assert Assignment.objects.filter(report=naming_accused, user=people.handler2).exists()


def test_they_do_not_get_escalations(naming_accused, people):
    recipients = set(escalation_recipients(naming_accused))
    assert recipients.isdisjoint({people.accused, people.lead, people.head, people.director})
    assert people.officer in recipients


def test_named_after_intake_they_lose_their_key_and_assignment(people, submit, keyring, director_reads_reports):
    report = submit().report
    assert {"accused", "head", "director"} <= _sealed_for(report)
    ring = keyring(people.handler)
    services.assign(report=report, user=people.handler, keyring=ring, assignee=people.head)
    head_ring = keyring(people.head)
    assert services.read_report(report=report, user=people.head, keyring=head_ring).content["description"]

    services.name_person(report=report, user=people.handler, keyring=ring, employee=people.accused.employee)

    assert _sealed_for(report) == {"handler", "handler2", "officer"}
    assert not Assignment.objects.filter(report=report, user=people.head).exists()
    for kept_away in (people.accused, people.head, people.director):
        assert not can_see(kept_away, report)
        with pytest.raises(Http404):
            services.read_report(report=report, user=kept_away, keyring=keyring(kept_away))
    # Even a key cached in a live session no longer opens it through the services.
    with pytest.raises(Http404):
        services.read_report(report=report, user=people.head, keyring=head_ring)
    assert NamedPerson.objects.filter(report=report, employee=people.accused.employee).exists()


def test_a_handler_cannot_name_themselves_to_keep_it(people, submit, keyring):
    report = submit().report
    with pytest.raises(PermissionDenied):
        services.name_person(
            report=report, user=people.accused, keyring=keyring(people.accused), employee=people.accused.employee
        )
    assert not NamedPerson.objects.filter(report=report).exists()


def test_colleagues_beside_the_named_person_are_not_in_their_line(people, submit):
    # The colleague has no account; the accused works in the same team, but is no manager.
    report = submit(involved_employees=[people.colleague.number]).report
    assert can_see(people.accused, report)
    assert people.accused in set(eligible_handlers(report))
    assert not can_see(people.head, report)
    assert "head" not in _sealed_for(report)


def test_an_investigator_sees_only_what_they_are_assigned(people, submit, keyring):
    mine, other = submit().report, submit().report
    assert not can_see(people.investigator, mine)
    services.assign(
        report=mine,
        user=people.handler,
        keyring=keyring(people.handler),
        assignee=people.investigator,
        role="investigator",
    )
    assert list(visible_reports(people.investigator)) == [mine]
    assert not can_see(people.investigator, other)
    with pytest.raises(Http404):
        services.read_report(report=other, user=people.investigator, keyring=keyring(people.investigator))


def test_staff_without_a_reading_role_see_nothing(people, submit):
    submit()
    for user in (people.lead, people.other_manager):
        assert not visible_reports(user).exists()


def test_witnesses_are_kept_away_and_protected(people, submit, keyring):
    report = submit().report
    ring = keyring(people.handler)
    services.name_person(
        report=report, user=people.handler, keyring=ring, employee=people.accused.employee, role="witness"
    )
    assert not can_see(people.accused, report)
    [protected] = persons_of(report, ring.report_key(report))
    assert protected["employee"] == people.accused.employee and protected["role"] == "witness"
