"""Recording an oral report (mondelinge melding) on the reporter's behalf.

A handler writes the minutes of a report given by phone or in a meeting; the reporter
gets the receipt, shown once, with which they read, correct and sign the minutes
(directive 2019/1937 art. 9(2) and 18). The receipt is rendered in the answer to the POST
and stored nowhere, not even in the session.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from ...core.roles import Role, require_role
from ...whistle import crypto, guidance, services
from ...whistle.selectors import can_see
from ..forms_reports import OralReportForm, add_service_errors
from .actions import error_text
from .common import report_page


@report_page
def record_oral(request):
    require_role(request.user, Role.REPORT_HANDLER)
    posted = request.method == "POST"
    form = OralReportForm(request.POST, request.FILES) if posted else OralReportForm()
    if posted:
        if form.is_valid():
            try:
                submitted = services.submit_report(
                    form.service_input(), channel=form.cleaned_data["channel"], recorded_by=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc, OralReportForm.SERVICE_FIELDS)
            else:
                report = submitted.report
                return render(
                    request,
                    "desk/reports/receipt.html",
                    {
                        "report": report,
                        "receipt": crypto.format_receipt(submitted.receipt),
                        "can_open": can_see(request.user, report),
                        "guidance": guidance.for_step("oral"),
                    },
                )
        messages.error(request, _("Nothing was stored. %(errors)s") % {"errors": error_text(form)})
    return render(
        request,
        "desk/reports/record_oral.html",
        {"form": form, "guidance": guidance.for_step("oral")},
        status=400 if posted else 200,
    )
