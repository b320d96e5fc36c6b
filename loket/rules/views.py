"""Staff pages: the rule catalogue (regelcatalogus), browsable in the reader's language."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from loket.core.roles import require_role, roles_required

from .selectors import CATALOGUE_READERS, catalogue_entries


@login_required
@roles_required(*CATALOGUE_READERS)
def catalogue(request):
    entries = catalogue_entries(get_language() or "nl", today=timezone.localdate())
    return render(request, "rules/catalogue.html", {"entries": entries})


@login_required
def rule_detail(request, rule_id: str):
    require_role(request.user, *CATALOGUE_READERS)
    versions = catalogue_entries(get_language() or "nl", today=timezone.localdate(), rule_id=rule_id)
    if not versions:
        raise Http404
    return render(request, "rules/rule_detail.html", {"rule": versions[-1], "versions": versions})
