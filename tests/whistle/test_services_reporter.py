"""The reporter's return with the receipt: one answer for every wrong receipt, and a limit
on wrong receipts per minute for everyone together (nothing tells reporters apart)."""

import pytest

from loket.core.audit_models import AuditEntry
from loket.whistle import services
from loket.whistle.models import ReceiptFailureWindow

from .conftest import travel


@pytest.mark.parametrize("wrong", ["", "1234", "abcdabcdabcdabcd", "0000 0000 0000 0000", "12345678901234567"])
def test_every_wrong_receipt_gets_the_same_answer(people, submit, wrong):
    submit()
    before = AuditEntry.objects.count()
    with pytest.raises(services.ReceiptNotFound):
        services.open_with_receipt(wrong)
    assert AuditEntry.objects.count() == before  # a failed try leaves no trace of the reporter


def test_guessing_is_limited_for_everyone_and_the_limit_lifts(people, submit, settings):
    settings.WHISTLE_RECEIPT_FAILURES_PER_WINDOW = 5
    with travel(2026, 6, 1, 10, 0):
        submitted = submit()
    with travel(2026, 6, 1, 10, 1):
        for n in range(5):
            with pytest.raises(services.ReceiptNotFound):
                services.open_with_receipt(f"{n:016d}")
        with pytest.raises(services.TooManyAttempts):
            services.open_with_receipt(f"{9:016d}")
        with pytest.raises(services.TooManyAttempts):  # the right one waits too: no oracle
            services.open_with_receipt(submitted.receipt)
    assert list(ReceiptFailureWindow.objects.values_list("failures", flat=True)) == [5]
    with travel(2026, 6, 1, 10, 2):
        assert services.open_with_receipt(submitted.receipt).report == submitted.report


def test_a_receipt_can_be_typed_with_spaces_and_dashes(people, submit):
    submitted = submit()
    r = submitted.receipt
    for typed in (f"{r[:4]} {r[4:8]} {r[8:12]} {r[12:]}", f"{r[:4]}-{r[4:8]}-{r[8:12]}-{r[12:]}", f" {r} "):
        assert services.open_with_receipt(typed).report == submitted.report
