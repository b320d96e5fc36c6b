"""Demo data for cases and decisions (``loket seed --demo``), made through the real services.

Cases of every kind for team OBJ1 of the core demo (users objection, decision, reader,
teamlead), dated relative to today: an objection ready for the hearing scenario (draft
"unfounded", no hearing yet: issuing is stopped by HEAR-01 and FOUR-01), a late objection
with a warning to acknowledge, late applications with a penalty owed and one decided late
with the penalty fixed, an asylum application past its period (DW-02), a revocation waiting
for the holder's view, and a granted naturalisation.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.cases import services as case_services
from loket.cases.models import Case
from loket.clients.models import Client
from loket.core.models import OrgUnit, User

from . import services

PREFIX = "DEMO-"


def _users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__in=["objection", "decision", "reader", "teamlead"])}


def seed(out) -> None:
    if Case.objects.filter(reference__startswith=PREFIX).exists():
        out.write("    cases: demo cases exist already\n")
        return
    users = _users()
    team = OrgUnit.objects.filter(code="OBJ1").first()
    if team is None or len(users) < 4:
        out.write("    cases: the core demo staff are missing; nothing seeded\n")
        return
    # The team lead signs; in the seed as on the site, with their second factor.
    users["teamlead"].otp_device = TOTPDevice.objects.filter(user=users["teamlead"], confirmed=True).first()
    with transaction.atomic():
        made = _seed(users, team, timezone.localdate())
    for case, note in made:
        out.write(f"    {case.reference:<12} {case.get_kind_display():<34} {note}\n")


def _seed(u: dict, team, today) -> list:
    clients = list(Client.objects.filter(merged_into__isnull=True).order_by("id")[:7])
    client = iter(clients + [None] * 7)
    day = lambda n: today - timedelta(days=n)  # noqa: E731
    made = []

    def open_(ref, actor, **fields):
        # The team lead registers the case; the system's draw gives it to the team's only
        # officer of its kind (``actor``), as it would in the office.
        case = case_services.open_case(
            actor=u["teamlead"], team=team, reference=PREFIX + ref, client=next(client), **fields
        )
        case.refresh_from_db()
        if case.assigned_to_id != actor.pk:
            case_services.assign(case=case, officer=actor, via="demo")
        return case

    def event(case, actor, type_, n, **kw):
        case_services.record_event(case=case, actor=actor, type=type_, on=day(n), **kw)

    # 1. The hearing scenario: an objection with a negative draft and no hearing.
    b1 = open_(
        "B-1",
        u["objection"],
        kind="objection",
        track="regular",
        received_on=day(20),
        contested_decided_on=day(40),
        contested_notified_on=day(38),
        contested_author=u["decision"],
        contested_signatory_ref="E0901",
        subject="Bezwaar tegen afwijzing verblijfsvergunning arbeid",
    )
    event(b1, u["objection"], "hearing_invited", 10)
    services.save_draft(
        case=b1,
        actor=u["objection"],
        outcome="unfounded",
        signatory=u["teamlead"],
        legal_basis="Vw 16(1)(c)",
        reasons="Het bezwaar brengt geen nieuwe feiten naar voren; het inkomen blijft onder de norm van Vb 3.74.",
    )
    with contextlib.suppress(services.DecisionStopped):  # a stopped attempt, as the dashboard shows it
        services.issue_decision(draft=b1.draft, actor=u["teamlead"], acknowledgements={})
    made.append((b1, "objection without a hearing: issuing is stopped (HEAR-01, FOUR-01)"))

    # 2. A late naturalisation objection, heard; granting it needs the OBJ-01 warning acknowledged.
    b2 = open_(
        "B-2",
        u["objection"],
        kind="objection",
        track="naturalisation",
        received_on=day(5),
        contested_decided_on=day(60),
        contested_notified_on=day(58),
        contested_author_ref="E0902",
        contested_signatory_ref="E0902",
        subject="Bezwaar tegen afwijzing naturalisatieverzoek",
    )
    event(b2, u["objection"], "hearing_held", 2, by=u["objection"])
    services.save_draft(
        case=b2,
        actor=u["objection"],
        outcome="granted",
        signatory=u["teamlead"],
        legal_basis="RWN 8",
        reasons="Het inburgeringsdiploma lag bij de aanvraag al vast.",
    )
    made.append((b2, "late objection, heard: granting needs the OBJ-01 warning acknowledged"))

    # 3. A regular application past its 90 days, with a notice of default: penalty owed.
    a1 = open_(
        "A-1",
        u["decision"],
        kind="application",
        track="regular",
        received_on=day(150),
        subject="Aanvraag verblijfsvergunning kennismigrant",
    )
    event(a1, u["decision"], "notice_of_default", 40, by_ref="mr. A. Advocaat")
    made.append((a1, "late, notice of default: penalty owed (DW-01)"))

    # 4. The same, decided late after the penalty was fixed and the warnings acknowledged.
    a2 = open_(
        "A-2",
        u["decision"],
        kind="application",
        track="regular",
        received_on=day(140),
        subject="Aanvraag verblijfsvergunning familie",
    )
    event(a2, u["decision"], "notice_of_default", 35, by_ref="mr. B. Bijstand")
    services.fix_penalty(case=a2, actor=u["teamlead"])
    services.save_draft(
        case=a2,
        actor=u["decision"],
        outcome="granted",
        signatory=u["teamlead"],
        legal_basis="Vw 14",
        reasons="Aan de voorwaarden voor verblijf bij echtgenoot is voldaan.",
    )
    services.issue_decision(
        draft=a2.draft,
        actor=u["teamlead"],
        acknowledgements={
            "VW-25": "Achterstand door personeelstekort in het voorjaar.",
            "DW-01": "Dwangsom vandaag vastgesteld.",
        },
    )
    made.append((a2, "decided late with the penalty fixed"))

    # 5. An asylum application past its six months after a notice: no automatic penalty (DW-02).
    a3 = open_("A-3", u["decision"], kind="application", track="asylum", received_on=day(220), subject="Asielaanvraag")
    event(a3, u["decision"], "notice_of_default", 20, by_ref="mr. C. Cassatie")
    made.append((a3, "asylum, late, notice of default: no automatic penalty (DW-02)"))

    # 6. A naturalisation granted, signed by the team lead.
    a4 = open_(
        "A-4",
        u["decision"],
        kind="application",
        track="naturalisation",
        received_on=day(30),
        subject="Naturalisatieverzoek",
    )
    services.save_draft(
        case=a4,
        actor=u["decision"],
        outcome="granted",
        signatory=u["teamlead"],
        legal_basis="RWN 7, 8",
        reasons="Aan alle voorwaarden van de Rijkswet is voldaan.",
    )
    services.issue_decision(draft=a4.draft, actor=u["teamlead"], acknowledgements={})
    made.append((a4, "granted"))

    # 7. A revocation of an asylum permit: intention delivered, the holder's six weeks running.
    i1 = open_("I-1", u["decision"], kind="revocation", track="asylum", subject="Intrekking verblijfsvergunning asiel")
    event(i1, u["decision"], "intention_sent", 14)
    services.save_draft(
        case=i1,
        actor=u["decision"],
        outcome="revoked",
        signatory=u["teamlead"],
        revocation_ground="vw32-1-a",
        legal_basis="Vw 32(1)(a)",
        reasons="Bij de aanvraag zijn onjuiste gegevens verstrekt over de nationaliteit.",
    )
    made.append((i1, "revocation: intention delivered, view period running (REV-02)"))
    return made
