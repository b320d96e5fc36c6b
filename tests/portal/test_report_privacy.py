"""The reporter's pages leave no trace: no address, no user agent, no session, no cookie,
no receipt and no report text in plain form, in the database or the logs."""

import logging

import pytest
from django.contrib.sessions.models import Session

from loket.core.roles import Role
from loket.whistle import services
from loket.whistle.keyring import Keyring
from loket.whistle.models import Report
from tests.conftest import PASSWORD
from tests.portal.conftest import receipt_on
from tests.whistle.api_support import upload
from tests.whistle.test_crypto import database_bytes

ADDRESS = "203.0.113.77"
AGENT = "UniqueAgent/9.9"
DESCRIPTION = "Quetzal-Harbour-3307: the team lead sold appointment slots for cash"
ANSWER = "Ibex-Meadow-6642: it happened on a Tuesday"
TRACES = {
    "REMOTE_ADDR": ADDRESS,
    "HTTP_USER_AGENT": AGENT,
    "HTTP_X_FORWARDED_FOR": ADDRESS,
    "HTTP_REFERER": f"https://{ADDRESS}/from",
}


@pytest.mark.django_db(transaction=True)
def test_the_reporters_visits_leave_no_trace(client, make_user, caplog):
    caplog.set_level(logging.DEBUG)
    handler = make_user(Role.REPORT_HANDLER)
    ring = Keyring.from_password(handler, PASSWORD)

    responses = [client.get("/melden/", **TRACES)]
    filed = client.post(
        "/melden/",
        {
            "description": DESCRIPTION,
            "anonymity": "anonymous",
            "category": "corruption",
            "happened_where": "Counter Rijswijk",
            "strip_metadata": "on",
            "attachments": [upload("notes.txt", DESCRIPTION.encode())],
        },
        **TRACES,
    )
    receipt = receipt_on(filed)
    report = Report.objects.get()
    services.send_message(report=report, user=handler, keyring=ring, body="Which Tuesday?", question=True)
    responses += [
        filed,
        client.get("/melden/terugkomen/", **TRACES),
        client.post("/melden/terugkomen/", {"receipt": receipt}, **TRACES),
        client.post("/melden/terugkomen/bericht/", {"receipt": receipt, "message-body": ANSWER}, **TRACES),
        client.post("/melden/terugkomen/", {"receipt": "0000 0000 0000 0000"}, **TRACES),
        client.post("/melden/", {"description": " ", "anonymity": "anonymous"}, **TRACES),
    ]
    assert [r.status_code for r in responses] == [200] * 7
    for response in responses:
        assert not response.cookies and "Set-Cookie" not in response.headers
        assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "no-referrer"

    assert Session.objects.count() == 0
    dump = database_bytes()
    assert b"whistle.report.received" in dump  # the dump holds the rows of every table, the audit log too
    digits = receipt.replace(" ", "")
    written = (DESCRIPTION.split(":")[0], ANSWER.split(":")[0])
    for secret in (ADDRESS, AGENT, digits, receipt, *written, "Counter Rijswijk"):
        assert secret.encode() not in dump, f"{secret} is in the database"
        assert secret.encode("utf-16-le") not in dump
    assert client.get("/melden/terugkomen/bericht/", **TRACES).status_code == 405
    logged = caplog.text + "".join(repr(r.__dict__) for r in caplog.records)
    assert "Method Not Allowed" in logged  # the logs were captured
    for secret in (ADDRESS, AGENT, digits, receipt, *written):
        assert secret not in logged, f"{secret} is in the logs"
