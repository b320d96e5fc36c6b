"""Plugs the integrity app into the hooks of the cases and contact apps (called from the AppConfig)."""


def connect() -> None:
    from loket.cases.hooks import ACCESS_GRANTS, CASE_OPENED, CASE_PAGE_PANELS, SECOND_READER_NEEDED
    from loket.contact.hooks import CASE_DOCUMENT_READ

    from . import documents, panel
    from .services import assignment, glass

    CASE_PAGE_PANELS.provide(panel.case_links)
    CASE_OPENED.provide(assignment.on_case_opened)
    SECOND_READER_NEEDED.provide(assignment.on_second_reader_needed)
    ACCESS_GRANTS.provide(glass.grants)
    CASE_DOCUMENT_READ.provide(documents.case_document_read)
