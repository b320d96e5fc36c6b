"""The reporter's pages (meldpunt) under /melden/: report, receipt, return with the receipt.

Stateless by design. There is no session and no cookie: the receipt is the only key, and it
travels in a hidden field of each form, always by POST, never in a URL. So there is
nothing a cross-site request could borrow, and these views need no CSRF token (which
would itself set a cookie that marks the browser). The privacy middleware removes the
client's address and user agent before these views run; every posted value is marked
sensitive so no error report can show it.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from ..whistle import services
from ..whistle.crypto import format_receipt
from ..whistle.models import Channel, Message
from .report_forms import ReceiptForm, ReporterMessageForm, ReportForm, add_service_errors, uploads


def reporter_page(view):
    return csrf_exempt(sensitive_post_parameters()(view))


@reporter_page
@require_http_methods(["GET", "POST"])
def report(request):
    """The report form; a valid report answers with its receipt, shown this once."""
    if request.method != "POST":
        return render(request, "portal/report/form.html", {"form": ReportForm()})
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            submitted = services.submit_report(form.to_input(request.FILES), channel=Channel.WEB)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(
                request,
                "portal/report/receipt.html",
                {"report": submitted.report, "receipt": format_receipt(submitted.receipt)},
            )
    return render(request, "portal/report/form.html", {"form": form})


def _open(request):
    """(access, receipt, None) for a good receipt, else (None, None, the page that says why)."""
    form = ReceiptForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            access = services.open_with_receipt(
                form.cleaned_data["receipt"], client=getattr(request, "reporter_client", None)
            )
            return access, form.cleaned_data["receipt"], None
        except services.TooManyAttempts as exc:
            form.add_error("receipt", str(exc.message))
            status = 429
        except services.ReceiptNotFound as exc:
            form.add_error("receipt", str(exc.message))
    return (
        None,
        None,
        render(
            request,
            "portal/report/return.html",
            {"form": form, "language_next": reverse("portal:report_return")},
            status=status,
        ),
    )


def _days(days: int, done: bool) -> str:
    if done:
        return _("done")
    if days > 0:
        return ngettext("%(n)d day left", "%(n)d days left", days) % {"n": days}
    if days == 0:
        return _("due today")
    return ngettext("%(n)d day overdue", "%(n)d days overdue", -days) % {"n": -days}


def _status_page(request, access, receipt, *, notice="", error="", status=200, **forms):
    view = services.reporter_view(access)
    deadlines = [
        {
            "label": _("Acknowledgement of receipt"),
            "due": view["acknowledge_due"],
            "left": _days(view["acknowledge_days_left"], view["acknowledged"]),
            "overdue": view["acknowledge_days_left"] < 0 and not view["acknowledged"],
        },
        {
            "label": _("Feedback on what was done"),
            "due": view["feedback_due"],
            "left": _days(view["feedback_days_left"], view["feedback_sent"]),
            "overdue": view["feedback_days_left"] < 0 and not view["feedback_sent"],
        },
    ]
    return render(
        request,
        "portal/report/status.html",
        {
            "view": view,
            "receipt": receipt,
            "deadlines": deadlines,
            "notice": notice,
            "error": error,
            "message_form": forms.get("message_form") or ReporterMessageForm(prefix="message"),
            "correction_form": forms.get("correction_form") or ReporterMessageForm(prefix="correction"),
            "language_next": reverse("portal:report_return"),
        },
        status=status,
    )


@reporter_page
@require_http_methods(["GET", "POST"])
def return_with_receipt(request):
    """Enter the receipt; see status, deadlines and messages."""
    if request.method != "POST":
        return render(request, "portal/report/return.html", {"form": ReceiptForm()})
    access, receipt, refused = _open(request)
    return refused or _status_page(request, access, receipt)


@reporter_page
@require_POST
def add_message(request, kind=Message.Kind.ADDITION):
    """An answer or added information; for an oral report also a correction of the minutes."""
    access, receipt, refused = _open(request)
    if refused:
        return refused
    prefix = "correction" if kind == Message.Kind.CORRECTION else "message"
    form = ReporterMessageForm(request.POST, request.FILES, prefix=prefix)
    if form.is_valid():
        try:
            services.add_reporter_message(
                access,
                body=form.cleaned_data["body"],
                kind=kind,
                attachments=uploads(form, request.FILES),
                strip_metadata=form.cleaned_data["strip_metadata"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            notice = (
                _("Your correction was sent to the handlers.")
                if prefix == "correction"
                else _("Your message was sent to the handlers.")
            )
            return _status_page(request, access, receipt, notice=notice)
    problems = [_("Your message was not sent."), *(m for messages in form.errors.values() for m in messages)]
    if request.FILES:
        problems.append(_("Files you chose are not kept when the form is shown again: please choose them again."))
    return _status_page(request, access, receipt, error=" ".join(problems), **{f"{prefix}_form": form})


@reporter_page
@require_POST
def confirm_minutes(request):
    access, receipt, refused = _open(request)
    if refused:
        return refused
    try:
        services.confirm_minutes(access)
    except ValidationError as exc:
        return _status_page(request, access, receipt, error=" ".join(exc.messages))
    return _status_page(request, access, receipt, notice=_("You confirmed the minutes. Thank you."))
