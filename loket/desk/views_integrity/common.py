"""What every integrity page needs: a signed-in member of staff with the right role, who
passed the second factor when their role reads reports."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.cache import never_cache

from ...core.roles import REPORT_READER_ROLES, has_role, roles_required


def staff_page(*roles):
    """Signed in, verified by the second factor where the role needs one, holding one of
    ``roles`` (otherwise 403), and never cached: these pages are confidential."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            verified = getattr(user, "is_verified", lambda: False)()
            if has_role(user, *REPORT_READER_ROLES) and not verified:
                raise PermissionDenied(_("Sign out, and sign in again with the code from your authenticator app."))
            return view(request, *args, **kwargs)

        # The role is checked first (outside), and read from the view by the staff menu.
        return login_required(never_cache(roles_required(*roles)(wrapped)))

    return decorate


def days_text(n: int) -> str:
    """Days left to a deadline, as a person says it."""
    if n > 0:
        return ngettext("%(n)d day left", "%(n)d days left", n) % {"n": n}
    if n == 0:
        return _("due today")
    return ngettext("overdue by %(n)d day", "overdue by %(n)d days", -n) % {"n": -n}
