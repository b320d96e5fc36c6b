"""Labels for the codes of a case in templates (the status annotated by a subquery has no get_…_display)."""

from django import template

from ..choices import Status

register = template.Library()


@register.filter
def status_label(code):
    try:
        return Status(code).label
    except ValueError:
        return code or "—"
