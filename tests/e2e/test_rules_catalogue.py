"""The catalogue pages and the audit's HTML report in Chromium: keyboard and axe-core."""

import io
import json

import pytest
from django.core.management import call_command

from tests.rules.builders import application, objection

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_reads_the_catalogue_by_keyboard(page, sign_in, assert_accessible, make_user):
    from loket.core.roles import Role

    sign_in(make_user(Role.OBJECTION_OFFICER))
    page.goto("/desk/rules/")
    assert page.locator("h1").inner_text() == "Regelcatalogus"
    assert_accessible(page)
    link = page.get_by_role("link", name="HEAR-01", exact=True)
    for _ in range(60):  # Tab through the page until the rule's link has the focus
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk/rules/HEAR-01/")
    assert "Hoorplicht" in page.locator("h1").inner_text()
    assert "Awb 7:2" in page.inner_text("main")
    assert_accessible(page)


def test_audit_report_passes_axe(page, assert_accessible, tmp_path):
    source, report = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("\n".join(json.dumps(c) for c in (objection(heard=False), application())) + "\n{\n")
    call_command(
        "rules",
        "audit",
        "--input",
        str(source),
        "--output",
        str(report),
        "--workers",
        "1",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    page.set_content(report.with_suffix(".html").read_text())
    assert page.locator("h1").inner_text() == "Hertoetsing van beslissingen"
    assert page.locator("svg[role=img]").count() == 1
    assert_accessible(page)
