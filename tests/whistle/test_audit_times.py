"""The reporting channel promises no time of a reporter's request beyond the minute window
of its rate limit; the audit log keeps to that for the reporter's entries (issue 12, item 1)
and stays verifiable and in order."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from loket.core import audit
from loket.core.audit_models import AuditEntry
from loket.whistle import services

AMS = ZoneInfo("Europe/Amsterdam")


def moment(minute, second, micro):
    return datetime(2026, 6, 1, 10, minute, second, micro, tzinfo=AMS)


def test_the_reporters_entries_keep_the_minute_only(people, submit, keyring):
    with time_machine.travel(moment(17, 42, 123456), tick=False):
        submitted = submit()
    with time_machine.travel(moment(18, 5, 987654), tick=False):
        access = services.open_with_receipt(submitted.receipt)
        services.reporter_view(access)
        services.add_reporter_message(access, body="The closing was ordered in writing.")
    with time_machine.travel(moment(19, 31, 555555), tick=False):
        services.acknowledge(report=submitted.report, user=people.handler, keyring=keyring(people.handler))

    entries = list(AuditEntry.objects.filter(object_id=str(submitted.report.pk)).order_by("seq"))
    by_reporter = [(e.action, e.at) for e in entries if e.actor == "reporter"]
    assert by_reporter == [
        ("whistle.report.received", datetime(2026, 6, 1, 8, 17, tzinfo=UTC)),
        ("whistle.report.read_by_reporter", datetime(2026, 6, 1, 8, 18, tzinfo=UTC)),
        ("whistle.message.from_reporter", datetime(2026, 6, 1, 8, 18, tzinfo=UTC)),
    ]
    # Staff actions keep their exact time; the log is still ordered by its numbers and intact.
    handler = [e for e in entries if e.actor == "handler"]
    assert handler and handler[0].at == moment(19, 31, 555555)
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)
    assert audit.verify() is None


@pytest.mark.parametrize("second, micro", [(0, 0), (59, 999999)])
def test_a_reporter_entry_at_the_edge_of_a_minute(people, submit, second, micro):
    with time_machine.travel(moment(59, second, micro), tick=False):
        submitted = submit()
    entry = AuditEntry.objects.get(object_id=str(submitted.report.pk), action="whistle.report.received")
    assert entry.at == moment(59, 0, 0)
