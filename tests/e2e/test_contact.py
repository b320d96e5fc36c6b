"""Issue 3 in the browser: an agent records a call from a client who e-mailed about the
same matter the day before, and sees the call joined to that question; axe-core finds no
serious violation on the agent's pages and on the client's web form."""

from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import pytest


def _yesterdays_mail() -> bytes:
    from django.utils import timezone

    msg = EmailMessage()
    msg["From"] = "Mohammed Ali <m.ali@example.org>"
    msg["To"] = "loket@example.org"
    msg["Subject"] = "Verhuizing"
    msg["Date"] = format_datetime(timezone.now() - timedelta(days=1))
    msg["Message-ID"] = "<verhuizing-1@example.org>"
    msg.set_content(
        "Geachte heer, mevrouw,\n\nIk ben verhuisd naar de Kerkstraat 1 in Utrecht. "
        "Mijn V-nummer is 1234567890.\n\nMet vriendelijke groet,\nMohammed Ali"
    )
    return bytes(msg)


@pytest.mark.django_db(transaction=True)
def test_a_call_joins_yesterdays_email_question(page, sign_in, assert_accessible, make_user):
    from loket.contact.models import Contact
    from loket.contact.services import ingest_message
    from loket.core.roles import Role

    mail = ingest_message(_yesterdays_mail()).contact
    assert mail.topic == "address" and mail.v_number == "1234567890"
    agent = make_user(Role.CONTACT_AGENT, username="agent")
    sign_in(agent)
    page.wait_for_url("**/desk/")

    page.goto("/desk/contact/")
    assert page.locator(f"a[href='/desk/contact/questions/{mail.question_id}/']").count() == 1
    assert_accessible(page)

    page.goto("/desk/contact/calls/new/")
    assert_accessible(page)
    page.fill("#id_name", "Muhammad Ali")
    page.fill("#id_v_number", "12 3456 7890")
    page.fill("#id_phone", "06 1234 5678")
    page.select_option("#id_topic", "address")
    page.fill("#id_subject", "Is mijn nieuwe adres verwerkt?")
    page.fill("#id_body", "Belt over zijn e-mail van gisteren.")
    page.select_option("#id_call_outcome", "callback")
    page.click("button[type=submit].utrecht-button--primary-action")

    page.wait_for_url(f"**/desk/contact/questions/{mail.question_id}/")
    call = Contact.objects.get(channel="phone")
    assert call.question_id == mail.question_id and call.client_id == mail.client_id
    status = page.locator("[role=status]").inner_text()
    assert mail.question.reference in status
    contacts = page.locator("li.loket-contact")
    assert contacts.count() == 2
    assert "Verhuizing" in contacts.nth(0).inner_text()
    assert "Is mijn nieuwe adres verwerkt?" in contacts.nth(1).inner_text()
    assert_accessible(page)

    page.goto("/desk/contact/tasks/")
    assert page.locator(f"a[href='/desk/contact/questions/{mail.question_id}/']").count() == 1
    assert_accessible(page)

    page.goto(f"/desk/contact/clients/{mail.client_id}/timeline/")
    assert page.locator(".loket-timeline__entry").count() == 2
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_the_web_form_and_the_dashboard_pass_axe(page, sign_in, assert_accessible, make_user):
    from loket.contact.models import Contact
    from loket.core.roles import Role

    page.goto("/contact/")
    assert_accessible(page)
    page.click("button[type=submit].utrecht-button--primary-action")  # empty: errors on the fields
    assert page.locator(".utrecht-form-field-error-message").count() >= 3
    assert_accessible(page)
    page.fill("#id_name", "Sara Haile")
    page.fill("#id_email", "sara@example.org")
    page.select_option("#id_topic", "family")
    page.fill("#id_subject", "Visum voor mijn man")
    page.fill("#id_body", "Hoe lang duurt het?")
    page.click("button[type=submit].utrecht-button--primary-action")
    page.wait_for_url("**/contact/thanks/**")
    assert Contact.objects.get().question.reference in page.inner_text("main")
    assert_accessible(page)

    sign_in(make_user(Role.TEAM_LEAD, username="lead"))
    page.wait_for_url("**/desk/")
    page.goto("/desk/contact/dashboard/")
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length === 3")
    assert_accessible(page)
