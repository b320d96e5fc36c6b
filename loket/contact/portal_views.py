"""The client's web form (contactformulier) on the client site, in the client's language.
Mounted at /contact/ by ``portal_urls.py``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language

from . import services
from .forms import WebQuestionForm

ACTOR = "web form"


def ask(request):
    form = WebQuestionForm(request.POST or None, language=get_language() or "")
    if request.method == "POST" and form.is_valid():
        data = form.to_input()
        if data is not None:
            try:
                received = services.receive_contact(data=data, actor=ACTOR)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                query = urlencode({"ref": received.contact.question.reference})
                return redirect(f"{reverse('contact_portal:thanks')}?{query}")
    return render(request, "contact/portal/ask.html", {"form": form})


def thanks(request):
    reference = request.GET.get("ref", "")
    if not (reference.startswith("KV-") and reference[3:].isdigit()):
        reference = ""
    return render(request, "contact/portal/thanks.html", {"reference": reference})
