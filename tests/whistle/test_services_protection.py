"""Protection starts with the report: a reporter, helper or witness is protected from the
day of the report, and measures already registered for them that take effect from then on
are flagged too (a measure prepared in anticipation of the report is watched as well)."""

from datetime import date

import pytest

from loket.whistle import services
from loket.whistle.models import PersonnelMeasure, ProtectedPerson

from .conftest import travel


@pytest.fixture
def measures(people):
    """Registered on 1 June for the colleague: one effective 1 July, one effective 2 June."""
    with travel(2026, 6, 1):

        def propose(effective_on):
            return services.propose_measure(
                user=people.lead,
                employee=people.colleague,
                kind="transfer",
                description="Move to the archive",
                justification="The archive team needs one more person for a year.",
                effective_on=effective_on,
            )

        later, earlier = propose(date(2026, 7, 1)), propose(date(2026, 6, 2))
    assert not later.flagged and not earlier.flagged
    return later, earlier


def _state(measure):
    measure = PersonnelMeasure.objects.get(pk=measure.pk)
    return measure.flagged, measure.status


def test_a_reporter_whose_number_a_handler_confirms(people, submit, keyring, measures):
    later, earlier = measures
    with travel(2026, 6, 10):
        report = submit(
            anonymity="confidential", reporter_name="Colleague", reporter_employee_number=people.colleague.number
        ).report
    assert _state(later) == (False, "registered")  # the reporter's word alone protects nobody
    with travel(2026, 6, 12):
        services.protect_reporter(report=report, user=people.handler, keyring=keyring(people.handler))
    assert _state(later) == (True, "under_review")
    assert _state(earlier) == (False, "registered")


def test_a_witness_named_later(people, submit, keyring, measures):
    later, _earlier = measures
    with travel(2026, 6, 10):
        report = submit().report
    with travel(2026, 6, 20):
        services.name_person(
            report=report,
            user=people.handler,
            keyring=keyring(people.handler),
            employee=people.colleague,
            role="witness",
        )
    assert ProtectedPerson.objects.get().protected_since == date(2026, 6, 10)
    assert _state(later) == (True, "under_review")


def test_an_anonymous_reporter_identified_later(people, submit, keyring, measures):
    later, earlier = measures
    with travel(2026, 6, 10):
        report = submit().report
    with travel(2026, 6, 25):
        services.protect_reporter(
            report=report, user=people.handler, keyring=keyring(people.handler), employee=people.colleague
        )
    assert _state(later) == (True, "under_review") and _state(earlier) == (False, "registered")


def test_a_person_concerned_is_not_protected(people, submit, measures):
    later, _earlier = measures
    with travel(2026, 6, 10):
        submit(involved_employees=[people.colleague.number])
    assert _state(later) == (False, "registered")
    assert not ProtectedPerson.objects.exists()
