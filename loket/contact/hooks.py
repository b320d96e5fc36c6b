"""Extension points of the contact app (see loket/core/hooks.py)."""

from loket.core.hooks import Hook

CASE_DOCUMENT_READ = Hook("contact.case_document_read")
"""A contact that belongs to a case carries the case's documents, so need to know decides who
downloads them. The app that knows the policy provides ``function(request, attachment,
case_ref)``: False when ``case_ref`` names no case, True when the read is allowed (and
recorded), or the refused page as a response (the refusal recorded too)."""
