"""Issue 16, item 1, attacked: characters no database stores (NUL, which PostgreSQL
refuses; a lone surrogate, which no UTF-8 encodes) and texts made to be slow to read do
not lose the contact or the run: the text is kept with U+FFFD in their place, marked."""

import base64
import time
from datetime import datetime

import pytest
import time_machine

from loket.contact.mail import hints, parse_message
from tests.contact.conftest import AMS

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 10, 12, tzinfo=AMS)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _mail(
    *, sender=b"Amal <amal@example.org>", subject=b"Vraag", body=b"hallo", date=b"Mon, 01 Jun 2026 10:00:00 +0200"
):
    encoded = base64.b64encode(body)
    return (
        b"From: " + sender + b"\r\nTo: loket@example.org\r\nSubject: " + subject + b"\r\nDate: " + date + b"\r\n"
        b"Message-ID: <m1@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + encoded + b"\r\n"
    )


def _seconds(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


@pytest.mark.parametrize("html", ["<" * 200_000, "<script" * 30_000])
def test_an_html_mail_made_to_be_slow_is_read_at_once(html):
    """Before: each "<" made the reader go over the rest of the text again (200 KB of
    them took over a minute; the listener sat on the message meanwhile)."""
    raw = _mail(body=b"x").replace(b"text/plain", b"text/html")
    raw = raw.rsplit(b"\r\n\r\n", 1)[0] + b"\r\n\r\n" + base64.b64encode(html.encode()) + b"\r\n"
    assert _seconds(lambda: parse_message(raw)) < 2


def test_a_case_reference_hint_is_found_at_once_after_many_spaces():
    """Before: "zaak" and 100,000 spaces took minutes (each split of the spaces tried)."""
    assert _seconds(lambda: hints("zaak" + " " * 100_000)) < 2
    assert hints("zaaknummer :  IND-2026-0042") == ("", "IND-2026-0042")
