"""Under /api/ every answer is JSON in the API's error shape, and what the schemathesis run
found is fixed: HTML pages for a wrong address or a failure, a server error on a list where
a text belongs, input the schema forbids taken as if it were allowed."""

from unittest import mock

import pytest
from django.test import Client

from loket.core.roles import Role

from .conftest import bearer


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, path",
    [("get", "/api/v1/nowhere"), ("get", "/api/v2/cases/"), ("post", "/api/v1/cases/abc/events"), ("get", "/api/")],
)
def test_a_wrong_address_under_api_is_a_json_404(make_token, method, path):
    response = getattr(bearer(make_token(Role.ADMINISTRATOR)), method)(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "There is no API endpoint at this address."}


@pytest.mark.django_db
def test_a_wrong_address_elsewhere_is_still_a_page(client):
    response = client.get("/desk/nowhere/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_a_failure_under_api_is_a_json_500(make_token):
    api = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(Role.DECISION_OFFICER)}", raise_request_exception=False)
    with mock.patch("loket.rules.api.catalogue_entries", side_effect=RuntimeError("bug")):
        response = api.get("/api/v1/rules/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert response.json() == {"detail": "Something went wrong on our side."}


@pytest.mark.django_db
@pytest.mark.parametrize("query, field", [({"kind": "nonsense"}, "kind"), ({"team": "NOPE"}, "team")])
def test_the_case_list_refuses_a_filter_it_does_not_know(make_token, org, query, field):
    response = bearer(make_token(Role.TEAM_LEAD, unit="TEAM")).get("/api/v1/cases/", query)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_the_case_list_is_the_page_the_schema_describes(make_token, org):
    page = bearer(make_token(Role.TEAM_LEAD, unit="TEAM")).get("/api/v1/cases/").json()
    assert set(page) == {"count", "next", "previous", "results"}


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["topic", "channel", "name"])
def test_a_contact_with_a_list_where_a_text_belongs_is_a_400(make_token, field):
    line = {"ref": "x1", "channel": "phone", "received_at": "2026-05-04T09:30:00+02:00", field: ["a", "b"]}
    response = bearer(make_token(Role.CONTACT_AGENT)).post(
        "/api/v1/contact/contacts", line, content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, field",
    [
        ({"strip_metadata": "yes"}, "strip_metadata"),
        ({"strip_metadata": 1}, "strip_metadata"),
        ({"involved": 12}, "involved"),
        ({"description": 3.5}, "description"),
    ],
)
def test_the_reporters_json_is_what_the_schema_says(client, changes, field):
    report = {"description": "The counter was closed for weeks.", "anonymity": "anonymous", **changes}
    response = client.post("/api/v1/whistle/reports", report, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_a_form_still_takes_a_checkbox_as_text(client):
    response = client.post(
        "/api/v1/whistle/reports",
        {"description": "The counter was closed for weeks.", "anonymity": "anonymous", "strip_metadata": "false"},
    )
    assert response.status_code == 201


def test_every_secured_operation_documents_its_refusals():
    from .schema_check import generated

    for path, item in generated()["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            if any(operation.get("security", [{}])):
                assert {"401", "403"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            for code, response in operation["responses"].items():
                if code.startswith("4"):
                    assert "content" in response, (method, path, code)


def test_a_message_on_the_whole_is_an_object_as_the_schema_says():
    from rest_framework import exceptions
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView

    from loket.api.exceptions import exception_handler

    request = APIRequestFactory().post("/api/v1/x/")
    response = exception_handler(
        exceptions.ValidationError("The case is closed."), {"view": APIView(), "request": request}
    )
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["The case is closed."]}


@pytest.mark.parametrize("handler, status", [("bad_request", 400), ("permission_denied", 403), ("server_error", 500)])
def test_djangos_own_errors_are_json_under_api_and_pages_elsewhere(rf, handler, status):
    from loket.api import views

    view = getattr(views, handler)
    args = () if handler == "server_error" else (Exception("x"),)
    api = view(rf.get("/api/v1/cases/"), *args)
    page = view(rf.get("/desk/"), *args)
    assert (api.status_code, page.status_code) == (status, status)
    assert api["Content-Type"] == "application/json" and "detail" in api.content.decode()
    assert page["Content-Type"].startswith("text/html")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/rules/", "/api/v1/cases/999999"])
def test_a_browser_gets_json_too(make_token, path):
    """DRF's browsable API answered a browser with HTML, which no schema describes."""
    response = bearer(make_token(Role.ADMINISTRATOR)).get(path, HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert response["Content-Type"] == "application/json"
