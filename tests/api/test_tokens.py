"""API tokens for partner systems: made by a command, shown once, stored as a hash, scoped to
one role, revocable, optionally expiring, and every use written to the audit log."""

import hashlib
from datetime import datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from loket.api.models import ApiToken
from loket.core.audit_models import AuditEntry
from loket.core.roles import Role

from .conftest import bearer


def run(*args) -> str:
    out = StringIO()
    call_command("apitoken", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


@pytest.mark.django_db
def test_a_token_is_shown_once_and_only_its_hash_is_stored():
    raw = run("create", "telephony", "--role", "contact_agent")
    token = ApiToken.objects.get(name="telephony")
    assert raw.startswith("loket_") and len(raw) > 40
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(list(ApiToken.objects.values()))
    assert raw not in str(list(AuditEntry.objects.values()))
    created = AuditEntry.objects.get(action="api.token.created")
    assert created.data["role"] == "contact_agent" and created.actor.startswith("cli:")


@pytest.mark.django_db
def test_a_token_acts_with_its_role_and_each_use_is_logged(make_token):
    raw = make_token(Role.DECISION_OFFICER, name="case-system")
    answer = bearer(raw).get("/api/v1/rules/", {"q": "Ahmed"})
    assert answer.status_code == 200
    assert answer.json()[0]["id"]
    use = AuditEntry.objects.get(action="api.token.used")
    assert use.actor == "api-case-system"
    assert use.data == {  # never the query string
        "method": "GET",
        "path": "/api/v1/rules/",
        "origin": "api:rules-api-list GET",
        "purpose": "partner system",
    }
    assert ApiToken.objects.get(name="case-system").last_used_at is not None


@pytest.mark.django_db
def test_the_word_token_works_as_well_as_bearer(make_token):
    raw = make_token(Role.DECISION_OFFICER)
    assert Client(HTTP_AUTHORIZATION=f"Token {raw}").get("/api/v1/rules/").status_code == 200


@pytest.mark.django_db
def test_the_services_check_the_tokens_role(make_token):
    raw = make_token(Role.CONTACT_AGENT)
    answer = bearer(raw).get("/api/v1/rules/", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 403
    assert "This action needs one of these roles" in answer.json()["detail"]


@pytest.mark.django_db
def test_without_a_credential_the_api_answers_401_with_the_scheme(client):
    answer = client.get("/api/v1/rules/")
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["Bearer loket_wrong", "Bearer", "Bearer a b", "Token \u00e9\u00e9"])
def test_a_wrong_token_is_401_and_writes_nothing(header):
    answer = Client(HTTP_AUTHORIZATION=header).get("/api/v1/rules/")
    assert answer.status_code == 401
    assert "detail" in answer.json()
    assert not AuditEntry.objects.filter(action="api.token.used").exists()


@pytest.mark.django_db
def test_a_revoked_token_stops_working_and_the_revocation_is_logged(make_token):
    raw = make_token(Role.DECISION_OFFICER, name="old-system")
    assert bearer(raw).get("/api/v1/rules/").status_code == 200
    assert run("revoke", "old-system").startswith("old-system revoked at")
    assert bearer(raw).get("/api/v1/rules/").status_code == 401
    assert AuditEntry.objects.filter(action="api.token.revoked", data__name="old-system").exists()
    assert "old-system\tdecision_officer\t-\tloket_" in run("list")
    assert "\trevoked\t" in run("list")


@pytest.mark.django_db
def test_a_token_stops_at_its_expiry(make_token):
    with time_machine.travel("2026-06-01 12:00:00+02:00", tick=False):
        run("create", "trial", "--role", "decision_officer", "--expires", "2026-06-02")
        stored = ApiToken.objects.get(name="trial")
        assert stored.expires_at == timezone.make_aware(datetime(2026, 6, 2))  # noqa: DTZ001  (made aware in Amsterdam time)
    token = make_token(Role.DECISION_OFFICER, expires_at=timezone.now() + timedelta(days=1))
    assert bearer(token).get("/api/v1/rules/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert bearer(token).get("/api/v1/rules/").status_code == 401
        assert "expired" in run("list")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["report_handler", "investigator", "integrity_officer"])
def test_no_token_stands_in_for_a_reader_of_the_reporting_channel(role):
    with pytest.raises(CommandError):
        run("create", "leaky", "--role", role)
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args, message",
    [
        (["bad name!", "--role", "contact_agent"], "name"),
        (["dup", "--role", "contact_agent", "--unit", "NOPE"], "unit"),
        (["dup", "--role", "contact_agent", "--expires", "2001-01-01"], "expires_at"),
        (["dup", "--role", "contact_agent", "--expires", "2027-02-30"], "expires"),
        (["dup", "--role", "contact_agent", "--expires", "soon"], "expires"),
    ],
)
def test_bad_input_to_the_command_is_refused_whole(args, message):
    with pytest.raises(CommandError, match=message):
        run("create", *args)
    assert not ApiToken.objects.exists()
    assert not AuditEntry.objects.filter(action="api.token.created").exists()


@pytest.mark.django_db
def test_a_token_with_a_unit_sees_that_units_cases(make_token, org):
    raw = make_token(Role.TEAM_LEAD, name="planning", unit="TEAM")
    opened = bearer(raw).post(
        "/api/v1/cases/",
        {"kind": "application", "track": "regular", "team": "TEAM", "received_on": "2026-03-02"},
        content_type="application/json",
    )
    assert opened.status_code == 201, opened.content
    assert bearer(raw).get(f"/api/v1/cases/{opened.json()['id']}").status_code == 200
    other = make_token(Role.TEAM_LEAD, name="elsewhere", unit="OTHER")
    assert bearer(other).get(f"/api/v1/cases/{opened.json()['id']}").status_code == 403


@pytest.mark.django_db
def test_an_agent_token_as_the_appointments_contract_asks(client):
    """Issue 14 item 9: ``loket apitoken create --role agent`` prints a token that books."""
    raw = run("create", "--role", "agent")
    token = ApiToken.objects.get()
    assert token.role == "contact_agent" and token.name.startswith("contact-agent-")
    response = client.get("/api/v1/appointments/locations", HTTP_AUTHORIZATION=f"Token {raw}")
    assert response.status_code == 200
