"""No trace of the reporter: no address, no user agent, no session, no cookie, no receipt
and no report text in plain form, anywhere in the database or the logs."""

import logging

import pytest
from django.contrib.sessions.models import Session

from loket.core.roles import Role
from loket.whistle import services
from loket.whistle.keyring import Keyring
from loket.whistle.models import Report
from tests.conftest import PASSWORD
from tests.whistle.api_support import post_json, upload
from tests.whistle.test_crypto import database_bytes

ADDRESS = "203.0.113.77"
AGENT = "UniqueAgent/9.9"
DESCRIPTION = "Okapi-Lantern-5521: the team lead sold appointment slots for cash"
ANSWER = "Marmot-Compass-8870: it happened on a Tuesday"
TRACES = {
    "REMOTE_ADDR": ADDRESS,
    "HTTP_USER_AGENT": AGENT,
    "HTTP_X_FORWARDED_FOR": ADDRESS,
    "HTTP_X_REAL_IP": ADDRESS,
    "HTTP_REFERER": f"https://{ADDRESS}/from",
}


def _no_cookie(response):
    assert not response.cookies, response.cookies
    assert "Set-Cookie" not in response.headers


@pytest.mark.django_db(transaction=True)
def test_a_reporters_requests_leave_no_trace(client, make_user, caplog):
    caplog.set_level(logging.DEBUG)
    handler = make_user(Role.REPORT_HANDLER)
    ring = Keyring.from_password(handler, PASSWORD)
    responses = []

    created = post_json(
        client,
        "/reports",
        {"description": DESCRIPTION, "anonymity": "anonymous", "happened_where": "Counter Rijswijk"},
        **TRACES,
    )
    assert created.status_code == 201
    receipt = created.json()["receipt"]
    report = Report.objects.get(reference=created.json()["reference"])
    services.send_message(report=report, user=handler, keyring=ring, body="Which Tuesday?", question=True)
    responses += [
        created,
        client.post(
            "/api/v1/whistle/reports",
            {
                "description": DESCRIPTION,
                "anonymity": "anonymous",
                "attachments": [upload("notes.txt", DESCRIPTION.encode())],
            },
            **TRACES,
        ),
        post_json(client, "/receipt", {"receipt": receipt}, **TRACES),
        post_json(client, "/receipt/messages", {"receipt": receipt, "body": ANSWER}, **TRACES),
        post_json(client, "/reports", {"description": " ", "anonymity": "anonymous"}, **TRACES),  # 400
        post_json(client, "/receipt", {"receipt": "0000000000000000"}, **TRACES),  # 404
    ]
    assert [r.status_code for r in responses] == [201, 201, 200, 201, 400, 404]
    for response in responses:
        _no_cookie(response)
        assert response["Cache-Control"] == "no-store"
        assert response["Referrer-Policy"] == "no-referrer"

    assert Session.objects.count() == 0
    dump = database_bytes()
    assert b"whistle.report.received" in dump  # the dump holds the rows of every table, the audit log too
    for secret in (ADDRESS, AGENT, receipt, DESCRIPTION.split(":")[0], ANSWER.split(":")[0], "Counter Rijswijk"):
        assert secret.encode() not in dump, f"{secret} is in the database"
        assert secret.encode("utf-16-le") not in dump
    logged = caplog.text + "".join(repr(r.__dict__) for r in caplog.records)
    assert "Not Found" in logged  # the logs were captured
    for secret in (ADDRESS, AGENT, receipt, DESCRIPTION.split(":")[0], ANSWER.split(":")[0]):
        assert secret not in logged, f"{secret} is in the logs"
