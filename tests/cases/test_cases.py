"""Opening cases, their deadline from the rules, events, statuses that cannot be edited, roles."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from loket.cases import services
from loket.cases.choices import Status
from loket.cases.models import Case, CaseEvent, CaseStatus
from loket.core.audit_models import AppendOnlyError, AuditEntry
from loket.core.deadlines import add_period

from .conftest import TODAY


def test_an_objection_gets_a_reference_a_received_status_and_its_deadline_from_the_rules(objection):
    case = objection()
    assert case.reference == f"B-{TODAY.year}-{case.pk:06d}"
    assert [s.status for s in case.statuses.all()] == [Status.RECEIVED]
    # Vw 76 (DEC-02): 19 weeks after the objection period of 4 weeks ended (21 April + 4 weeks = 19 May).
    end_of_objection_period = add_period(date(2026, 4, 21), weeks=4)
    assert case.due_on == add_period(end_of_objection_period, weeks=19)
    assert AuditEntry.objects.filter(action="cases.case.opened", object_id=str(case.pk)).exists()


def test_an_application_deadline_is_ninety_days_for_regular_residence(application):
    case = application(received_on=date(2026, 5, 4))
    assert case.due_on == add_period(date(2026, 5, 4), days=90)


def test_a_naturalisation_objection_has_six_plus_six_weeks(objection):
    case = objection(track="naturalisation")
    end = add_period(date(2026, 4, 21), weeks=6)  # Awb 6:7
    assert case.due_on == add_period(end, weeks=6)  # Awb 7:10


def test_a_revocation_needs_no_receipt_date_and_has_no_statutory_deadline(staff, today):
    case = services.open_case(actor=staff["decision"], kind="revocation", track="asylum", team=staff["team"])
    assert case.received_on is None and case.due_on is None
    assert case.reference.startswith("I-")


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"kind": "appeal"}, "kind"),
        ({"track": "student"}, "track"),
        ({"received_on": None}, "received_on"),
        ({"contested_decided_on": None}, "contested_decided_on"),
        ({"contested_notified_on": None}, "contested_notified_on"),
        ({"contested_notified_on": date(2026, 4, 1)}, "contested_notified_on"),  # notified before taken
        ({"received_on": date(2026, 4, 1)}, "received_on"),  # objection before the contested decision
        ({"received_on": TODAY + timedelta(days=1)}, "received_on"),  # in the future
        ({"contested_author": None}, "contested_author"),
        ({"contested_signatory_ref": "", "contested_signatory": None}, "contested_signatory"),
        ({"posted_on": date(2026, 5, 5)}, "posted_on"),  # posted after it was received
        ({"team": None}, "team"),
    ],
)
def test_bad_input_is_refused_per_field_and_stores_nothing(objection, changes, field):
    with pytest.raises(ValidationError) as caught:
        objection(**changes)
    assert field in caught.value.message_dict
    assert not Case.objects.exists() and not CaseStatus.objects.exists()


def test_an_application_cannot_have_a_contested_decision(application):
    with pytest.raises(ValidationError) as caught:
        application(contested_decided_on=date(2026, 4, 1))
    assert "kind" in caught.value.message_dict


def test_messages_follow_the_users_language(objection):
    from django.utils import translation

    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        objection(kind="beroep")
    assert "Onbekende soort zaak" in caught.value.message_dict["kind"][0]


def test_only_case_workers_open_cases(staff, objection):
    with pytest.raises(PermissionDenied):
        objection(actor=staff["reader"])


def test_statuses_are_appended_never_changed_or_removed(objection):
    case = objection()
    status = case.statuses.get()
    status.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        status.save()
    with pytest.raises(AppendOnlyError):
        CaseStatus.objects.filter(case=case).update(status=Status.DECIDED)
    with pytest.raises(AppendOnlyError):
        CaseStatus.objects.filter(case=case).delete()
    with pytest.raises(AppendOnlyError):
        status.delete()
    assert CaseStatus.objects.get(pk=status.pk).status == Status.RECEIVED


def test_events_cannot_be_edited_either(objection):
    event = objection().events.get()
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(pk=event.pk).update(on=date(2020, 1, 1))


def test_a_case_with_history_cannot_be_deleted(objection):
    from django.db.models import ProtectedError

    case = objection()
    with pytest.raises(ProtectedError):
        case.delete()
