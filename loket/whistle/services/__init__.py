"""Use cases of the reporting channel, one module per part of the work."""

from .handling import (  # noqa: F401
    acknowledge,
    add_allegation,
    assign,
    close_report,
    read_attachment,
    read_report,
    record_finding,
    reveal_identity,
    send_feedback,
    send_message,
)
from .intake import ReportInput, SubmittedReport, Upload, submit_report  # noqa: F401
from .persons import name_person, protect_reporter  # noqa: F401
from .reporter import (  # noqa: F401
    ReceiptNotFound,
    TooManyAttempts,
    add_reporter_message,
    confirm_minutes,
    open_with_receipt,
    reporter_view,
)
from .retaliation import propose_measure, review_measure  # noqa: F401
from .retention import carry_out_retention, decide_retention  # noqa: F401
from .watch import check_deadlines  # noqa: F401
