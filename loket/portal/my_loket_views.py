"""My Loket: the signed-in client's own file (issue 13 item 3).

Thin views: every object comes through the signed-in client (``request.portal_client``), so
another client's id in a URL is "not found"; the services check the same again.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loket.contact import selectors as contact_selectors
from loket.contact.models import Attachment, Question
from loket.contact.services import ClientFile

from . import explain, selectors, services
from .client_session import client_required
from .my_loket_forms import DetailsForm, DocumentForm, MessageForm, file_error, language_choices

# What the browser may do with a client's own file: save it, never run it in our origin.
_DOWNLOAD_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox"}


def _file(form) -> ClientFile | None:
    upload = form.cleaned_data.get("file")
    if upload is None:
        return None
    return ClientFile(name=upload.name, data=upload.read())


def _copy_errors(form, exc: ValidationError) -> None:
    """A service's refusal onto the form, in the client's words for files."""
    for field, errors in exc.error_dict.items() if hasattr(exc, "error_dict") else [(None, exc.error_list)]:
        for error in errors:
            if field == "file":
                form.add_error("file", file_error(error.code or ""))
            else:
                form.add_error(field if field in form.fields else None, error.messages)


def targets(view) -> list[tuple[str, str]]:
    """Where a document can go: the client's cases and open questions."""
    choices = [(f"case:{c.reference}", f"{c.kind} {c.reference}") for c in view.cases]
    word = _("Question")
    choices += [(f"question:{pk}", f"{word} {reference}") for pk, reference in view.open_questions]
    return choices


def _page(request, *, document_form=None, status=200):
    view = selectors.my_loket(request.portal_client, reads=selectors.READS_ON_HOME)
    form = document_form or DocumentForm(targets=targets(view))
    return render(
        request,
        "portal/my_loket/home.html",
        {
            "view": view,
            "documents_shown": view.documents[: selectors.DOCUMENTS_ON_HOME],
            "document_form": form,
            "representative": request.portal_representative,
            "language_name": dict(language_choices()).get(view.client.language, ""),
        },
        status=status,
    )


@require_GET
@client_required
def my_loket(request):
    return _page(request)


@require_POST
@client_required
def upload(request):
    view = selectors.my_loket(request.portal_client)
    form = DocumentForm(request.POST, request.FILES, targets=targets(view))
    if form.is_valid():
        try:
            services.hand_in_document(
                client=request.portal_client,
                representative=request.portal_representative,
                target=form.cleaned_data["target"],
                file=_file(form),
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            _copy_errors(form, exc)
        else:
            messages.success(request, _("We received your document. You will get an e-mail or text message about it."))
            return redirect("portal:my_loket")
    return _page(request, document_form=form, status=400)


@require_GET
@client_required
def questions(request):
    """All the client's questions, a page at a time, newest first (My Loket shows the newest)."""
    page = selectors.question_page(request.portal_client, request.GET.get("page"))
    return render(
        request,
        "portal/my_loket/questions.html",
        {"page": page, "view": {"client": request.portal_client}, "representative": request.portal_representative},
    )


@require_GET
@client_required
def documents(request):
    """All the client's documents, newest first (My Loket shows the newest)."""
    return render(
        request,
        "portal/my_loket/documents.html",
        {
            "documents": selectors.my_documents(request.portal_client),
            "view": {"client": request.portal_client},
            "representative": request.portal_representative,
        },
    )


@require_GET
@client_required
def reads(request):
    """Who at the service opened the client's file (My Loket shows the newest)."""
    return render(
        request,
        "portal/my_loket/reads.html",
        {
            "reads": selectors.file_reads(request.portal_client),
            "view": {"client": request.portal_client},
            "representative": request.portal_representative,
        },
    )


@require_http_methods(["GET", "POST"])
@client_required
def question(request, pk: int):
    ids = selectors.client_ids(request.portal_client)
    try:
        item = contact_selectors.client_question(ids, pk)
    except Question.DoesNotExist:
        raise Http404 from None
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.write_message(
                client=request.portal_client,
                representative=request.portal_representative,
                question_id=item.pk,
                text=form.cleaned_data["text"],
                file=_file(form),
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            _copy_errors(form, exc)
        else:
            messages.success(request, _("We received your message. You will get an e-mail or text message about it."))
            return redirect("portal:my_question", pk=contact.question_id)
    for contact in item.contacts.all():
        contact.channel_label = explain.CHANNEL.get(contact.channel, contact.channel)
    answer = selectors.answer_of(item)
    return render(
        request,
        "portal/my_loket/question.html",
        {"question": item, "answer": answer, "form": form, "representative": request.portal_representative},
        status=400 if form.errors else 200,
    )


@require_GET
@client_required
def document(request, pk: int):
    ids = selectors.client_ids(request.portal_client)
    try:
        item = contact_selectors.client_document(ids, pk)
    except Attachment.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(bytes(item.data), content_type=item.content_type or "application/octet-stream")
    for name, value in _DOWNLOAD_HEADERS.items():
        response[name] = value
    response["Content-Disposition"] = content_disposition_header(True, item.name)
    return response


@require_http_methods(["GET", "POST"])
@client_required
def details(request):
    client = request.portal_client
    emails, phones = selectors.clients.contact_details(client.pk)
    initial = {"email": emails[0] if emails else "", "phone": phones[0] if phones else "", "language": client.language}
    form = DetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            client = services.change_details(
                client=client, representative=request.portal_representative, **form.cleaned_data
            )
        except ValidationError as exc:
            _copy_errors(form, exc)
        else:
            response = redirect("portal:my_loket")
            if client.language and client.language in dict(settings.LANGUAGES):
                translation.activate(client.language)
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    client.language,
                    max_age=settings.LANGUAGE_COOKIE_AGE,
                    path=settings.LANGUAGE_COOKIE_PATH,
                    secure=settings.LANGUAGE_COOKIE_SECURE,
                    httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                    samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                )
            messages.success(request, _("Your details have been saved."))
            return response
    return render(
        request,
        "portal/my_loket/details.html",
        {"form": form, "representative": request.portal_representative},
        status=400 if form.errors else 200,
    )
