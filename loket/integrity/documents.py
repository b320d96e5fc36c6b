"""A case's documents under the case's need to know: the contact app's CASE_DOCUMENT_READ hook.

Client uploads and e-mail attachments are kept by the contact app, which does not know cases;
this app, which sits above both, decides for it (issue 15, items 3 and 4)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from loket.cases import access
from loket.cases.models import Case


def case_document_read(request, attachment, case_ref: str):
    """False when ``case_ref`` names no case; True when need to know lets the user read it;
    else the refused page. Either way the read is recorded with its result."""
    case = Case.objects.filter(reference=case_ref).first()
    if case is None:
        return False
    data = {"contact": attachment.contact_id, "name": attachment.name}
    try:
        access.open_case_for(request.user, case, action="contact.attachment.read", obj=attachment, data=data)
    except PermissionDenied:
        return render(request, "cases/no_access.html", access.refusal_context(request.user, case), status=403)
    return True
