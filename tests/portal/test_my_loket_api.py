"""The My Loket API answers what its schema (MyLoketSerializer, in openapi.yaml) says: the
fast builder and the serializer give the same JSON for a file with every kind of row."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from django.conf import settings

from loket.cases import services as case_services
from loket.core import audit
from loket.portal import api, selectors
from tests.cases.conftest import at
from tests.portal.my_loket_support import attach, make_client, make_question, officer, open_application, sign_in  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def test_the_fast_answer_is_the_serializers_answer(client, open_application, officer):
    with at(TODAY):
        amal = make_client("Amal", email="a@example.org", phone="+31612345678")
        case = open_application(amal)
        case_services.record_event(case=case, actor=officer, type="suspended", on=date(2026, 5, 10))
        case_services.record_event(case=case, actor=officer, type="resumed", on=date(2026, 5, 20))
        case_services.append_status(case=open_application(amal), status="decided", actor=officer)
        attach(make_question(amal, answer="Yes."))
        make_question(amal)
        audit.record(actor=officer, action="cases.case.viewed", obj=case)
        view = selectors.my_loket(amal)
        assert view.cases and view.questions and view.documents and view.reads
        assert api.as_json(view) == api.MyLoketSerializer(view).data
        sign_in(client, amal)
        response = client.get("/api/v1/portal/my-loket", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()
    assert body["cases"][-1]["suspensions"] == [
        {
            "reason": "We are waiting for information, for example from you or from another organisation.",
            "since": "2026-05-10",
            "until": "2026-05-20",
        }
    ]
    assert body["questions"][-1]["answer"]["body"] == "Yes."
    with at(TODAY):
        paged = client.get("/api/v1/portal/my-loket/questions", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["question_count"] == paged["count"] == 2 and paged["next"] is None
    assert paged["results"] == body["questions"]


def test_a_page_past_the_last_is_the_documented_json_404(client):
    with at(TODAY):
        amal = make_client("Amal")
        make_question(amal)
        sign_in(client, amal)
        response = client.get("/api/v1/portal/my-loket/questions?page=9", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    with open(settings.BASE_DIR / "openapi.yaml", encoding="utf-8") as schema:
        operation = next(
            op
            for path in yaml.safe_load(schema)["paths"].values()
            for op in path.values()
            if op.get("operationId") == "my_loket_questions"
        )
    assert "404" in operation["responses"]
