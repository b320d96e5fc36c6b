"""Use cases of the decisions app: draft, four eyes, issue, fix a penalty."""

from .drafting import approve_as_second_reader, save_draft, set_hearing_exception  # noqa: F401
from .issuing import DecisionStopped, issue_decision, preview  # noqa: F401
from .mandates import end_mandate, grant_mandate, mandate_for  # noqa: F401
from .penalties import fix_penalty  # noqa: F401
