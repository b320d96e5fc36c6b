"""Item 1 (e-mail): messages from .eml files, mbox files and the SMTP/LMTP listener,
threaded by Message-ID, In-Reply-To and References, attachments kept."""

import mailbox
import smtplib
import socket
from datetime import datetime
from email.message import EmailMessage

import pytest
import time_machine
from django.core.management import call_command

from loket.contact.mail import MalformedMail, parse_message
from loket.contact.models import Attachment, Contact
from loket.contact.services import ingest_files, ingest_message
from tests.contact.conftest import AMS

NOW = datetime(2026, 6, 3, 12, tzinfo=AMS)


def mail(
    *,
    sender="Mohammed Ali <m.ali@example.org>",
    subject="Mijn aanvraag",
    body="Ik wacht op een beslissing.",
    msgid="<m1@example.org>",
    reply_to=None,
    references=None,
    date="Mon, 01 Jun 2026 10:00:00 +0200",
    attachment=None,
    html=None,
) -> bytes:
    msg = EmailMessage()
    if sender:
        msg["From"] = sender
    msg["To"] = "loket@example.org"
    msg["Subject"] = subject
    if date:
        msg["Date"] = date
    if msgid:
        msg["Message-ID"] = msgid
    if reply_to:
        msg["In-Reply-To"] = reply_to
    if references:
        msg["References"] = references
    msg.set_content(body)
    if html:
        msg.add_alternative(html, subtype="html")
    if attachment:
        msg.add_attachment(attachment[1], maintype="application", subtype="pdf", filename=attachment[0])
    return bytes(msg)


def test_a_message_is_read():
    parsed = parse_message(mail(body="V-nummer: 12-3456-7890, zaaknummer IND-2026-0042"))
    assert parsed.from_address == "m.ali@example.org" and parsed.from_name == "Mohammed Ali"
    assert parsed.message_id == "<m1@example.org>"
    assert parsed.v_number_hint.replace("-", "") == "1234567890"
    assert parsed.case_ref_hint == "IND-2026-0042"
    assert parsed.sent_at == datetime(2026, 6, 1, 10, tzinfo=AMS)


@pytest.mark.parametrize(
    "text,v_number",
    [
        ("Mijn V-nummer is 1234567890.", "1234567890"),
        ("my V-number: 12 3456 7890", "12 3456 7890"),
        ("vreemdelingennummer 1234.567.890", "1234.567.890"),
        ("bel me op 0612345678", ""),
    ],
)
def test_a_v_number_written_in_the_text_is_found(text, v_number):
    assert parse_message(mail(body=text)).v_number_hint == v_number


def test_html_only_is_read_as_text():
    msg = EmailMessage()
    msg["From"] = "a@example.org"
    msg.set_content("<p>Ik ben <b>verhuisd</b></p><script>x()</script>", subtype="html")
    assert parse_message(bytes(msg)).body == "Ik ben verhuisd"


@pytest.mark.parametrize(
    "raw,reason",
    [
        (b"", "empty"),
        (b"\n\nno headers at all", "headers"),
        (b"Subject: hello\n\nno sender", "sender"),
        (b"From: not an address\nSubject: x\n\nbody", "sender"),
        (b"From: <>\nSubject: x\n\nbody", "sender"),
    ],
)
def test_malformed_messages_are_refused(raw, reason):
    with pytest.raises(MalformedMail, match=reason):
        parse_message(raw)


def test_a_message_without_message_id_gets_a_stable_one():
    raw = mail(msgid=None)
    assert (
        parse_message(raw).message_id
        == parse_message(raw).message_id
        != parse_message(mail(msgid=None, body="x")).message_id
    )
    assert parse_message(raw).message_id.endswith("@loket.invalid>")


@pytest.mark.django_db
def test_eml_file_becomes_a_contact_with_its_attachment(tmp_path):
    path = tmp_path / "in.eml"
    path.write_bytes(mail(attachment=("scan.pdf", b"%PDF-1.4 scan")))
    with time_machine.travel(NOW, tick=False):
        report = ingest_files([path])
        again = ingest_files([path])
    assert (report.stored, again.stored, again.duplicates) == (1, 0, 1)
    contact = Contact.objects.get()
    assert contact.channel == "email" and contact.email == "m.ali@example.org"
    assert contact.topic == "status" and contact.topic_detected
    assert contact.received_at == datetime(2026, 6, 1, 10, tzinfo=AMS)
    attachment = Attachment.objects.get()
    assert (attachment.name, bytes(attachment.data)) == ("scan.pdf", b"%PDF-1.4 scan")


@pytest.mark.django_db
def test_a_thread_is_one_question_even_when_the_sender_changes_address():
    with time_machine.travel(NOW, tick=False):
        first = ingest_message(mail())
        reply = ingest_message(
            mail(
                sender="Ali <other@example.net>",
                msgid="<m2@example.org>",
                reply_to="<m1@example.org>",
                subject="Re: Mijn aanvraag",
                body="Nog iets",
            )
        )
        third = ingest_message(
            mail(
                sender="x@example.com",
                msgid="<m3@example.org>",
                subject="Re: Re",
                references="<m1@example.org> <m2@example.org>",
                body="En nog iets",
                date="Tue, 02 Jun 2026 10:00:00 +0200",
            )
        )
    assert first.contact.question_id == reply.contact.question_id == third.contact.question_id
    assert reply.rule == third.rule == "thread"


@pytest.mark.django_db
def test_a_reply_that_arrives_before_its_parent_still_joins():
    with time_machine.travel(NOW, tick=False):
        reply = ingest_message(mail(sender="a@example.org", msgid="<r@x>", reply_to="<p@x>", body="tweede"))
        parent = ingest_message(mail(sender="b@example.org", msgid="<p@x>", body="eerste", subject="Vraag"))
    assert parent.contact.question_id == reply.contact.question_id


@pytest.mark.django_db
def test_mbox_with_a_malformed_message_stores_the_rest(tmp_path):
    box = mailbox.mbox(str(tmp_path / "in.mbox"))
    box.add(mail(msgid="<a@x>"))
    box.add(b"Subject: no sender here\n\nbody\n")
    box.add(mail(msgid="<b@x>", sender="s@example.org", body="Ik ben verhuisd"))
    box.flush()
    with time_machine.travel(NOW, tick=False):
        report = ingest_files([tmp_path / "in.mbox"], mbox=True)
    assert report.stored == 2
    assert report.errors == [(2, "The message has no valid sender (From) address.")]
    assert Contact.objects.count() == 2


@pytest.mark.django_db
def test_the_mail_command_reports_refused_messages(tmp_path, capsys):
    good, bad = tmp_path / "good.eml", tmp_path / "bad.eml"
    good.write_bytes(mail())
    bad.write_bytes(b"garbage without headers")
    with time_machine.travel(NOW, tick=False), pytest.raises(SystemExit) as exit_:
        call_command("contact", "mail", str(good), str(bad))
    assert exit_.value.code == 1
    out = capsys.readouterr()
    assert "message 2:" in out.err and "1 messages stored" in out.out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lmtp", [False, True], ids=["smtp", "lmtp"])
def test_the_listener_stores_live_mail_and_refuses_malformed(lmtp):
    from loket.contact.listener import controller

    port = _free_port()
    server = controller(port=port, lmtp=lmtp)
    server.start()
    try:
        with (smtplib.LMTP if lmtp else smtplib.SMTP)("127.0.0.1", port) as conn:
            conn.sendmail("m.ali@example.org", ["loket@example.org"], mail(msgid="<live@x>"))
            with pytest.raises(smtplib.SMTPDataError) as refused:
                conn.sendmail("x@example.org", ["loket@example.org"], b"Subject: no from\r\n\r\nbody\r\n")
    finally:
        server.stop()
    assert refused.value.smtp_code == 550
    contact = Contact.objects.get()
    assert contact.message_id == "<live@x>" and contact.channel == "email"
