"""Downloading a report's attachment (bijlage): decrypted for this handler, logged, and
always offered as a download, never shown inline in the staff site."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from ...whistle import services
from ...whistle.keyring import keyring_for
from .common import get_visible_report, report_page


@report_page
def attachment(request, reference, attachment_pk):
    report = get_visible_report(request.user, reference)
    name, content_type, data = services.read_attachment(
        report=report, user=request.user, keyring=keyring_for(request), attachment_id=attachment_pk
    )
    response = HttpResponse(data, content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, name or "attachment")
    response["X-Content-Type-Options"] = "nosniff"
    return response
