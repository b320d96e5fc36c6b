"""The main pages work under the Content-Security-Policy, which allows no inline script or
style: the browser reports no violation on any of them, staff dashboards with charts and
the API docs included."""

import pytest

from loket.core.roles import Role

# Every violation the page sees, as the browser reports it to the page itself.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", e => window.__csp.push(
  e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber));
"""
PUBLIC = ["/", "/melden/", "/melden/terugkomen/", "/contact/", "/account/sign-in/", "/api/v1/docs/"]
STAFF = [
    "/desk/",
    "/desk/cases/",
    "/desk/cases/late/",
    "/desk/contact/dashboard/",
    "/desk/decisions/",
    "/desk/clients/",
    "/desk/rules/",
    "/desk/integrity/",
    "/desk/reports/",
]


def _violations(page, console):
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__csp") + [m for m in console if "Content Security Policy" in m]


@pytest.mark.django_db(transaction=True)
def test_no_page_breaks_the_content_security_policy(page, make_user, totp_for, org):
    from tests.conftest import PASSWORD

    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(LISTEN)
    found = {}
    for url in PUBLIC:
        response = page.goto(url)
        assert response.status == 200, url
        policy = response.headers["content-security-policy"]
        assert "unsafe-inline" not in policy and "script-src 'self'" in policy
        found[url] = _violations(page, console)
        console.clear()
    # Swagger UI draws the API from its schema, with its own script (?script).
    page.goto("/api/v1/docs/")
    page.get_by_text("Loket API").first.wait_for()
    found["/api/v1/docs/ (drawn)"] = _violations(page, console)

    roles = [Role.TEAM_LEAD, Role.CONTACT_AGENT, Role.DECISION_OFFICER, Role.INTEGRITY_OFFICER, Role.REPORT_HANDLER]
    user = make_user(*roles, username="allround", unit=org["team"])
    code = totp_for(user)
    page.goto("/account/sign-in/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", code())
    page.click("main button[type=submit]")
    page.wait_for_url("**/desk/")
    for url in STAFF:
        console.clear()
        response = page.goto(url)
        assert response.status == 200, url
        found[url] = _violations(page, console)
    assert not {url: v for url, v in found.items() if v}, found
