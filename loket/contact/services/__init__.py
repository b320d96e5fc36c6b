"""Use cases of the contact app, one module per part of the work."""

from .answers import answer_defaults, answer_question, complete_task, draft  # noqa: F401
from .bulk import ImportReport, export_jsonl, import_jsonl  # noqa: F401
from .client_site import ClientFile, hand_in_document, write_on_question  # noqa: F401
from .intake import Received, Upload, receive_contact, record_call, record_visit, register_letter  # noqa: F401
from .mail_in import ingest_files, ingest_message  # noqa: F401
from .questions import confirm_client, merge_questions, set_topic, split_question, take_question, undo_merge  # noqa: F401
