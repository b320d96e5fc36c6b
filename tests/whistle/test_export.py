"""The redacted export for oversight: every person replaced by their role, in the HTML and
in the PDF, with a list of what was replaced (never the name), and every export logged."""

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from hypothesis import given, strategies as st
from pypdf import PdfReader

from loket.core.audit_models import AuditEntry
from loket.core.models import Employee
from loket.whistle import crypto, services
from loket.whistle.export import export_report
from loket.whistle.export_pdf import render_pdf
from loket.whistle.keyring import Keyring
from loket.whistle.models import Allegation, NamedPerson, Report
from loket.whistle.redaction import PARTICLES, Person, Redactor, fold

AMS = ZoneInfo("Europe/Amsterdam")

#: Every word that would name someone; none may survive in any export.
NAME_WORDS = [
    "otto",
    "ambtenaar",
    "wilhelmina",
    "brouwer",
    "getuige",
    "karin",
    "klantcontact",
    "renee",
    "vermeulen",
    "hamid",
    "behandelaar",
    "12345678",
    "r.vermeulen",
    "e0901",
]

DESCRIPTION = (
    "Otto Ambtenaar asked applicants at the counter for money. I told otto ambtenaar to stop, and "
    "AMBTENAAR laughed. Wilhelmina Brouwer-Getuige saw it; Karin Klantcontact knows about it too. "
    "Otto's colleague (employee E0901) said nothing. Reach me, Renée Vermeulen, on 06-12 34 56 78 or at "
    "R.Vermeulen@Example.org."
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2026, 6, 1, 10, 0, tzinfo=AMS), tick=False) as traveller:
        yield traveller


@pytest.fixture
def case(people, submit, keyring, clock):
    """A report that names Otto, has Wilhelmína as witness, mentions Karin (org chart only)
    and is handled by Hamid; acknowledged late, one allegation with a finding, feedback sent."""
    team, other = people.org["team"], people.org["other"]
    Employee.objects.create(number="E0901", name="Otto Ambtenaar", unit=team)
    witness = Employee.objects.create(number="E-WILL", name="Wilhelmína Brouwer-Getuige", unit=team)
    Employee.objects.create(number="E-KARIN", name="Karin Klantcontact", unit=other, email="karin@ind.example")
    handler = people.handler
    handler.first_name, handler.last_name = "Hamid", "Behandelaar"
    handler.save()
    handler.employee.name = "Hamid Behandelaar"
    handler.employee.save()
    submitted = submit(
        description=DESCRIPTION,
        anonymity="confidential",
        reporter_name="Renée Vermeulen",
        reporter_email="r.vermeulen@example.org",
        reporter_phone="+31 6 1234 5678",
        happened_when="Every Tuesday when Otto had the counter",
        involved_employees=["E0901"],
    )
    report = submitted.report
    ring = keyring(handler)
    services.name_person(report=report, user=handler, keyring=ring, employee=witness, role=NamedPerson.Role.WITNESS)
    clock.move_to(datetime(2026, 6, 12, 10, 0, tzinfo=AMS))  # after the 7 days: acknowledged late
    services.acknowledge(report=report, user=handler, keyring=ring)
    allegation = services.add_allegation(
        report=report, user=handler, keyring=ring, summary="Otto took money from applicants at the counter."
    )
    services.record_finding(
        allegation=allegation,
        user=handler,
        keyring=ring,
        outcome=Allegation.Outcome.SUBSTANTIATED,
        reasons="The witness wilhelmina confirmed it; hamid behandelaar checked the cash register. OTTO denied it.",
    )
    services.send_feedback(
        report=report,
        user=handler,
        keyring=ring,
        body="Dear Renee, the investigation into Ambtenaar is complete: it was substantiated.",
    )
    return report, handler, ring


def words_of(text: str) -> set[str]:
    return set(re.findall(r"\w+", fold(text)))


def assert_no_names(text: str) -> None:
    found = words_of(text)
    folded = fold(text)
    leaked = [w for w in NAME_WORDS if (w.lower() in found if w.isalnum() else fold(w) in folded)]
    assert not leaked, f"names left in the export: {leaked}"


def export_text(export) -> str:
    return render_to_string("desk/integrity/export_document.html", {"export": export})


def test_every_person_is_replaced_by_their_role(case):
    report, handler, ring = case
    export = export_report(report=report, user=handler, keyring=ring, fmt="html")
    html = export_text(export)
    assert_no_names(html)
    assert export.description.startswith("[person concerned 1] asked applicants")
    assert "I told [person concerned 1] to stop, and [person concerned 1] laughed" in export.description
    assert "[witness 1] saw it; [employee 1] knows" in export.description
    assert "[person concerned 1]'s colleague (employee [person concerned 1])" in export.description
    assert "Reach me, [reporter], on [reporter] or at [reporter]." in export.description
    assert export.happened_when == "Every Tuesday when [person concerned 1] had the counter"


def test_names_in_the_findings_and_feedback_are_replaced(case):
    report, handler, ring = case
    export = export_report(report=report, user=handler, keyring=ring)
    (allegation,) = export.allegations
    assert allegation.summary == "[person concerned 1] took money from applicants at the counter."
    assert allegation.reasons == (
        "The witness [witness 1] confirmed it; [handler] checked the cash register. [person concerned 1] denied it."
    )
    assert allegation.outcome_label == "substantiated"
    assert export.feedback[0].body == (
        "Dear [reporter], the investigation into [person concerned 1] is complete: it was substantiated."
    )


def test_the_list_of_redactions_counts_but_never_names(case):
    report, handler, ring = case
    export = export_report(report=report, user=handler, keyring=ring)
    rows = {(r.label, r.what): r.occurrences for r in export.redactions}
    assert rows[("[reporter]", "phone number")] == 1
    assert rows[("[reporter]", "e-mail address")] == 1
    assert rows[("[witness 1]", "name")] == 1
    assert rows[("[employee 1]", "name")] == 1
    assert rows[("[person concerned 1]", "employee number")] == 1
    assert sum(rows.values()) == export.redaction_total
    listing = " ".join(f"{r.label} {r.kind} {r.what}" for r in export.redactions)
    assert_no_names(listing)


def test_the_pdf_holds_no_name(case):
    report, handler, ring = case
    pdf = render_pdf(export_report(report=report, user=handler, keyring=ring, fmt="pdf"))
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert report.reference in text
    assert "[person concerned 1]" in text and "[witness 1]" in text
    assert_no_names(text)
    assert reader.metadata.author == "Loket"
    assert_no_names(" ".join(str(v) for v in reader.metadata.values()))


def test_deadlines_say_whether_they_were_met(case):
    report, handler, ring = case
    ack, feedback = export_report(report=report, user=handler, keyring=ring).deadlines
    assert (ack.due, ack.done_on, ack.state) == (date(2026, 6, 8), date(2026, 6, 12), "late")
    assert ack.breached
    assert (feedback.state, feedback.breached) == ("met", False)


def test_an_open_deadline_past_its_date_is_breached(people, submit, keyring, clock):
    report = submit().report
    clock.move_to(datetime(2026, 6, 20, 10, 0, tzinfo=AMS))
    ack, feedback = export_report(report=report, user=people.handler, keyring=keyring(people.handler)).deadlines
    assert (ack.state, ack.done_on) == ("breached", None)
    assert feedback.state == "pending"


def test_every_export_is_logged(case):
    report, handler, ring = case
    before = AuditEntry.objects.filter(action="whistle.report.exported").count()
    export_report(report=report, user=handler, keyring=ring, fmt="pdf")
    entry = AuditEntry.objects.filter(action="whistle.report.exported").latest("seq")
    assert AuditEntry.objects.filter(action="whistle.report.exported").count() == before + 1
    assert (entry.actor, entry.object_id, entry.data["format"]) == (handler.username, str(report.pk), "pdf")
    assert entry.data["redactions"] > 0
    assert_no_names(str(entry.data))


def test_a_handler_above_someone_named_cannot_export_it(case, people, keyring):
    report, _handler, _ring = case
    with pytest.raises(Http404):  # head manages the department of the person concerned
        export_report(report=report, user=people.head, keyring=keyring(people.head))


def test_other_roles_cannot_export(case, people, keyring):
    report, _handler, _ring = case
    for user in (people.investigator, people.lead):
        with pytest.raises(PermissionDenied):
            export_report(report=report, user=user, keyring=Keyring(user, None))


def test_without_the_key_nothing_is_exported_or_logged(case):
    report, handler, _ring = case
    before = AuditEntry.objects.count()
    with pytest.raises(crypto.LockedError):
        export_report(report=report, user=handler, keyring=Keyring(handler, None))
    assert AuditEntry.objects.count() == before


def test_a_deleted_file_cannot_be_exported(case):
    report, handler, ring = case
    Report.objects.filter(pk=report.pk).update(content_deleted_at=timezone.now())
    report.refresh_from_db()
    with pytest.raises(ValidationError):
        export_report(report=report, user=handler, keyring=ring)


# --- the matcher itself -------------------------------------------------------------------


def redactor(*people):
    return Redactor(list(people), generic_email_label="[e-mail address]", generic_email_kind="e-mail address")


def test_a_colleagues_name_part_counts_only_with_a_capital_but_the_full_name_always():
    r = redactor(
        Person(kind="employee", priority=3, names=["Marco Meer"], parts_need_capital=True, number_prefix="employee")
    )
    assert (
        r.redact("Er is meer nodig; Meer zei het, en marco meer ook.")
        == "Er is meer nodig; [employee 1] zei het, en [employee 1] ook."
    )


def test_particles_never_match_alone_but_the_surname_with_them_does():
    r = redactor(Person(kind="witness", priority=1, label="[witness 1]", names=["Jan van der Berg"]))
    assert (
        r.redact("Van de ene naar de andere: van der berg, Berg, and jan.")
        == "Van de ene naar de andere: [witness 1], [witness 1], and [witness 1]."
    )


def test_an_initial_goes_with_the_surname():
    r = redactor(
        Person(kind="witness", priority=1, label="[witness 1]", names=["Jan van der Berg"]),
        Person(
            kind="employee", priority=3, names=["Otto Ambtenaar"], parts_need_capital=True, number_prefix="employee"
        ),
    )
    assert (
        r.redact("J. van der Berg and O. Ambtenaar; o. ambtenaar; J. Berg.")
        == "[witness 1] and [employee 1]; [employee 1]; [witness 1]."
    )


def test_a_name_shared_by_two_colleagues_gets_a_neutral_label():
    r = redactor(
        Person(kind="employee", priority=3, names=["Anna Smit"], parts_need_capital=True, number_prefix="employee"),
        Person(kind="employee", priority=3, names=["Anna Visser"], parts_need_capital=True, number_prefix="employee"),
    )
    assert r.redact("Anna said so to Anna Visser.") == "[name] said so to [employee 1]."


def test_any_e_mail_address_is_removed():
    assert redactor().redact("write to someone@elsewhere.example.com today") == "write to [e-mail address] today"


FIRST = ["Renée", "Jürgen", "Zoë", "Mohammed", "Siobhán", "Çağla", "Łukasz", "Ana-María", "Joost"]
LAST = ["de Vries", "Öztürk", "van den Heuvel", "Ní Bhriain", "Kowalczyk", "El Amrani", "Janßen", "Brouwer"]
FILLER = [
    "the",
    "counter",
    "was",
    "closed",
    "and",
    "nobody",
    "answered",
    "de",
    "balie",
    "bleef",
    "dicht",
    "toen",
    "said",
    "that",
    "report",
    "van",
    "een",
    "collega",
]


def _variants(name: str):
    return st.sampled_from([name, name.lower(), name.upper(), fold(name), fold(name).title()])


@given(first=st.sampled_from(FIRST), last=st.sampled_from(LAST), data=st.data())
def test_a_name_is_found_in_any_case_and_spelling(first, last, data):
    name = f"{first} {last}"
    person = Person(kind="witness", priority=1, label="[witness 1]", names=[name])
    before = data.draw(st.lists(st.sampled_from(FILLER), max_size=6))
    after = data.draw(st.lists(st.sampled_from(FILLER), max_size=6))
    mention = data.draw(st.one_of(_variants(name), _variants(first), _variants(last.split()[-1])))
    punctuation = data.draw(st.sampled_from(["", ".", ",", "'s", ")"]))
    text = " ".join([*before, mention + punctuation, *after])
    out = redactor(person).redact(text)
    assert "[witness 1]" in out
    parts = {w for w in re.findall(r"\w+", fold(name)) if len(w) >= 3 and w not in PARTICLES}
    assert not parts & set(re.findall(r"\w+", fold(out)))
    # The words around the name are left alone (a particle just before it goes with the name).
    kept = out.split("[witness 1]")[0].split()
    assert kept == before or (kept == before[:-1] and before[-1] in PARTICLES)
