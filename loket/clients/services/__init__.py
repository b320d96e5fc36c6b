"""Use cases of the clients app. Other apps import from here (and from ``..parsing``).

Interface used by the contact app:

* ``link_contact(identity=ContactIdentity(...), actor=..., create=True, source="")`` ->
  ``MatchResult(client, outcome, score, reasons, candidates, review, merges)``
* ``link_contacts(identities=[...], actor=..., sources=[...])`` -> one MatchResult or
  InvalidIdentity per identity, in order, in one transaction (for imports): the same decisions,
  what they read loaded once per batch (``batchview``), rows written in bulk (``pending``), one
  audit entry for the batch
* ``link_session()``: a context for a run of ``link_contacts`` batches (an import) in which
  what one batch read about the clients is carried on to the next while nobody else writes
* ``merge_clients``, ``undo_merge``, ``confirm_review``
* ``refresh_statistics()``: PostgreSQL's statistics of the tables linking reads, refreshed
  as an import grows them (``core.dbstats``)
* ``weights_learned()``: is there an estimate of the linkage weights; without one,
  ``estimate_from_contacts(identities)`` learns them from a file's contacts among
  themselves (a first import, before any client is on file)
* ``ensure_fresh()`` raises ``StaleKeys`` when stored blocking keys were made by another
  recipe (matching raises it too); ``rebuild_keys(actor=...)`` makes them anew
* parsers: ``parse_v_number``, ``parse_phone``, ``parse_birth_date`` (-> ``PartialDate``),
  ``normalise_email``; ``parse_identity`` checks a whole ``ContactIdentity``; ``read_phone``
  and ``read_email`` keep a doubtful detail as written, marked (``Detail.doubt``, whose
  words ``doubt_label`` gives; ``UNREADABLE`` marks any other detail a contact kept as written).
"""

from ..doubts import (  # noqa: F401
    TOO_LONG,
    UNREADABLE,
    label as doubt_label,
)
from ..parsing import (  # noqa: F401
    PartialDate,
    normalise_email,
    parse_birth_date,
    parse_phone,
    parse_v_number,
    read_email,
    read_phone,
)
from .carried import session as link_session  # noqa: F401
from .deciding import Candidate, decide  # noqa: F401
from .estimation import estimate_from_contacts, weights_learned  # noqa: F401
from .identity import (  # noqa: F401
    MAX_NAME,
    ContactIdentity,
    InvalidIdentity,
    ParsedIdentity,
    parse_case_ref,
    parse_identity,
    parse_nationality,
)
from .keys import StaleKeys, ensure_fresh, rebuild as rebuild_keys  # noqa: F401
from .language import set_preferred_language  # noqa: F401
from .linking import MatchResult, link_contact, link_contacts, refresh_statistics  # noqa: F401
from .merging import merge_clients, undo_merge  # noqa: F401
from .registry import (  # noqa: F401
    add_details,
    readable,
    register_client,
    register_representative,
    set_representative,
    view_client,
)
from .review import confirm_review  # noqa: F401
from .self_service import change_own_details  # noqa: F401
