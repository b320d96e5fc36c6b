"""Revocation of a residence permit (intrekking): its ground and its procedure.

REV-01 a ground of Vw 32(1) or 35(1) for an asylum permit; REV-02 voornemen, zienswijze
(6 weeks from the day after delivery; a late view still counts until the decision) and,
when the service still intends to revoke after the view, the offer of a hearing.
"""

from __future__ import annotations

from datetime import date

from ..deadlines import period_end
from ..facts import REVOCATION_GROUNDS, CaseFacts
from .base import BLOCK, Rule, block, d, quoted

VW2000 = date(2001, 4, 1)
_REVOCATIONS = frozenset({"revocation"})


def check_rev01(case: CaseFacts, on: date):
    decision = case.decision
    if decision is None or decision.outcome != "revoked" or decision.revocation_ground in REVOCATION_GROUNDS:
        return []
    if decision.revocation_ground is not None:  # named, but not a ground the law gives
        ground = quoted(decision.revocation_ground)
        return [
            block(
                f"De intrekking van de asielvergunning noemt als grond {ground}; dat is geen grond uit "
                "Vw 32(1) a–e of 35(1) a–d.",
                f"The revocation of the asylum permit names the ground {ground}, which is not a ground of "
                "Vw 32(1)(a)–(e) or 35(1)(a)–(d).",
            )
        ]
    return [
        block(
            "De intrekking van de asielvergunning noemt geen grond uit Vw 32(1) a–e of 35(1) a–d.",
            "The revocation of the asylum permit names no ground of Vw 32(1)(a)–(e) or 35(1)(a)–(d).",
        )
    ]


def check_rev02(case: CaseFacts, on: date):
    decision = case.decision
    if decision is None or decision.outcome != "revoked":
        return []
    decided = decision.decided_on
    intention = case.first("intention_sent", on_or_before=decided)
    if intention is None:
        return [block("Ingetrokken zonder schriftelijk voornemen.", "Revoked without a written intention.")]
    views = [e for e in case.events_of("view_received") if intention.on <= e.on <= decided]
    if not views:
        view_until = period_end(intention.on, weeks=6)
        if decided <= view_until:
            return [
                block(
                    f"Ingetrokken op {d(decided)}, voordat de termijn voor een zienswijze eindigde ({d(view_until)}; "
                    f"voornemen uitgereikt {d(intention.on)}) en zonder zienswijze.",
                    f"Revoked on {d(decided)}, before the period for a written view ended ({d(view_until)}; "
                    f"intention delivered {d(intention.on)}) and without a view.",
                )
            ]
        return []
    last_view = views[-1]
    if any(last_view.on <= e.on <= decided for e in case.events_of("hearing_offered")):
        return []
    return [
        block(
            f"Na de zienswijze van {d(last_view.on)} is toch ingetrokken zonder het aanbod te worden gehoord.",
            f"Revoked after the written view of {d(last_view.on)} without offering a hearing.",
        )
    ]


RULES = (
    Rule(
        id="REV-01",
        tests=(
            "test_revocation.py::test_rev01_revocation_of_an_asylum_permit_needs_a_ground_of_vw_32_or_35",
            "test_revocation.py::test_rev01_not_revoked_needs_no_ground_and_regular_permits_are_not_judged_by_it",
            "test_revocation.py::test_rev01_a_ground_outside_the_law_is_the_breach_and_is_quoted",
            "test_invalid_legal_values.py::test_any_revocation_ground_outside_vw_32_35_is_a_rev01_breach",
        ),
        title_nl="Intrekkingsgrond asielvergunning",
        title_en="Ground for revoking an asylum permit",
        description_nl=(
            "Intrekking van een asielvergunning vraagt een grond uit Vw 32(1) (bepaalde tijd: onjuiste "
            "gegevens, openbare orde of nationale veiligheid, de grond voor verlening is vervallen, "
            "hoofdverblijf buiten Nederland, afgeleide vergunning zonder gezinsleven) of Vw 35(1) (onbepaalde tijd)."
        ),
        description_en=(
            "Revocation of an asylum permit needs a ground of Vw 32(1) (fixed term: false information, public "
            "order or national security, the ground for the grant lapsed, main residence abroad, derived "
            "permit without family life) or Vw 35(1) (permanent)."
        ),
        source="Vw 32, 35 (check)",
        outcome=BLOCK,
        valid_from=VW2000,
        kinds=_REVOCATIONS,
        tracks=frozenset({"asylum"}),
        check=check_rev01,
    ),
    Rule(
        id="REV-02",
        tests=(
            "test_revocation.py::test_rev02_no_revocation_without_a_written_intention",
            "test_revocation.py::test_rev02_six_weeks_for_a_view_run_past_easter_monday",
            "test_revocation.py::test_rev02_after_a_view_the_service_offers_a_hearing_before_revoking",
            "test_revocation.py::test_rev02_a_late_view_still_counts_until_the_decision",
            "test_revocation.py::test_rev02_a_hearing_offered_before_the_view_does_not_count",
            "test_revocation.py::test_rev02_applies_to_regular_permits_too_and_not_when_the_permit_is_kept",
        ),
        title_nl="Voornemen, zienswijze en horen bij intrekking",
        title_en="Intention, written view and hearing before revocation",
        description_nl=(
            "Intrekking vraagt een schriftelijk en gemotiveerd voornemen; de houder heeft 6 weken vanaf de dag "
            "na uitreiking voor een zienswijze, en een late zienswijze telt mee tot de beslissing is bekendgemaakt; "
            "wil de dienst na de zienswijze nog steeds intrekken, dan biedt hij een hoorgesprek aan; de "
            "beslissing gaat in op de zienswijze."
        ),
        description_en=(
            "Revocation needs a written intention (voornemen) with reasons; the holder has 6 weeks from the day "
            "after delivery to give a written view (zienswijze), and a late view is still considered until the "
            "decision is notified; if the service still intends to revoke after the view, it offers a hearing; "
            "the decision deals with the view."
        ),
        source="Vw 39, 41; Vb 3.116 (check)",
        outcome=BLOCK,
        valid_from=VW2000,
        kinds=_REVOCATIONS,
        check=check_rev02,
    ),
)
