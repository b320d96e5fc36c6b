"""Where higher apps plug into the cases app (see ``loket.core.hooks``)."""

from loket.core.hooks import Hook

#: More of the case page: ``panel(request, case, *, forms, stopped) -> dict`` of template context.
#: The decisions app provides its decision panel here (it builds on cases, not the reverse).
CASE_PAGE_PANELS = Hook("cases.case_page_panels")
