"""Use cases of the appointments app, one module per subject."""

from .booking import book, cancel, confirm, reschedule  # noqa: F401
from .counter import admit_walk_in, call_next, check_in, find, record_visit  # noqa: F401
from .holds import current_hold, hold, release  # noqa: F401
from .slots import closed_on, generate  # noqa: F401
