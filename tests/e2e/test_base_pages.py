"""The staff sign-in page works by keyboard alone and passes axe-core."""

import pytest


@pytest.mark.django_db(transaction=True)
def test_sign_in_page_keyboard_and_axe(page, assert_accessible, make_user, totp_for):
    from loket.core.roles import Role
    from tests.conftest import PASSWORD

    user = make_user(Role.REPORT_HANDLER)
    code = totp_for(user)
    page.goto("/account/sign-in/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_accessible(page)
    page.focus("#id_username")
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(code())
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk/")
    assert user.username in page.inner_text("nav")
