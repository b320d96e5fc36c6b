"""Issue 12, item 1: one person sending 20 wrong receipts a minute locked every reporter out.
Guessing is limited per client, and the client is told apart only by a keyed hash of its
address under a key that lives in memory and changes every window: nothing that
identifies a device is stored."""

import pytest
from django.db import connection

from loket.core.audit_models import AuditEntry
from loket.core.middleware import client_tag
from loket.whistle import services
from loket.whistle.models import ReceiptFailureWindow
from tests.whistle.api_support import (
    handler,  # noqa: F401 (fixture)
    post_json,
)

from .conftest import travel

GUESSER, REPORTER = "192.0.2.66", "198.51.100.7"


def _guess(client, n, addr=GUESSER, **extra):
    return post_json(client, "/receipt", {"receipt": f"{n:016d}"}, REMOTE_ADDR=addr, **extra)


def test_twenty_wrong_receipts_from_one_client_do_not_lock_out_another(client, people, submit):
    """The issue's attack, with the settings as shipped."""
    with travel(2026, 6, 1, 10, 0):
        receipt = submit().receipt
    with travel(2026, 6, 1, 10, 1):
        answers = [_guess(client, n).status_code for n in range(20)]
        assert answers[:10] == [404] * 10 and set(answers[10:]) == {429}
        # The guesser is stopped, even with the right receipt (no oracle) ...
        assert post_json(client, "/receipt", {"receipt": receipt}, REMOTE_ADDR=GUESSER).status_code == 429
        # ... and the reporter elsewhere opens their report.
        response = post_json(client, "/receipt", {"receipt": receipt}, REMOTE_ADDR=REPORTER)
        assert response.status_code == 200 and response.json()["reference"]


def test_past_the_ceiling_for_everyone_a_clean_client_still_gets_its_try(people, submit, settings):
    settings.WHISTLE_RECEIPT_FAILURES_PER_CLIENT = 100
    settings.WHISTLE_RECEIPT_FAILURES_PER_WINDOW = 5
    with travel(2026, 6, 1, 10, 0):
        submitted = submit()
    with travel(2026, 6, 1, 10, 1):
        for n, bot in enumerate("abcde"):
            with pytest.raises(services.ReceiptNotFound):
                services.open_with_receipt(f"{n:016d}", client=bot)
        with pytest.raises(services.TooManyAttempts):  # a bot that failed already
            services.open_with_receipt(submitted.receipt, client="a")
        assert services.open_with_receipt(submitted.receipt, client="reporter").report == submitted.report
        with pytest.raises(services.ReceiptNotFound):  # a new bot gets one try, no more
            services.open_with_receipt(f"{9:016d}", client="f")
        with pytest.raises(services.TooManyAttempts):
            services.open_with_receipt(f"{8:016d}", client="f")
    with travel(2026, 6, 1, 10, 2):  # a new window
        assert services.open_with_receipt(submitted.receipt, client="a").report == submitted.report


def test_nothing_that_tells_clients_apart_is_stored(client, people, submit):
    with travel(2026, 6, 1, 10, 0):
        submit()
        for n in range(3):
            _guess(client, n)
    assert list(ReceiptFailureWindow.objects.values_list("failures", flat=True)) == [3]
    columns = {
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), ReceiptFailureWindow._meta.db_table
        )
    }
    assert columns == {"id", "window_start", "failures"}
    assert not any(GUESSER in str(e.data) + e.actor for e in AuditEntry.objects.all())


def test_the_clients_tag_is_keyed_and_changes_every_window():
    with travel(2026, 6, 1, 10, 0):
        first = client_tag(GUESSER)
        assert client_tag(GUESSER) == first != client_tag(REPORTER)
        # An IPv6 client is one client per /64: rotating addresses inside it buys nothing.
        assert client_tag("2001:db8:1:2::1") == client_tag("2001:db8:1:2:ffff::9")
        assert GUESSER not in first
    with travel(2026, 6, 1, 10, 1):
        assert client_tag(GUESSER) != first


def test_behind_a_trusted_proxy_the_forwarded_address_picks_the_bucket(client, people, submit, settings):
    settings.REPORTER_TRUSTED_PROXIES = ["10.0.0.1"]
    with travel(2026, 6, 1, 10, 0):
        receipt = submit().receipt
    with travel(2026, 6, 1, 10, 1):
        for n in range(10):
            _guess(client, n, addr="10.0.0.1", HTTP_X_FORWARDED_FOR=GUESSER)
        assert _guess(client, 11, addr="10.0.0.1", HTTP_X_FORWARDED_FOR=GUESSER).status_code == 429
        response = post_json(
            client, "/receipt", {"receipt": receipt}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=REPORTER
        )
        assert response.status_code == 200
