"""Where higher apps plug into the cases app (see ``loket.core.hooks``)."""

from loket.core.hooks import Hook

#: More of the case page: ``panel(request, case, *, forms, stopped) -> dict`` of template context.
#: The decisions app provides its decision panel here (it builds on cases, not the reverse).
CASE_PAGE_PANELS = Hook("cases.case_page_panels")

#: Assign a newly opened case: ``assign(case, *, actor)``, inside the opening transaction.
#: The integrity app provides the system's draw; without it a case waits unassigned.
CASE_OPENED = Hook("cases.case_opened")

#: A draft needs a second reader: ``draw(case, *, actor, exclude: set of user ids)``.
SECOND_READER_NEEDED = Hook("cases.second_reader_needed")

#: Cases a user may open today beyond need to know (broken glass):
#: ``grants(user, day) -> iterable of case ids``.
ACCESS_GRANTS = Hook("cases.access_grants")
