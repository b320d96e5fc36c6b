"""An e-mail attachment named with CR/LF (issue 12, item 2): ``filename*=utf-8''evil%0D%0AX.txt``
was stored as written, and the agent's download was a 500 (BadHeaderError). The name is
cleaned when the mail comes in, still shown to the agent, and never breaks a header."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from hypothesis import given, strategies as st

from loket.contact.models import Attachment
from loket.contact.services import ingest_message
from loket.core.filenames import safe_filename
from tests.contact.conftest import AMS

pytestmark = pytest.mark.django_db

RAW = (
    b"From: Mohammed Ali <m.ali@example.org>\r\nTo: loket@example.org\r\nSubject: Bijlage\r\n"
    b"Message-ID: <evil@example.org>\r\nDate: Mon, 01 Jun 2026 10:00:00 +0200\r\nMIME-Version: 1.0\r\n"
    b"Content-Type: multipart/mixed; boundary=b\r\n\r\n"
    b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nZie bijlage.\r\n"
    b"--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename*=utf-8''evil%0D%0AX.txt\r\n\r\n"
    b"hello\r\n--b--\r\n"
)


def test_an_attachment_named_with_cr_lf_is_kept_shown_and_downloads(client, agent):
    with time_machine.travel(datetime(2026, 6, 3, 12, tzinfo=AMS), tick=False):
        ingest_message(RAW)
    item = Attachment.objects.get()
    assert item.name == "evil\ufffd\ufffdX.txt"
    client.force_login(agent)
    page = client.get(reverse("desk:contact:contact", args=[item.contact_id]))
    assert "evil\ufffd\ufffdX.txt" in page.content.decode()
    response = client.get(reverse("desk:contact:attachment", args=[item.pk]))
    assert response.status_code == 200 and response.content == b"hello"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''evil%EF%BF%BD%EF%BF%BDX.txt"


def test_a_name_stored_before_the_fix_still_downloads(client, agent):
    with time_machine.travel(datetime(2026, 6, 3, 12, tzinfo=AMS), tick=False):
        ingest_message(RAW)
    Attachment.objects.update(name="old\r\nSet-Cookie: x=1.txt")
    client.force_login(agent)
    response = client.get(reverse("desk:contact:attachment", args=[Attachment.objects.get().pk]))
    assert response.status_code == 200
    assert "\r" not in response["Content-Disposition"] and "\n" not in response["Content-Disposition"]
    assert not response.has_header("Set-Cookie") or "x=1" not in response["Set-Cookie"]


@given(st.text(max_size=300))
def test_a_cleaned_name_has_no_control_or_bidi_characters_and_is_never_empty(name):
    import unicodedata

    cleaned = safe_filename(name)
    assert cleaned and len(cleaned) <= 255 and "/" not in cleaned
    assert not any(
        unicodedata.category(c) == "Cc" or "\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069" for c in cleaned
    )
