"""``loket seed --demo`` fills the reporting channel with reports in every stage (the core
demo and this app's, called as the seed command calls them, without the other apps')."""

import re
from io import StringIO

from loket.core import audit, demo as core_demo
from loket.whistle import demo, services
from loket.whistle.models import DeadlineBreach, PersonnelMeasure, Report, Stage


def test_demo_reports_in_every_stage_with_working_receipts(db):
    core_demo.seed(StringIO())
    out = StringIO()
    demo.seed(out)
    text = out.getvalue()
    assert set(Report.objects.values_list("stage", flat=True)) == set(Stage.values)
    assert Report.objects.filter(channel="phone").exists()
    assert Report.objects.filter(named_persons__isnull=False).exists()
    assert set(DeadlineBreach.objects.values_list("kind", flat=True)) == {"acknowledge", "feedback"}
    assert PersonnelMeasure.objects.filter(flagged=True, status="under_review").count() == 1
    receipts = re.findall(r"(\d{4} \d{4} \d{4} \d{4})\s+(M-\d{4}-\w+)", text)
    assert len(receipts) == Report.objects.count()
    for receipt, reference in receipts:
        assert services.open_with_receipt(receipt).report.reference == reference
    assert audit.verify() is None

    demo.seed(StringIO())  # a second run adds no reports
    assert Report.objects.count() == len(receipts)
