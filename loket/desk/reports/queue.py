"""The handler's queue of reports (werkvoorraad meldingen): what waits, and for how long.

Reads only the plain columns: nothing is decrypted, so the list stays fast at any size.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ...core.roles import REPORT_READER_ROLES, Role, has_role, roles_required
from ...whistle.keyring import keyring_for
from ...whistle.selectors import handler_queue
from ..forms_reports import QueueFilterForm
from .common import report_page, upcoming_deadline

PAGE_SIZE = 25


@report_page
@roles_required(*REPORT_READER_ROLES)
def report_list(request):
    form = QueueFilterForm(request.GET or None)
    stage, overdue = None, False
    if form.is_bound:
        if form.is_valid():
            stage, overdue = form.cleaned_data["stage"] or None, form.cleaned_data["overdue"]
        else:
            messages.error(request, _("That filter does not exist; all reports are shown."))
            form = QueueFilterForm()
    today = timezone.localdate()
    queue = handler_queue(request.user, stage=stage, overdue=overdue, today=today)
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"report": report, "deadline": upcoming_deadline(report, today)} for report in page.object_list]
    return render(
        request,
        "desk/reports/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "today": today,
            "key_locked": not keyring_for(request).unlocked,
            "can_record_oral": has_role(request.user, Role.REPORT_HANDLER),
        },
    )
