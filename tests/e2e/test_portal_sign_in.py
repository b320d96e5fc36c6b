"""Client sign-in in Debian's Chromium: a client signs in through the DigiD mock and lands
signed in; a representative sees their client and not another (and cannot pick another by
id); the idle warning appears and its button keeps the session; axe-core finds no violation
of any impact on the sign-in pages, also at 320 px wide, where nothing scrolls sideways."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from loket.clients.services.signin import record_mandate
from loket.core.roles import Role
from tests.portal.signin_support import BSN_ANNA, BSN_REP, make_client, make_representative

from .conftest import axe_violations

ALL_IMPACTS = {"minor", "moderate", "serious", "critical"}


def assert_clean(page):
    violations = axe_violations(page, impacts=ALL_IMPACTS)
    assert not violations, f"axe-core on {page.url}: {violations}"


def assert_no_sideways_scroll(page):
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} is {width[0]} px wide in a {width[1]} px window"


def through_digid_mock(page, bsn):
    page.goto("/inloggen/")
    page.get_by_role("link", name="Inloggen met DigiD").click()
    page.wait_for_url(re.compile(r"/digid-mock/inloggen/"))
    page.locator("#authentication_type_account_basis").click()
    page.wait_for_url(re.compile(r"/digid-mock/inloggen_bsn/"))
    page.fill("input[name=auth_bsn]", bsn)
    page.locator("#submit-button").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_a_client_signs_in_through_the_digid_mock_and_lands_signed_in(page):
    make_client("Anna Test", v_number="1234567890", bsn=BSN_ANNA)
    page.goto("/inloggen/")
    assert_clean(page)
    through_digid_mock(page, BSN_ANNA)
    assert "/inloggen" not in page.url and "/digid" not in page.url
    expect(page.locator("main")).to_contain_text("Anna Test")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    assert_clean(page)

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.locator("main")).to_contain_text("U bent uitgelogd")
    page.goto("/ingelogd/")
    assert page.url.endswith("/inloggen/")


@pytest.mark.django_db(transaction=True)
def test_a_representative_sees_their_client_and_not_another(page, make_user):
    agent = make_user(Role.CONTACT_AGENT)
    rep = make_representative("Mr. Ria Advocaat", bsn=BSN_REP)
    mina = make_client("Mina Client", v_number="3000000001")
    stan = make_client("Stan Stranger", v_number="3000000003")
    record_mandate(client=mina, representative=rep, valid_from=date(2020, 1, 1), actor=agent)

    through_digid_mock(page, BSN_REP)
    page.wait_for_url(re.compile(r"/inloggen/kies/"))
    page.set_viewport_size({"width": 320, "height": 640})
    main = page.locator("main")
    expect(main).to_contain_text("Mina Client")
    expect(main).not_to_contain_text("Stan Stranger")
    assert_clean(page)
    assert_no_sideways_scroll(page)

    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    forged = page.request.post(
        "/inloggen/kies/", form={"csrfmiddlewaretoken": token, "client": str(stan.pk)}, headers={"Referer": page.url}
    )
    assert forged.status == 404

    page.get_by_role("button", name=re.compile("Optreden voor Mina Client")).click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Mina Client")
    expect(page.locator("main")).not_to_contain_text("Stan Stranger")


@pytest.mark.django_db(transaction=True)
def test_the_idle_warning_and_its_button(page, settings):
    settings.PORTAL_IDLE_SECONDS = 123  # the warning comes 120 s before: after 3 s here
    make_client("Anna Test", v_number="1234567890", bsn=BSN_ANNA)
    through_digid_mock(page, BSN_ANNA)
    warning = page.locator("#session-warning")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=10_000)
    expect(warning).to_contain_text("Wilt u ingelogd blijven?")
    assert_clean(page)
    with page.expect_response(re.compile(r"/inloggen/actief/")) as answer:
        page.get_by_role("button", name="Ingelogd blijven").click()
    assert answer.value.ok
    expect(warning).to_be_hidden()


@pytest.mark.django_db(transaction=True)
def test_the_sign_in_pages_at_320_px(page):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/inloggen/", "/inloggen/code/", "/uitloggen/"):
        page.goto(path)
        assert_clean(page)
        assert_no_sideways_scroll(page)
    page.goto("/inloggen/code/")
    page.fill("#id_v_number", "1234567890")
    page.fill("#id_code", "WRONG")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("main")).to_contain_text("Dit V-nummer en deze code horen niet bij elkaar")
    assert_clean(page)
    assert_no_sideways_scroll(page)


@pytest.mark.django_db(transaction=True)
def test_a_counter_agent_hands_out_a_code_and_the_client_signs_in_with_it(page, sign_in, make_user, browser):
    vera = make_client("Vera Code", v_number="2233445566")
    sign_in(make_user(Role.COUNTER_AGENT))
    page.goto(f"/desk/clients/{vera.pk}/")
    page.get_by_role("link", name=re.compile("Inloggen op de cliëntensite")).click()
    page.wait_for_url(f"**/desk/clients/{vera.pk}/sign-in/")
    assert_clean(page)
    page.get_by_label("nu, aan de balie").check()
    page.get_by_role("button", name="Nieuwe inlogcode maken").click()
    code = page.locator("#new-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert_clean(page)

    client_page = browser.new_context(base_url=page.url.split("/desk/")[0], locale="nl-NL").new_page()
    client_page.goto("/inloggen/code/")
    client_page.fill("#id_v_number", "2233445566")
    client_page.fill("#id_code", code)
    client_page.get_by_role("button", name="Inloggen").click()
    expect(client_page.locator("main")).to_contain_text("Vera Code")
    client_page.context.close()


@pytest.mark.django_db(transaction=True)
def test_the_sign_in_pages_in_arabic_read_right_to_left_at_320_px(browser, live_server, settings):
    settings.LANGUAGES = [("nl", "Nederlands"), ("en", "English"), ("ar", "العربية")]
    context = browser.new_context(base_url=live_server.url, locale="ar", extra_http_headers={"Accept-Language": "ar"})
    page = context.new_page()
    page.set_viewport_size({"width": 320, "height": 640})
    for path, heading in (("/inloggen/", "تسجيل الدخول"), ("/inloggen/code/", "تسجيل الدخول برمز الدخول")):
        page.goto(path)
        assert page.locator("html").get_attribute("dir") == "rtl"
        expect(page.locator("h1")).to_have_text(heading)
        assert_clean(page)
        assert_no_sideways_scroll(page)
    # The label sits on the right: its right edge is at the form's right edge.
    label = page.locator("label[for=id_v_number]").bounding_box()
    field = page.locator("#id_v_number").bounding_box()
    assert abs((label["x"] + label["width"]) - (field["x"] + field["width"])) < 2
    context.close()
