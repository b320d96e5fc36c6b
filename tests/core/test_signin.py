"""Staff sign-in: password plus a TOTP code for every role that can read reports, and a
lockout after repeated failures (django-axes)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from loket.core.roles import Role
from tests.conftest import PASSWORD

SIGN_IN = "/account/sign-in/"
REPORT_READERS = [Role.REPORT_HANDLER, Role.INVESTIGATOR, Role.INTEGRITY_OFFICER]
NOW = datetime(2026, 6, 1, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(autouse=True)
def _frozen_clock():
    # TOTP codes depend on the time: freeze it so a code cannot roll over mid-test.
    with time_machine.travel(NOW, tick=False):
        yield


def sign_in(client, user, *, password=PASSWORD, code=""):
    return client.post(SIGN_IN, {"username": user.get_username(), "password": password, "otp_token": code})


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.mark.parametrize("role", REPORT_READERS)
def test_a_report_reader_needs_a_code(client, make_user, totp_for, role):
    user = make_user(role)
    totp_for(user)
    response = sign_in(client, user)
    assert response.status_code == 200
    assert signed_in_as(client) is None
    assert "id_otp_token" in response.content.decode()
    assert response.context["form"].non_field_errors()


@pytest.mark.parametrize("role", REPORT_READERS)
def test_a_report_reader_signs_in_with_password_and_code(client, make_user, totp_for, role):
    user = make_user(role)
    code = totp_for(user)
    response = sign_in(client, user, code=code())
    assert response.status_code == 302
    assert signed_in_as(client) == str(user.pk)
    request_user = client.get("/desk/").wsgi_request.user
    assert request_user == user
    assert request_user.is_verified()


def test_a_wrong_code_is_refused(client, make_user, totp_for):
    user = make_user(Role.REPORT_HANDLER)
    code = totp_for(user)
    response = sign_in(client, user, code=wrong(code()))
    assert response.status_code == 200
    assert signed_in_as(client) is None
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["otp_invalid"]


def test_a_used_code_cannot_be_used_again(client, make_user, totp_for):
    user = make_user(Role.INVESTIGATOR)
    code = totp_for(user)()
    assert sign_in(client, user, code=code).status_code == 302
    client.post("/account/sign-out/")
    assert signed_in_as(client) is None
    assert sign_in(client, user, code=code).status_code == 200
    assert signed_in_as(client) is None


def test_a_report_reader_without_a_device_cannot_sign_in(client, make_user):
    user = make_user(Role.INTEGRITY_OFFICER)
    response = sign_in(client, user, code="123456")
    assert signed_in_as(client) is None
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["otp_missing"]


def test_a_wrong_password_is_refused_even_with_the_right_code(client, make_user, totp_for):
    user = make_user(Role.REPORT_HANDLER)
    code = totp_for(user)
    assert sign_in(client, user, password="not the password", code=code()).status_code == 200
    assert signed_in_as(client) is None


@pytest.mark.parametrize("role", [Role.CONTACT_AGENT, Role.DECISION_OFFICER, Role.TEAM_LEAD])
def test_a_role_without_report_access_signs_in_with_a_password(client, make_user, role):
    user = make_user(role)
    response = sign_in(client, user)
    assert response.status_code == 302
    assert signed_in_as(client) == str(user.pk)
    assert not client.get("/desk/").wsgi_request.user.is_verified()


def test_anyone_who_set_up_a_device_must_use_it(client, make_user, totp_for):
    user = make_user(Role.CONTACT_AGENT)
    code = totp_for(user)
    assert sign_in(client, user).status_code == 200
    assert signed_in_as(client) is None
    assert sign_in(client, user, code=code()).status_code == 302


def test_repeated_wrong_passwords_lock_the_account(client, make_user, totp_for):
    assert settings.AXES_FAILURE_LIMIT == 5
    user = make_user(Role.REPORT_HANDLER)
    code = totp_for(user)
    for _ in range(4):
        assert sign_in(client, user, password="guess", code=code()).status_code == 200
    locked = sign_in(client, user, password="guess", code=code())
    assert locked.status_code == 429
    # Now even the right password and code are refused, with the lockout page.
    response = sign_in(client, user, code=code())
    assert response.status_code == 429
    assert signed_in_as(client) is None
    assert "core/locked_out.html" in [t.name for t in response.templates]


def test_repeated_wrong_codes_lock_the_account(client, make_user, totp_for):
    user = make_user(Role.INVESTIGATOR)
    code = totp_for(user)
    for _ in range(5):
        sign_in(client, user, code=wrong(code()))
    response = sign_in(client, user, code=code())
    assert response.status_code == 429
    assert signed_in_as(client) is None


def test_the_lockout_is_per_account(client, make_user, totp_for):
    victim, colleague = make_user(Role.REPORT_HANDLER), make_user(Role.REPORT_HANDLER)
    totp_for(victim)
    colleague_code = totp_for(colleague)
    for _ in range(5):
        sign_in(client, victim, password="guess")
    assert sign_in(client, colleague, code=colleague_code()).status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock_and_success_resets_them(client, make_user, totp_for):
    user = make_user(Role.REPORT_HANDLER)
    code = totp_for(user)
    for _ in range(4):
        sign_in(client, user, password="guess")
    with time_machine.travel(NOW.replace(minute=1), tick=False):
        assert sign_in(client, user, code=code()).status_code == 302
    client.post("/account/sign-out/")
    for _ in range(4):
        sign_in(client, user, password="guess")
    with time_machine.travel(NOW.replace(minute=2), tick=False):
        assert sign_in(client, user, code=code()).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, make_user, totp_for):
    user = make_user(Role.REPORT_HANDLER)
    code = totp_for(user)
    for _ in range(5):
        sign_in(client, user, password="guess")
    assert sign_in(client, user, code=code()).status_code == 429
    with time_machine.travel(NOW.replace(hour=NOW.hour + 1, minute=1), tick=False):
        assert sign_in(client, user, code=code()).status_code == 302


def test_the_sign_in_page_asks_for_the_code_with_a_label(client, db):
    html = client.get(SIGN_IN).content.decode()
    assert 'for="id_otp_token"' in html
    assert 'autocomplete="one-time-code"' in html
