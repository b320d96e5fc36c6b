"""Use cases of the integrity app: the draw, conflicts of interest, reassignment, breaking the glass."""

from .absences import record_absence  # noqa: F401
from .assignment import ALGORITHM, draw, pick, replay  # noqa: F401
from .conflicts import declare_relation, end_relation, touching  # noqa: F401
from .glass import break_glass, grants  # noqa: F401
from .reassignment import decide_reassignment, request_reassignment  # noqa: F401
