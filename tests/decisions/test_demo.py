"""The demo data: every kind of case, made through the services, and seeding twice adds nothing."""

import io

from loket.cases.models import Case
from loket.core import demo as core_demo
from loket.decisions import demo
from loket.decisions.models import Decision, IssueAttempt


def test_the_demo_seeds_cases_of_every_kind_and_is_idempotent(db):
    core_demo.seed(io.StringIO())
    out = io.StringIO()
    demo.seed(out)
    assert set(Case.objects.values_list("kind", flat=True)) == {"application", "objection", "revocation"}
    assert Decision.objects.count() == 2
    assert IssueAttempt.objects.filter(result="blocked").exists()
    ready = Case.objects.get(reference="DEMO-B-1")
    assert ready.draft.author.username == "objection" and not ready.events.filter(type="hearing_held").exists()
    assert "DEMO-B-1" in out.getvalue()
    demo.seed(io.StringIO())
    assert Case.objects.filter(reference__startswith="DEMO-").count() == 7
