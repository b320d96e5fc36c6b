"""One signal as every consumer sees it: the JSON line, the stored row, the HTML report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext_lazy as _

#: How an explanation names what a subject is.
SUBJECT_KINDS = {
    "representative": _("representative"),
    "phone": _("phone number"),
    "email": _("e-mail address"),
    "iban": _("bank account"),
}

MAX_EVIDENCE = 50  # entries shown per signal; the figures say how many there are in all


@dataclass
class Signal:
    signal: str
    officer: str | None
    subject: str | None
    score: float
    explanation: str
    evidence: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)
    team: str | None = None

    def line(self) -> dict:
        """The output line of item 8: exactly the six fields it names."""
        data = asdict(self)
        data.pop("figures")
        data.pop("team")
        return data
