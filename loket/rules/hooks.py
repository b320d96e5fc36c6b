"""Where ``loket rules audit`` finds Loket's own decisions when it is given no ``--input``.

The decisions app builds on the rules, so the rules app does not import it: the decisions
app provides ``issued_case_facts() -> iterable of CaseFacts`` here from its ``ready()``.
"""

from loket.core.hooks import Hook

ISSUED_DECISIONS = Hook("rules.issued_decisions")
