"""Demo data for the reporting channel (meldpunt), called by ``loket seed --demo``.

Every report goes through the real services (intake, acknowledgement, questions,
allegations, findings, feedback, closing), so it is encrypted and audited like any other;
only its dates are moved into the past afterwards, by plain updates, so that the
deadlines, the breaches and the dashboard have something to show. The audit log keeps the
real moment the demo was made: it is append-only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from ..core.demo import DEMO_PASSWORD
from ..core.models import Employee, User
from . import crypto, services
from .keyring import Keyring, ensure_keypair
from .models import Allegation, Anonymity, Channel, Message, ProtectedPerson, Report
from .services import ReportInput
from .services.intake import acknowledge_due_for, feedback_due_for

READERS = ("handler", "handler2", "integrity", "investigator")


@dataclass
class Plan:
    """One demo report: what it says, and how far it got (days after receipt)."""

    label: object  # a lazy translation
    days_ago: int
    data: dict
    channel: str = Channel.WEB
    acknowledged_after: int | None = None
    questions: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    allegations: list[tuple[str, str, str]] = field(default_factory=list)  # summary, outcome, reasons
    investigator: bool = False
    feedback_after: int | None = None
    feedback: str = ""
    closed_after: int | None = None


PLANS = [
    Plan(
        gettext_lazy("received"),
        2,
        dict(
            anonymity=Anonymity.ANONYMOUS,
            category="service_failure",
            description="De telefoonlijn van het loket in Rijswijk wordt al weken niet opgenomen; mensen staan "
            "zonder afspraak voor een dichte deur en worden weggestuurd.",
            happened_where="Loket Rijswijk",
            happened_when="sinds begin vorige maand",
        ),
    ),
    Plan(
        gettext_lazy("received"),
        0,
        dict(
            anonymity=Anonymity.CONFIDENTIAL,
            category="data_protection",
            reporter_name="Fatima el Amrani",
            reporter_email="f.elamrani@example.org",
            description="Dossiers met persoonsgegevens worden via een privé-mailadres doorgestuurd om thuis te werken.",
        ),
    ),
    Plan(
        gettext_lazy("acknowledged, a question waits for the reporter"),
        9,
        dict(
            anonymity=Anonymity.ANONYMOUS,
            category="corruption",
            description="Ik heb gezien dat afspraken aan de balie tegen betaling eerder "
            "worden ingepland. Er gaat contant geld in een envelop over de balie.",
            happened_where="Balie Den Bosch",
        ),
        acknowledged_after=3,
        questions=["Op welke dagen heeft u dit gezien, en om hoeveel afspraken ging het?"],
    ),
    Plan(
        gettext_lazy("acknowledged"),
        12,
        dict(
            anonymity=Anonymity.OPEN,
            category="safety",
            reporter_name="Bram de Vries",
            description="De nooduitgang van het aanmeldcentrum staat structureel geblokkeerd door opgeslagen dozen.",
        ),
        acknowledged_after=2,
    ),
    Plan(
        gettext_lazy("under investigation, naming an employee; the reporter is protected"),
        35,
        dict(
            anonymity=Anonymity.CONFIDENTIAL,
            category="rules_not_followed",
            reporter_name="Olga Bezwaarbehandelaar",
            reporter_employee_number="objection",
            involved_employees=["E0901"],
            description="Beslissingen op bezwaar worden genomen zonder dat de bezwaarmaker is gehoord, en de "
            "hoorplicht wordt met een standaardzin weggeschreven. Mijn collega Otto tekent ze af.",
            happened_where="Team Bezwaar 1",
        ),
        acknowledged_after=4,
        investigator=True,
        questions=["Kunt u een of twee zaaknummers noemen?"],
        answers=["Ja, de zaken van afgelopen week met de standaardzin; ik stuur de nummers via dit kanaal."],
        allegations=[
            ("Bezwaren beslist zonder hoorzitting (Awb 7:2)", "", ""),
            (
                "Afzien van horen niet gemotiveerd (Awb 7:3)",
                "substantiated",
                "In 14 van de 20 onderzochte dossiers ontbreekt een grond voor het afzien van horen.",
            ),
        ],
    ),
    Plan(
        gettext_lazy("under investigation"),
        50,
        dict(
            anonymity=Anonymity.ANONYMOUS,
            category="fraud",
            description="Declaraties voor tolken worden dubbel ingediend voor dezelfde gesprekken.",
        ),
        acknowledged_after=5,
        allegations=[("Tolkdeclaraties dubbel ingediend", "", "")],
    ),
    Plan(
        gettext_lazy("feedback sent"),
        80,
        dict(
            anonymity=Anonymity.ANONYMOUS,
            category="discrimination",
            description="Een leidinggevende maakt herhaaldelijk kwetsende opmerkingen over de afkomst van klanten.",
        ),
        acknowledged_after=2,
        allegations=[
            (
                "Kwetsende opmerkingen over klanten",
                "not_established",
                "Getuigen bevestigen de opmerkingen niet; wel is een gedragscode opnieuw onder de aandacht gebracht.",
            )
        ],
        feedback_after=60,
        feedback="We hebben vijf medewerkers gehoord. De opmerkingen konden niet worden "
        "vastgesteld; het team heeft een sessie over de gedragscode gehad.",
    ),
    Plan(
        gettext_lazy("closed"),
        140,
        dict(
            anonymity=Anonymity.ANONYMOUS,
            category="service_failure",
            description="Post van klanten blijft wekenlang ongeopend liggen in de postkamer.",
        ),
        acknowledged_after=1,
        allegations=[
            (
                "Post blijft ongeopend liggen",
                "substantiated",
                "De achterstand in de postkamer is vastgesteld: 1.200 stukken.",
            )
        ],
        feedback_after=70,
        feedback="Uw melding klopte. Er is extra personeel ingezet en de achterstand is weg.",
        closed_after=75,
    ),
    Plan(
        gettext_lazy("closed"),
        200,
        dict(
            anonymity=Anonymity.CONFIDENTIAL,
            category="abuse_of_power",
            reporter_name="Kees Smit",
            description="Een teamleider dreigt medewerkers met slechte beoordelingen als zij klachten indienen.",
        ),
        acknowledged_after=6,
        allegations=[
            (
                "Dreigen met beoordelingen",
                "not_substantiated",
                "De beoordelingen zijn nagelopen; geen verband met klachten.",
            )
        ],
        feedback_after=85,
        feedback="We hebben de beoordelingen laten toetsen; er is geen verband gevonden.",
        closed_after=90,
    ),
    Plan(
        gettext_lazy("oral report by phone, minutes to be confirmed"),
        4,
        dict(
            anonymity=Anonymity.ANONYMOUS,
            category="corruption",
            description="Verslag van het telefoongesprek: de melder zegt dat een collega "
            "verblijfsdossiers inziet zonder dat hij eraan werkt, en daarover praat "
            "met een advocatenkantoor.",
        ),
        channel=Channel.PHONE,
        acknowledged_after=1,
    ),
    Plan(
        gettext_lazy("acknowledgement deadline missed (breach)"),
        12,
        dict(
            anonymity=Anonymity.ANONYMOUS,
            category="other",
            description="Het melden van incidenten wordt ontmoedigd: meldingen worden niet geregistreerd.",
        ),
    ),
    Plan(
        gettext_lazy("feedback deadline missed (breach)"),
        110,
        dict(
            anonymity=Anonymity.ANONYMOUS,
            category="safety",
            description="Sleutels van de archiefkast liggen onbeheerd op een bureau bij de ingang.",
        ),
        acknowledged_after=3,
        allegations=[("Sleutels onbeheerd", "", "")],
    ),
]


def seed(out) -> None:
    if Report.objects.exists():
        out.write(_("    reports already present: no demo reports added"))
        return
    users = {u.username: u for u in User.objects.filter(username__in=[*READERS, "teamlead", "director"])}
    for username in READERS:
        ensure_keypair(users[username], DEMO_PASSWORD)
    rings = {name: Keyring.from_password(users[name], DEMO_PASSWORD) for name in READERS}
    # Reminders and escalations go to the demo staff's mailboxes, not to this printout.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
        made = [(plan, _make(plan, users, rings)) for plan in PLANS]
        watch = services.check_deadlines()
        _measures(users)
    out.write(
        _("    %(n)d reports, %(b)d deadline breaches escalated, 2 personnel measures (1 flagged)")
        % {"n": len(made), "b": watch.breaches}
    )
    out.write(_("    Receipts of the demo reports (return with them on the reporting page, /melden/):"))
    for plan, submitted in made:
        out.write(
            f"      {crypto.format_receipt(submitted.receipt)}  {submitted.report.reference}  "
            f"{submitted.report.get_anonymity_display().split(':')[0]:<13} {plan.label}"
        )


def _make(plan: Plan, users, rings):
    handler, ring = users["handler"], rings["handler"]
    data = dict(plan.data)
    if data.get("reporter_employee_number"):
        data["reporter_employee_number"] = Employee.objects.get(user__username=data["reporter_employee_number"]).number
    submitted = services.submit_report(
        ReportInput(**data),
        channel=plan.channel,
        recorded_by=handler if plan.channel in (Channel.PHONE, Channel.MEETING) else None,
    )
    report = submitted.report
    if plan.acknowledged_after is not None:
        services.acknowledge(report=report, user=handler, keyring=ring)
    if data.get("reporter_employee_number"):  # the handler confirms the number the reporter gave
        services.protect_reporter(report=report, user=handler, keyring=ring)
    if plan.investigator:
        services.assign(report=report, user=handler, keyring=ring, assignee=users["investigator"], role="investigator")
        services.name_person(
            report=report, user=handler, keyring=ring, employee=Employee.objects.get(number="E0902"), role="witness"
        )
    for question in plan.questions:
        services.send_message(report=report, user=handler, keyring=ring, body=question, question=True)
    for answer in plan.answers:
        services.add_reporter_message(services.open_with_receipt(submitted.receipt), body=answer)
    for summary, outcome, reasons in plan.allegations:
        allegation = services.add_allegation(report=report, user=handler, keyring=ring, summary=summary)
        if outcome:
            services.record_finding(allegation=allegation, user=handler, keyring=ring, outcome=outcome, reasons=reasons)
    if plan.feedback_after is not None:
        services.send_feedback(report=Report.objects.get(pk=report.pk), user=handler, keyring=ring, body=plan.feedback)
    if plan.closed_after is not None:
        services.close_report(report=Report.objects.get(pk=report.pk), user=handler)
        if plan.days_ago > 150:
            services.decide_retention(
                report=Report.objects.get(pk=report.pk),
                user=users["integrity"],
                reason="Afgehandeld, geen bezwaar of vervolg meer mogelijk; het dossier is niet langer nodig.",
                delete_on=timezone.localdate() + timedelta(days=60),
            )
    _backdate(report, plan)
    return submitted


def _backdate(report: Report, plan: Plan) -> None:
    """Move the report's dates into the past and recompute its deadlines from them."""
    now = timezone.now()
    received = now - timedelta(days=plan.days_ago, hours=3)

    def after(days):
        return None if days is None else min(received + timedelta(days=days, hours=2), now)

    acknowledged, feedback, closed = (
        after(plan.acknowledged_after),
        after(plan.feedback_after),
        after(plan.closed_after),
    )
    ack_due = acknowledge_due_for(timezone.localdate(received))
    ack_on = timezone.localdate(acknowledged) if acknowledged else None
    Report.objects.filter(pk=report.pk).update(
        received_at=received,
        acknowledge_due=ack_due,
        feedback_due=feedback_due_for(ack_on, ack_due),
        acknowledged_at=acknowledged,
        feedback_sent_at=feedback,
        closed_at=closed,
    )
    ProtectedPerson.objects.filter(report=report).update(protected_since=timezone.localdate(received))
    start, end = acknowledged or received, feedback or closed or now
    messages = list(Message.objects.filter(report=report).order_by("pk"))
    for n, message in enumerate(messages, start=1):
        if message.kind == Message.Kind.ACKNOWLEDGEMENT:
            when = acknowledged
        elif message.kind == Message.Kind.FEEDBACK:
            when = feedback
        else:
            when = start + (end - start) * n / (len(messages) + 1)
        Message.objects.filter(pk=message.pk).update(created_at=when)
    Allegation.objects.filter(report=report).exclude(decided_at=None).update(decided_at=feedback or end)


def _measures(users) -> None:
    """A measure for the protected reporter (flagged) and one for a colleague (not)."""
    today = timezone.localdate()
    lead = users["teamlead"]
    services.propose_measure(
        user=lead,
        employee=Employee.objects.get(user__username="objection"),
        kind="transfer",
        description="Overplaatsing naar het archiefteam.",
        justification="Het archiefteam heeft dringend extra capaciteit nodig en Olga heeft archiefervaring.",
        effective_on=today + timedelta(days=14),
    )
    services.propose_measure(
        user=lead,
        employee=Employee.objects.get(user__username="decision"),
        kind="withheld_training",
        description="Opleiding beslissen op bezwaar uitgesteld naar volgend jaar.",
        justification="Het opleidingsbudget van dit jaar is op; de opleiding staat volgend jaar vast gepland.",
        effective_on=today + timedelta(days=30),
    )
