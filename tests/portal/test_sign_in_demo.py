"""`loket seed --demo` prints how to sign in as each demo client, and what it prints works."""

import io
import re

import pytest

from loket.core.roles import Role
from loket.portal import client_session, signin_demo

from .signin_support import digid_sign_in

pytestmark = pytest.mark.django_db


def test_every_printed_sign_in_works(client, make_user):
    make_user(Role.COUNTER_AGENT, username="counter")
    signin_demo.seed(io.StringIO())
    out = io.StringIO()
    signin_demo.seed(out)  # twice: no duplicates, no error; the last code printed works
    printed = out.getvalue()
    bsns = dict(re.findall(r"^  (.+?)\s+DigiD mock, BSN (\d{9})", printed, re.M))
    assert set(bsns) == {"Mohammed Al-Hassan", "Olena Shevchenko", "Mr. Ria Advocaat"}
    digid_sign_in(client, bsns["Mohammed Al-Hassan"])
    assert client.session[client_session.SESSION_CLIENT] is not None

    v_number, code = re.search(r"V-number (\d{10}), code ([A-Z0-9-]{14})", printed).groups()
    client.post("/uitloggen/")
    assert client.post("/inloggen/code/", {"v_number": v_number, "code": code}).status_code == 302

    client.post("/uitloggen/")
    digid_sign_in(client, bsns["Mr. Ria Advocaat"])
    page = client.get("/inloggen/kies/").content.decode()
    assert "Amina Yusuf" in page and "Hodan Yusuf" in page and "Mohammed" not in page
