"""The register of personnel measures in the staff site: managers register, the integrity
officer reviews, and nothing a manager sees says whether an employee is protected."""

from datetime import date

import pytest
from django.urls import reverse

from loket.core.audit_models import AuditEntry
from loket.whistle.models import PersonnelMeasure, RetaliationForm
from loket.whistle.services.retaliation import BURDEN_OF_PROOF, propose_measure
from tests.desk.integrity_support import (  # noqa: F401
    GROUNDS,
    REASONS,
    _cheap_handler_keys,
    clock,
    english,
    login,
    protected,
    signed_in,
    staff,
)

LIST = reverse("desk:integrity:measures")
NEW = reverse("desk:integrity:measure_new")
JULY = date(2026, 7, 1)


def form(who, **overrides):
    data = {
        "employee": who.pk,
        "kind": RetaliationForm.TRANSFER,
        "description": "Move to the back office.",
        "justification": GROUNDS,
        "effective_on": "2026-07-01",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def review_url(measure):
    return reverse("desk:integrity:measure_review", args=[measure.pk])


def text(response) -> str:
    return response.content.decode()


def test_the_manager_gets_the_same_answer_for_a_protected_and_an_unrelated_employee(protected, login):
    client = login(protected.lead)
    answers = []
    for employee in (protected.reporter, protected.unrelated):
        response = client.post(NEW, form(employee), follow=True)
        assert response.redirect_chain == [(LIST, 302)]
        answers.append([str(m) for m in response.context["messages"]])
    assert answers[0] == answers[1] == ["The measure was registered."]
    flagged = PersonnelMeasure.objects.get(employee=protected.reporter)
    assert flagged.flagged and flagged.status == PersonnelMeasure.Status.UNDER_REVIEW
    assert not PersonnelMeasure.objects.get(employee=protected.unrelated).flagged


def test_the_managers_list_shows_no_flag(protected, login):
    propose_measure(
        user=protected.lead,
        employee=protected.witness,
        kind=RetaliationForm.SUSPENSION,
        description="Suspended pending an inquiry.",
        justification=GROUNDS,
        effective_on=JULY,
    )
    page = text(login(protected.lead).get(LIST))
    assert "Wim Witness" in page and "suspension" in page
    for tell in ("Flagged", "retaliation", "under integrity review", "Review the measure", "protected"):
        assert tell not in page


def test_the_form_offers_only_the_managers_own_people(protected, login):
    page = text(login(protected.lead).get(NEW))
    assert "Ursula Unrelated" in page and "Renee Reporter" in page
    assert "Otto Ambtenaar" not in page and "Stella Staffer" not in page
    response = login(protected.lead).post(NEW, form(protected.concerned))
    assert response.status_code == 400
    assert "Choose an employee from the list." in text(response)
    assert not PersonnelMeasure.objects.exists()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"justification": None}, "Give the grounds for the measure in writing"),
        ({"justification": "Because."}, "Give the grounds for the measure in writing"),
        ({"kind": "promotion_to_mars"}, "Choose the kind of measure."),
        ({"effective_on": None}, "Give the date the measure takes effect."),
        ({"effective_on": "31-31-2026"}, "Give the date as day-month-year."),
        ({"description": None}, "Describe the measure."),
        ({"employee": None}, "Choose the employee."),
    ],
)
def test_bad_input_gets_a_message_and_stores_nothing(protected, login, overrides, message):
    client = login(protected.lead)
    entries = AuditEntry.objects.count()
    response = client.post(NEW, form(protected.reporter, **overrides))
    assert response.status_code == 400
    page = text(response)
    assert message in page
    assert "The measure was not registered." in page
    assert 'aria-invalid="true"' in page
    assert not PersonnelMeasure.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_staff_without_a_manager_role_cannot_register(protected, login):
    client = login(protected.handler)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form(protected.unrelated)).status_code == 403
    assert not PersonnelMeasure.objects.exists()


def test_the_officer_sees_flagged_measures_first_and_reviews_with_the_burden_of_proof(protected, login, clock):
    plain = propose_measure(
        user=protected.lead,
        employee=protected.unrelated,
        kind=RetaliationForm.HOURS_CHANGE,
        description="Fewer hours.",
        justification=GROUNDS,
        effective_on=JULY,
    )
    clock.shift(3600)
    flagged = propose_measure(
        user=protected.lead,
        employee=protected.reporter,
        kind=RetaliationForm.TRANSFER,
        description="Move to the back office.",
        justification=GROUNDS,
        effective_on=JULY,
    )
    clock.shift(3600)
    newest = propose_measure(
        user=protected.lead,
        employee=protected.unrelated,
        kind=RetaliationForm.PAY_CHANGE,
        description="Lower scale.",
        justification=GROUNDS,
        effective_on=JULY,
    )
    client = login(protected.officer)
    page = text(client.get(LIST))
    assert "1 flagged measure awaits your review." in page
    assert (
        page.index("Renee Reporter") < page.index("reduction or change of pay") < page.index("change of working hours")
    )
    assert "Flagged: possible retaliation" in page
    assert review_url(flagged) in page and review_url(plain) not in page and review_url(newest) not in page

    review = text(client.get(review_url(flagged)))
    assert str(BURDEN_OF_PROOF) in review
    # Why the employee is protected, but not whether as the reporter: a confidential
    # reporter's identity is for the recorded-reason path only (issue 12).
    assert f"Reporter, helper or witness in report {protected.report.reference}" in review
    assert f"reporter in report {protected.report.reference}" not in review
    assert GROUNDS in review

    response = client.post(review_url(flagged), {"decision": "block", "reasons": REASONS})
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert (flagged.status, flagged.reviewed_by, flagged.review_reasons) == (
        PersonnelMeasure.Status.BLOCKED,
        protected.officer,
        REASONS,
    )
    # The manager learns only that it may not take effect, not why.
    managers_page = text(login(protected.lead).get(LIST))
    assert "Not cleared by the integrity officer" in managers_page
    assert REASONS not in managers_page


def test_a_review_without_reasons_is_refused(protected, login):
    measure = propose_measure(
        user=protected.lead,
        employee=protected.helper,
        kind=RetaliationForm.DISMISSAL,
        description="End of contract.",
        justification=GROUNDS,
        effective_on=JULY,
    )
    client = login(protected.officer)
    for data in ({"decision": "clear", "reasons": ""}, {"decision": "clear", "reasons": "fine"}, {"reasons": REASONS}):
        response = client.post(review_url(measure), data)
        assert response.status_code == 400
    assert "Give the reasons for your review in writing" in text(
        client.post(review_url(measure), {"decision": "clear"})
    )
    measure.refresh_from_db()
    assert measure.status == PersonnelMeasure.Status.UNDER_REVIEW and measure.reviewed_by is None


def test_a_manager_cannot_review(protected, login):
    measure = propose_measure(
        user=protected.director,
        employee=protected.reporter,
        kind=RetaliationForm.DEMOTION,
        description="Lower grade.",
        justification=GROUNDS,
        effective_on=JULY,
    )
    client = login(protected.lead)
    assert client.get(review_url(measure)).status_code == 403
    assert client.post(review_url(measure), {"decision": "clear", "reasons": REASONS}).status_code == 403
    assert PersonnelMeasure.objects.get(pk=measure.pk).status == PersonnelMeasure.Status.UNDER_REVIEW


def test_the_proposer_cannot_clear_their_own_measure_even_as_integrity_officer(protected, login):
    client = login(protected.dept_head)  # team lead and integrity officer
    response = client.post(NEW, form(protected.witness))
    assert response.status_code == 302
    measure = PersonnelMeasure.objects.get()
    assert measure.flagged
    assert review_url(measure) not in text(client.get(LIST))
    assert client.get(review_url(measure)).status_code == 403
    assert client.post(review_url(measure), {"decision": "clear", "reasons": REASONS}).status_code == 403
    assert PersonnelMeasure.objects.get(pk=measure.pk).status == PersonnelMeasure.Status.UNDER_REVIEW
    response = login(protected.officer2).post(review_url(measure), {"decision": "clear", "reasons": REASONS})
    assert response.status_code == 302
    assert PersonnelMeasure.objects.get(pk=measure.pk).status == PersonnelMeasure.Status.CLEARED


def test_an_unflagged_measure_has_no_review_page(protected, login):
    measure = propose_measure(
        user=protected.lead,
        employee=protected.unrelated,
        kind=RetaliationForm.TRANSFER,
        description="Move.",
        justification=GROUNDS,
        effective_on=JULY,
    )
    assert login(protected.officer).get(review_url(measure)).status_code == 404


def test_a_reader_must_have_passed_the_second_factor(protected, client):
    client.force_login(protected.officer)  # a session without the TOTP step
    assert client.get(LIST).status_code == 403
