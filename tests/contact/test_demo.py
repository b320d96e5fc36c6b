"""The demo contacts show what the module is for: one client on three channels lands on
one question; a family's shared phone does not merge mother and daughter."""

import io

from loket.contact import demo
from loket.contact.models import Contact


def test_demo_contacts_join_one_client_and_one_question(db):
    demo.seed(io.StringIO())
    by_ref = {c.ref: c for c in Contact.objects.all()}
    assert len(by_ref) == 6
    same_matter = [by_ref[r] for r in ("DEMO-C-1", "DEMO-C-2", "DEMO-C-3")]
    assert len({c.client_id for c in same_matter}) == 1
    assert len({c.question_id for c in same_matter}) == 1
    assert by_ref["DEMO-C-4"].client_id != by_ref["DEMO-C-5"].client_id  # family phone, two people
    out = io.StringIO()
    demo.seed(out)
    assert Contact.objects.count() == 6 and "0 demo contacts" in out.getvalue()
