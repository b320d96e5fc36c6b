"""Base pages: Dutch by default, English after the language switcher, the OpenAPI schema
and its docs served without a CDN, and the `loket` console command."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from loket.core.roles import Role

ROOT = Path(__file__).resolve().parents[2]


def html_lang(response) -> str:
    return re.search(r'<html[^>]*\blang="([^"]+)"', response.content.decode()).group(1)


def switch_language(client, language, next_url):
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url
    return client.get(next_url)


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user(Role.CONTACT_AGENT))
    return client


@pytest.mark.django_db
def test_the_sign_in_page_is_dutch_by_default_and_english_after_switching(client):
    response = client.get("/account/sign-in/")
    assert response.status_code == 200
    assert html_lang(response) == "nl"
    page = response.content.decode()
    for dutch in (
        "Inloggen voor medewerkers",
        "Gebruikersnaam",
        "Wachtwoord",
        "Code uit uw authenticator-app",
        "Naar de inhoud",
        "Taal",
    ):
        assert dutch in page
    assert "Sign in for staff" not in page

    response = switch_language(client, "en", "/account/sign-in/")
    assert html_lang(response) == "en"
    page = response.content.decode()
    for english in (
        "Sign in for staff",
        "Username",
        "Password",
        "Code from your authenticator app",
        "Skip to content",
        "Language",
    ):
        assert english in page
    assert "Inloggen voor medewerkers" not in page

    response = switch_language(client, "nl", "/account/sign-in/")
    assert html_lang(response) == "nl" and "Inloggen voor medewerkers" in response.content.decode()


@pytest.mark.django_db
def test_a_sign_in_error_is_in_the_users_language(client, make_user):
    user = make_user()
    response = client.post("/account/sign-in/", {"username": user.username, "password": "wrong password"})
    assert "De gebruikersnaam en het wachtwoord horen niet bij elkaar" in response.content.decode()
    switch_language(client, "en", "/account/sign-in/")
    response = client.post("/account/sign-in/", {"username": user.username, "password": "wrong password"})
    assert "The username and password do not match" in response.content.decode()


@pytest.mark.django_db
def test_the_staff_site_is_dutch_by_default_and_english_after_switching(staff_client):
    response = staff_client.get("/desk/")
    assert response.status_code == 200
    assert html_lang(response) == "nl"
    assert "Naar de inhoud" in response.content.decode()
    assert 'id="language-switcher"' in response.content.decode()

    response = switch_language(staff_client, "en", "/desk/")
    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert "Skip to content" in response.content.decode()


@pytest.mark.django_db
def test_the_staff_site_needs_a_sign_in(client):
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/")


@pytest.mark.django_db
def test_base_pages_load_the_design_system_css(client):
    page = client.get("/account/sign-in/").content.decode()
    for asset in ("/static/vendor/utrecht-css/index.css", "/static/vendor/utrecht-tokens/index.css"):
        assert asset in page
        assert client.get(asset).status_code == 200


@pytest.mark.django_db
def test_the_openapi_schema_is_served(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Loket API"
    assert schema["paths"]


@pytest.mark.django_db
def test_the_api_docs_load_their_assets_locally(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "/api/v1/schema/" in client.get("/api/v1/docs/?script=").content.decode()
    # Every asset comes from this site, and the page names no other host. (Searching the
    # page for "cdn" failed once on the CSRF token, which is random: "...Vibcdnx...".)
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    # The page's own script comes from the page's address (?script): no inline script.
    assert assets and all(url.startswith(("/static/", "/api/v1/docs/?script")) for url in assets), assets
    assert not re.findall(r"(?:https?:)?//[\w-]+\.[\w.-]+", page), page
    assert any("swagger-ui" in url for url in assets), page
    for url in assets:
        assert client.get(url).status_code == 200, url


def test_the_loket_console_command_runs():
    loket = ROOT / ".venv" / "bin" / "loket"
    command = [str(loket)] if loket.exists() else [shutil.which("loket") or sys.executable + " -m loket"]
    result = subprocess.run([*command, "check"], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    result = subprocess.run([*command, "help", "audit"], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0 and "verify" in result.stdout
