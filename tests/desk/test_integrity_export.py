"""The redacted export pages: the page, the HTML file and the PDF, for an integrity officer
or a handler holding the report's key; each export logged, no name in any of them."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from loket.core.audit_models import AuditEntry
from loket.core.roles import Role
from loket.whistle import services
from loket.whistle.keyring import Keyring
from loket.whistle.models import NamedPerson
from tests.conftest import PASSWORD
from tests.desk.integrity_support import _cheap_handler_keys, clock, english, login, protected, signed_in, staff  # noqa: F401

#: Name parts that cannot be mistaken for the role labels ("[witness 1]", "[reporter]").
NAMES = ("Otto", "Ambtenaar", "Renee", "Wim", "Hanna")


def url(report, fmt=None):
    base = reverse("desk:integrity:export", args=[report.reference])
    return f"{base}?format={fmt}" if fmt else base


def exports_logged(report) -> list[str]:
    return [
        e.data["format"]
        for e in AuditEntry.objects.filter(action="whistle.report.exported", object_id=str(report.pk)).order_by("seq")
    ]


def assert_no_names(text: str) -> None:
    leaked = [n for n in NAMES if re.search(rf"\b{n}\b", text, re.I)]
    assert not leaked, f"names in the export: {leaked}"


@pytest.mark.parametrize("role", ["handler", "officer"])
def test_the_export_page_replaces_people_by_their_role(protected, login, role):
    report = protected.report
    response = login(getattr(protected, role)).get(url(report))
    assert response.status_code == 200
    page = response.content.decode()
    assert "[person concerned 1] took money at the counter; [witness 1] saw it." in page
    assert "Download as PDF" in page
    body = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert_no_names(body)
    assert exports_logged(report) == ["page"]
    assert "no-store" in response["Cache-Control"]


def test_the_pdf_download(protected, login):
    report = protected.report
    response = login(protected.handler).get(url(report, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{report.reference}-redacted.pdf"'
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "[witness 1]" in text and report.reference in text
    assert_no_names(text)
    assert exports_logged(report) == ["pdf"]


def test_the_html_download(protected, login):
    report = protected.report
    response = login(protected.officer).get(url(report, "html"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["Content-Disposition"].startswith("attachment;")
    html = response.content.decode()
    assert html.count("<h1") == 1 and 'lang="en"' in html
    assert_no_names(html)
    assert exports_logged(report) == ["html"]


def test_other_roles_are_refused(protected, login):
    for user in (protected.lead, protected.investigator):
        assert login(user).get(url(protected.report)).status_code == 403
    assert exports_logged(protected.report) == []


def test_someone_kept_away_from_the_report_gets_a_404(protected, login):
    services.name_person(
        report=protected.report,
        user=protected.handler,
        keyring=Keyring.from_password(protected.handler, PASSWORD),
        employee=protected.staffer,
        role=NamedPerson.Role.WITNESS,
    )  # staffer is in the unit the officer manages
    assert login(protected.officer).get(url(protected.report)).status_code == 404
    assert exports_logged(protected.report) == []


def test_an_unknown_reference_is_a_404(staff, login):
    assert login(staff.officer).get(reverse("desk:integrity:export", args=["M-2026-NOSUCH"])).status_code == 404


def test_without_the_reports_key_the_page_says_so(protected, login, make_user):
    newcomer = make_user(Role.REPORT_HANDLER, username="newcomer")  # signs in after the report arrived
    response = login(newcomer).get(url(protected.report, "pdf"))
    assert response.status_code == 403
    assert "key was not shared with you" in response.content.decode()
    assert exports_logged(protected.report) == []
