from datetime import date

import pytest

from tests.cases.conftest import at
from tests.portal.my_loket_support import make_client, make_question, officer, open_application, sign_in  # noqa: F401

pytestmark = pytest.mark.django_db


def test_smoke(client, open_application):
    with at(date(2026, 6, 1)):
        amal = make_client(email="amal@example.org")
        open_application(amal)
        make_question(amal, answer="Your permit is ready.")
        sign_in(client, amal)
        r = client.get("/mijn/", HTTP_ACCEPT_LANGUAGE="en")
    print(r.content.decode()[-6000:])
    assert r.status_code == 200


def test_api_smoke(client, open_application):
    with at(date(2026, 6, 1)):
        amal = make_client(email="amal@example.org")
        open_application(amal)
        make_question(amal, answer="Your permit is ready.")
        assert client.get("/api/v1/portal/my-loket").status_code == 403
        sign_in(client, amal)
        r = client.get("/api/v1/portal/my-loket", HTTP_ACCEPT_LANGUAGE="en")
    print(r.json())
    assert r.status_code == 200
