"""The redacted export of a report for oversight, as a page, an HTML file or a PDF. Only
an integrity officer or a handler who holds the report's key can make one; every export
is logged (``whistle.report.exported``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from ...whistle import crypto
from ...whistle.export import EXPORT_ROLES, export_report
from ...whistle.export_pdf import render_pdf
from ...whistle.keyring import keyring_for
from ...whistle.models import Report
from .common import staff_page


def _download(body, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@staff_page(*EXPORT_ROLES)
def report_export(request, reference: str):
    report = Report.objects.filter(reference=reference).first()
    if report is None:
        raise Http404()
    fmt = request.GET.get("format", "page")
    if fmt not in ("page", "html", "pdf"):
        fmt = "page"
    keyring = keyring_for(request)
    try:
        export = export_report(report=report, user=request.user, keyring=keyring, fmt=fmt)
    except crypto.LockedError:
        return render(
            request,
            "desk/integrity/export_unavailable.html",
            {"reference": reference, "locked": True, "unlocked": keyring.unlocked},
            status=403,
        )
    except ValidationError as exc:
        return render(
            request,
            "desk/integrity/export_unavailable.html",
            {"reference": reference, "problems": exc.messages},
            status=409,
        )
    if fmt == "pdf":
        return _download(render_pdf(export), "application/pdf", f"{export.reference}-redacted.pdf")
    if fmt == "html":
        html = render_to_string("desk/integrity/export_document.html", {"export": export}, request=request)
        return _download(html, "text/html; charset=utf-8", f"{export.reference}-redacted.html")
    return render(request, "desk/integrity/export.html", {"export": export})
