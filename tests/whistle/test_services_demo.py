"""``loket seed --demo`` fills the reporting channel with reports in every stage."""
import re
from io import StringIO

from django.core.management import call_command

from loket.core import audit
from loket.whistle import services
from loket.whistle.models import DeadlineBreach, PersonnelMeasure, Report, Stage


def test_demo_reports_in_every_stage_with_working_receipts(db):
    out = StringIO()
    call_command("seed", "--demo", stdout=out)
    text = out.getvalue()
    assert {stage for stage in Report.objects.values_list("stage", flat=True)} == set(Stage.values)
    assert Report.objects.filter(channel="phone").exists()
    assert Report.objects.filter(named_persons__isnull=False).exists()
    assert set(DeadlineBreach.objects.values_list("kind", flat=True)) == {"acknowledge", "feedback"}
    assert PersonnelMeasure.objects.filter(flagged=True, status="under_review").count() == 1
    receipts = re.findall(r"(\d{4} \d{4} \d{4} \d{4})\s+(M-\d{4}-\w+)", text)
    assert len(receipts) == Report.objects.count()
    for receipt, reference in receipts:
        assert services.open_with_receipt(receipt).report.reference == reference
    assert audit.verify() is None

    call_command("seed", "--demo", stdout=StringIO())  # a second run adds no reports
    assert Report.objects.count() == len(receipts)
