"""A case read as plain values (My Loket's rows) gives the rules the same facts as the model."""

from dataclasses import replace
from datetime import date

import pytest

from loket.cases import selectors
from loket.cases.facts import case_facts, row_facts
from loket.cases.models import Case
from loket.rules.facts import Event

pytestmark = pytest.mark.django_db


def _row(case):
    return selectors.with_status(Case.objects.filter(pk=case.pk)).values(*selectors.CLIENT_CASE_FIELDS).get()


@pytest.mark.parametrize("author_is_staff", [True, False])
def test_the_facts_of_a_row_are_the_facts_of_the_model(objection, staff, author_is_staff):
    if author_is_staff:  # the author a member of staff, the signatory an outside id
        case = objection()
    else:
        case = objection(
            contested_author=None,
            contested_author_ref="X-17",
            contested_signatory=staff["lead"],
            contested_signatory_ref="",
        )
    events = (Event("suspended", date(2026, 5, 10), None), Event("resumed", date(2026, 5, 20), "olga"))
    facts = row_facts(_row(case), events)
    assert facts == replace(case_facts(case, events=[]), events=events)
    assert {facts.contested.author, facts.contested.signatory} == (
        {"first", "E0001"} if author_is_staff else {"X-17", "tom"}
    )


def test_a_case_without_a_contested_decision_has_none_either_way(application):
    case = application()
    assert row_facts(_row(case), ()) == case_facts(case, events=[])
    assert row_facts(_row(case), ()).contested is None
