"""Reading the catalogue for people: each rule in one language, with its tests and validity."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from loket.core.roles import Role

from .catalogue import CATALOGUE
from .engine import RULESET_VERSION

#: Who may read the catalogue on the staff site: everyone who decides or oversees decisions.
CATALOGUE_READERS = (
    Role.DECISION_OFFICER,
    Role.OBJECTION_OFFICER,
    Role.SECOND_READER,
    Role.TEAM_LEAD,
    Role.INTEGRITY_OFFICER,
    Role.ADMINISTRATOR,
)


def _kind_labels():
    return {"objection": _("objection"), "application": _("application"), "revocation": _("revocation")}


def _track_labels():
    return {"regular": _("regular"), "asylum": _("asylum"), "naturalisation": _("naturalisation")}


def _outcome_labels():
    return {"block": _("blocks the decision"), "warn": _("warns")}


def catalogue_entries(language: str, *, today: date, rule_id: str | None = None) -> list[dict]:
    """Every rule (or every version of ``rule_id``) as plain values for a page or the API."""
    kinds, tracks, outcomes = _kind_labels(), _track_labels(), _outcome_labels()
    entries = []
    for rule in CATALOGUE:
        if rule_id is not None and rule.id != rule_id:
            continue
        entries.append(
            {
                "id": rule.id,
                "title": rule.title(language),
                "description": rule.description(language),
                "source": rule.source,
                "outcome": rule.outcome,
                "outcome_label": outcomes[rule.outcome],
                "outcome_note": rule.outcome_note(language),
                "kinds": [kinds[k] for k in sorted(rule.kinds)],
                "tracks": [tracks[t] for t in sorted(rule.tracks)],
                "kind_codes": sorted(rule.kinds),
                "track_codes": sorted(rule.tracks),
                "valid_from": rule.valid_from,
                "valid_to": rule.valid_to,
                "in_force": rule.in_force(today),
                "tests": list(rule.tests),
                "ruleset": RULESET_VERSION,
            }
        )
    return sorted(entries, key=lambda e: e["valid_from"]) if rule_id else entries
