"""The integrity app's tables. Each part keeps its models in a module of its own and is
imported here so that Django finds them: assignment, conflicts of interest, absences and
break-glass access in :mod:`.access_models`; the signals in their own module."""

from .access_models import (  # noqa: F401
    Absence,
    AssignmentDraw,
    BreakGlass,
    Reassignment,
    Relation,
)
from .signal_models import IntegritySignal, Investigation, SignalRun  # noqa: F401
