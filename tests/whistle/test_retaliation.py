"""The retaliation watch (directive art. 19, 21(5)): protected persons, the register of
personnel measures, the flag, and the integrity officer's review."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from loket.core.audit_models import AuditEntry
from loket.core.models import Employee
from loket.core.roles import Role
from loket.whistle import services
from loket.whistle.models import NamedPerson, PersonnelMeasure, ProtectedPerson, RetaliationForm
from loket.whistle.protection import persons_of
from loket.whistle.retaliation_selectors import employees_in_scope, officer_register, proposer_register, reviewable_by
from loket.whistle.services.retaliation import (
    BURDEN_OF_PROOF,
    can_review,
    flag_pending_measures,
    is_protected,
    propose_measure,
    review_measure,
)

AMS = ZoneInfo("Europe/Amsterdam")
GROUNDS = "Reorganisation of the team agreed with the works council in March, for all staff alike."
REASONS = "The reorganisation plan predates the report and applies to the whole team in the same way."


@pytest.fixture(autouse=True)
def june():
    with time_machine.travel(datetime(2026, 6, 1, 10, 0, tzinfo=AMS), tick=False) as traveller:
        yield traveller


@pytest.fixture
def staff(people, make_user):
    """``people`` plus a second integrity officer and a manager who is an integrity officer too."""
    people.officer2 = make_user(Role.INTEGRITY_OFFICER, username="officer2", unit=people.integrity_unit)
    Group.objects.get_or_create(name=Role.INTEGRITY_OFFICER)
    people.lead.groups.add(Group.objects.get(name=Role.INTEGRITY_OFFICER))
    people.lead._loket_roles = None  # the role cache of this instance
    people.lead_only = make_user(Role.TEAM_LEAD, username="leadonly")
    people.reporter = Employee.objects.create(number="E-REP", name="Renee Reporter", unit=people.org["team"])
    people.witness = Employee.objects.create(number="E-WIT", name="Wim Witness", unit=people.org["team"])
    people.helper = Employee.objects.create(number="E-HELP", name="Hanna Helper", unit=people.org["team"])
    people.unrelated = Employee.objects.create(number="E-UNREL", name="Ursula Unrelated", unit=people.org["team"])
    return people


@pytest.fixture
def protected(staff, submit, keyring):
    """One report: the reporter identified by employee number, a witness and a helper named."""
    submitted = submit(
        anonymity="confidential",
        reporter_name="Renee Reporter",
        reporter_employee_number=staff.reporter.number,
        involved_employees=[staff.accused.employee.number],
    )
    ring = keyring(staff.handler)
    services.protect_reporter(report=submitted.report, user=staff.handler, keyring=ring)  # the number given
    services.name_person(
        report=submitted.report, user=staff.handler, keyring=ring, employee=staff.witness, role=NamedPerson.Role.WITNESS
    )
    services.name_person(
        report=submitted.report,
        user=staff.handler,
        keyring=ring,
        employee=staff.helper,
        role=NamedPerson.Role.FACILITATOR,
    )
    staff.report = submitted.report
    staff.ring = ring
    return staff


def propose(user, employee, **overrides):
    fields = dict(
        kind=RetaliationForm.TRANSFER,
        description="Move to the back office.",
        justification=GROUNDS,
        effective_on=date(2026, 7, 1),
    )
    fields.update(overrides)
    return propose_measure(user=user, employee=employee, **fields)


# --- who is protected ---------------------------------------------------------------------


def test_reporter_witness_and_helper_are_protected_from_the_day_of_the_report(protected):
    persons = persons_of(protected.report, protected.ring.report_key(protected.report))
    roles = {p["employee"].number: p["role"] for p in persons}
    assert roles == {"E-REP": "reporter", "E-WIT": "witness", "E-HELP": "facilitator"}
    assert set(ProtectedPerson.objects.values_list("protected_since", flat=True)) == {date(2026, 6, 1)}
    assert is_protected(protected.witness, date(2026, 6, 1))
    assert not is_protected(protected.witness, date(2026, 5, 31))


@pytest.mark.parametrize("who", ["reporter", "witness", "helper"])
def test_a_measure_for_a_protected_person_is_flagged_for_review(protected, who):
    measure = propose(protected.lead, getattr(protected, who))
    assert measure.flagged
    assert measure.status == PersonnelMeasure.Status.UNDER_REVIEW
    assert reviewable_by(protected.officer).filter(pk=measure.pk).exists()


def test_a_measure_for_an_unrelated_employee_is_not_flagged(protected):
    measure = propose(protected.lead, protected.unrelated)
    assert not measure.flagged
    assert measure.status == PersonnelMeasure.Status.REGISTERED
    assert not reviewable_by(protected.officer).exists()


def test_the_person_concerned_is_not_protected_by_being_named(protected, make_user):
    concerned = Employee.objects.create(number="E-CON", name="Conny Concerned", unit=protected.org["team"])
    services.name_person(
        report=protected.report,
        user=protected.handler,
        keyring=protected.ring,
        employee=concerned,
        role=NamedPerson.Role.CONCERNED,
    )
    assert not propose(protected.lead, concerned).flagged


def test_a_backdated_measure_is_still_flagged_once_protection_runs(protected):
    measure = propose(protected.lead, protected.witness, effective_on=date(2026, 5, 1))
    assert measure.flagged


def test_a_measure_registered_before_the_report_is_flagged_when_protection_begins(staff, june):
    early = propose(staff.lead, staff.unrelated, effective_on=date(2026, 9, 1))
    past = propose(staff.lead, staff.unrelated, effective_on=date(2026, 5, 1), kind=RetaliationForm.WITHHELD_TRAINING)
    assert not early.flagged
    assert flag_pending_measures(employee=staff.unrelated, since=date(2026, 6, 1)) == 1
    early.refresh_from_db()
    past.refresh_from_db()
    assert early.flagged and early.status == PersonnelMeasure.Status.UNDER_REVIEW
    assert not past.flagged
    assert AuditEntry.objects.filter(action="whistle.measure.flagged", object_id=str(early.pk)).exists()


@pytest.mark.parametrize("how", ["reporter's number confirmed", "witness named", "reporter identified later"])
def test_protection_flags_the_measures_already_waiting(staff, submit, keyring, how):
    """A manager who registers a transfer the week before the report is not let off."""
    waiting = propose(staff.lead, staff.unrelated, effective_on=date(2026, 8, 1))
    assert not waiting.flagged
    ring = keyring(staff.handler)
    if how == "reporter's number confirmed":
        report = submit(
            anonymity="confidential", reporter_name="Ursula", reporter_employee_number=staff.unrelated.number
        ).report
        services.protect_reporter(report=report, user=staff.handler, keyring=ring)
    else:
        report = submit().report
        if how == "witness named":
            services.name_person(
                report=report, user=staff.handler, keyring=ring, employee=staff.unrelated, role=NamedPerson.Role.WITNESS
            )
        else:
            services.protect_reporter(report=report, user=staff.handler, keyring=ring, employee=staff.unrelated)
    waiting.refresh_from_db()
    assert waiting.flagged and waiting.status == PersonnelMeasure.Status.UNDER_REVIEW
    assert reviewable_by(staff.officer).filter(pk=waiting.pk).exists()


# --- the manager is told nothing --------------------------------------------------------


def test_the_answer_to_the_manager_is_the_same_flagged_or_not(protected):
    flagged = propose(protected.lead, protected.reporter)
    plain = propose(protected.lead, protected.unrelated)
    assert type(flagged) is type(plain)
    own = list(proposer_register(protected.lead))
    assert {m.pk for m in own} == {flagged.pk, plain.pk}


def test_reviewers_get_a_mail_that_names_nobody(protected, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        propose(protected.director, protected.reporter)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    # Not the lead: an integrity officer too, but above the person the report names.
    assert set(message.to) == {protected.officer.email, protected.officer2.email}
    text = message.subject + message.body
    assert "Renee" not in text and "Reporter" not in text and protected.report.reference not in text


def test_no_mail_for_an_unflagged_measure(protected, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        propose(protected.lead, protected.unrelated)
    assert mail.outbox == []


# --- bad input changes nothing ----------------------------------------------------------


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"justification": ""}, "justification"),
        ({"justification": "Because."}, "justification"),
        ({"kind": "promotion_to_mars"}, "kind"),
        ({"kind": ""}, "kind"),
        ({"effective_on": None}, "effective_on"),
        ({"effective_on": "2026-07-01"}, "effective_on"),
        ({"description": "   "}, "description"),
        ({"justification": "x" * 20_001}, "justification"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(protected, overrides, field):
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        propose(protected.lead, protected.reporter, **overrides)
    assert field in caught.value.message_dict
    assert PersonnelMeasure.objects.count() == 0
    assert AuditEntry.objects.count() == entries


def test_no_employee_is_refused(protected):
    with pytest.raises(ValidationError) as caught:
        propose(protected.lead, None)
    assert "employee" in caught.value.message_dict


def test_a_manager_registers_only_for_their_own_units(protected):
    assert set(employees_in_scope(protected.other_manager)) == set()
    with pytest.raises(ValidationError) as caught:
        propose(protected.other_manager, protected.unrelated)
    assert "employee" in caught.value.message_dict
    assert protected.unrelated in employees_in_scope(protected.director)
    assert PersonnelMeasure.objects.count() == 0


def test_an_administrator_registers_for_anyone_but_not_for_themselves(protected, make_user):
    hr = make_user(Role.ADMINISTRATOR, username="hr", unit=protected.org["top"])
    assert propose(hr, protected.unrelated).pk
    with pytest.raises(ValidationError) as caught:
        propose(hr, hr.employee)
    assert "employee" in caught.value.message_dict


def test_roles_without_staff_to_manage_cannot_register(protected):
    with pytest.raises(PermissionDenied):
        propose(protected.handler, protected.unrelated)


# --- the review -------------------------------------------------------------------------


def test_the_integrity_officer_clears_with_reasons_and_it_is_logged(protected):
    measure = propose(protected.director, protected.witness)
    assert can_review(protected.officer, measure)
    review_measure(measure=measure, user=protected.officer, cleared=True, reasons=REASONS)
    measure.refresh_from_db()
    assert measure.status == PersonnelMeasure.Status.CLEARED
    assert measure.reviewed_by == protected.officer and measure.review_reasons == REASONS
    actions = list(
        AuditEntry.objects.filter(object_type="whistle.personnelmeasure", object_id=str(measure.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == ["whistle.measure.proposed", "whistle.measure.reviewed"]


def test_blocking_marks_the_measure_presumed_retaliation(protected):
    measure = propose(protected.director, protected.reporter)
    review_measure(measure=measure, user=protected.officer, cleared=False, reasons=REASONS)
    measure.refresh_from_db()
    assert measure.status == PersonnelMeasure.Status.BLOCKED
    with pytest.raises(ValidationError):
        review_measure(measure=measure, user=protected.officer2, cleared=True, reasons=REASONS)


def test_a_manager_cannot_review(protected):
    measure = propose(protected.director, protected.reporter)
    with pytest.raises(PermissionDenied):
        review_measure(measure=measure, user=protected.lead_only, cleared=True, reasons=REASONS)
    assert PersonnelMeasure.objects.get(pk=measure.pk).status == PersonnelMeasure.Status.UNDER_REVIEW


def test_the_proposer_cannot_clear_even_as_integrity_officer(protected):
    measure = propose(protected.lead, protected.reporter)  # lead is team lead and integrity officer
    assert not can_review(protected.lead, measure)
    assert not reviewable_by(protected.lead).filter(pk=measure.pk).exists()
    with pytest.raises(PermissionDenied):
        review_measure(measure=measure, user=protected.lead, cleared=True, reasons=REASONS)
    assert PersonnelMeasure.objects.get(pk=measure.pk).status == PersonnelMeasure.Status.UNDER_REVIEW
    review_measure(measure=measure, user=protected.officer2, cleared=True, reasons=REASONS)


def test_reasons_are_required(protected):
    measure = propose(protected.director, protected.reporter)
    with pytest.raises(ValidationError) as caught:
        review_measure(measure=measure, user=protected.officer, cleared=False, reasons="no")
    assert "reasons" in caught.value.message_dict
    assert PersonnelMeasure.objects.get(pk=measure.pk).status == PersonnelMeasure.Status.UNDER_REVIEW


def test_an_unflagged_measure_is_not_reviewed(protected):
    measure = propose(protected.lead, protected.unrelated)
    with pytest.raises(ValidationError):
        review_measure(measure=measure, user=protected.officer, cleared=True, reasons=REASONS)


def test_an_officer_kept_away_from_the_report_does_not_see_the_flag(protected):
    """An officer named in the report must not learn from the register that it exists."""
    services.name_person(
        report=protected.report,
        user=protected.handler,
        keyring=protected.ring,
        employee=protected.officer.employee,
        role=NamedPerson.Role.CONCERNED,
    )
    measure = propose(protected.director, protected.reporter)
    row = officer_register(protected.officer).get(pk=measure.pk)
    assert row.flag_visible is False
    assert officer_register(protected.officer2).get(pk=measure.pk).flag_visible is True
    with pytest.raises(Http404):
        review_measure(measure=measure, user=protected.officer, cleared=True, reasons=REASONS)
    review_measure(measure=measure, user=protected.officer2, cleared=False, reasons=REASONS)


def test_flagged_measures_awaiting_review_come_first(protected, june):
    plain = propose(protected.director, protected.unrelated)
    june.shift(60)
    reviewed = propose(protected.director, protected.witness)
    review_measure(measure=reviewed, user=protected.officer, cleared=True, reasons=REASONS)
    waiting = propose(protected.director, protected.helper)
    june.shift(60)
    newest_plain = propose(protected.director, protected.unrelated, kind=RetaliationForm.HOURS_CHANGE)
    order = [m.pk for m in officer_register(protected.officer2)]
    assert order == [waiting.pk, reviewed.pk, newest_plain.pk, plain.pk]


def test_the_burden_of_proof_statement_names_the_directive():
    with translation.override("en"):
        assert "21(5)" in str(BURDEN_OF_PROOF)
    with translation.override("nl"):
        assert "2019/1937 art. 21 lid 5" in str(BURDEN_OF_PROOF)
