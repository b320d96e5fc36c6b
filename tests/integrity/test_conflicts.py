"""Item 2: conflicts of interest. A case whose client, representative or contact details touch a
relation an officer declared is never drawn for that officer; a later declaration moves the
open cases it touches; bad declarations are refused with a message and store nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from loket.cases import services as case_services
from loket.clients.models import Client, ClientEmail, ClientPhone, Representative
from loket.core.audit_models import AuditEntry
from loket.integrity import services
from loket.integrity.models import AssignmentDraw, Relation


@pytest.fixture
def client_with_details(db):
    rep = Representative.objects.create(name="mr. K. Kantoor", organisation="Kantoor & Partners", email="k@kantoor.nl")
    person = Client.objects.create(v_number="1234567890", display_name="Amal Haddad", representative=rep)
    ClientPhone.objects.create(client=person, number="+31612345678")
    ClientEmail.objects.create(client=person, address="amal@example.org")
    return person


def _open(staff, person=None):
    case = case_services.open_case(
        actor=staff["lead"],
        kind="application",
        track="regular",
        team=staff["team"],
        received_on=date(2026, 5, 4),
        client=person,
    )
    case.refresh_from_db()
    return case


@pytest.mark.parametrize(
    "relation",
    [
        {"kind": "known_client", "client": "the client"},
        {"kind": "representative_firm", "organisation": "kantoor & partners"},
        {"kind": "family", "phone": "06 1234 5678"},
        {"kind": "family", "email": "Amal@Example.org"},
        {"kind": "former_employer", "email": "k@kantoor.nl"},
    ],
    ids=["client", "firm", "phone", "email", "representative-email"],
)
def test_a_touched_case_is_never_drawn_for_the_declarer(staff, today, client_with_details, relation):
    if relation.get("client"):
        relation = {**relation, "client": client_with_details}
    services.declare_relation(actor=staff["first"], valid_from=today - timedelta(days=400), **relation)
    for _ in range(4):
        case = _open(staff, client_with_details)
        assert case.assigned_to == staff["decision"]
        draw = AssignmentDraw.objects.filter(case=case).get()
        assert {"user": staff["first"].pk, "username": "first", "why": "declared relation"} in draw.excluded
    assert _open(staff).assigned_to is not None  # a case that touches nothing goes to either


def test_a_relation_that_ended_no_longer_excludes(staff, today, client_with_details):
    services.declare_relation(
        actor=staff["first"],
        kind="known_client",
        client=client_with_details,
        valid_from=date(2020, 1, 1),
        valid_until=date(2025, 12, 31),
    )
    draw = AssignmentDraw.objects.get(case=_open(staff, client_with_details))
    assert "first" in {c["username"] for c in draw.candidates}


def test_a_later_declaration_moves_the_open_cases_it_touches(staff, today, client_with_details):
    touched = _open(staff, client_with_details)
    untouched = _open(staff)
    for case in (touched, untouched):
        case_services.assign(case=case, officer=staff["first"], via="test")
    relation = services.declare_relation(
        actor=staff["first"], kind="family", phone="+31612345678", valid_from=date(2001, 1, 1)
    )
    touched.refresh_from_db()
    untouched.refresh_from_db()
    assert relation.moved == [touched.reference]
    assert (touched.assigned_to, untouched.assigned_to) == (staff["decision"], staff["first"])
    assert AssignmentDraw.objects.filter(case=touched, cause="conflict declared").exists()
    entry = AuditEntry.objects.get(action="integrity.relation.declared")
    assert entry.actor == "first" and entry.object_id == str(relation.pk)


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"kind": "family"}, "__all__"),
        ({"kind": "friend", "organisation": "X"}, "kind"),
        ({"kind": "family", "phone": "not a number"}, "phone"),
        ({"kind": "family", "email": "nobody@"}, "email"),
        ({"kind": "family", "organisation": "X", "valid_until": date(2019, 1, 1)}, "valid_until"),
        ({"kind": "family", "organisation": "X", "valid_from": "yesterday"}, "valid_from"),
    ],
)
def test_bad_declarations_are_refused_and_store_nothing(staff, today, fields, error):
    fields = {"valid_from": date(2020, 1, 1), **fields}
    with pytest.raises(ValidationError) as caught:
        services.declare_relation(actor=staff["first"], **fields)
    assert error in caught.value.message_dict
    assert not Relation.objects.exists()


def test_the_declarations_page(client, staff, today):
    client.force_login(staff["first"])
    url = "/desk/integrity/access/declarations/"
    client.cookies["django_language"] = "en"
    assert client.get(url).status_code == 200
    response = client.post(url, {"form": "relation", "rel-kind": "family", "rel-valid_from": "2020-01-01"})
    assert response.status_code == 400 and "so that the system can recognise the relation" in response.content.decode()
    response = client.post(
        url, {"form": "relation", "rel-kind": "family", "rel-valid_from": "2020-01-01", "rel-v_number": "9999999999"}
    )
    assert "No client has this V-number." in response.content.decode()
    response = client.post(
        url,
        {
            "form": "relation",
            "rel-kind": "representative_firm",
            "rel-organisation": "Kantoor & Partners",
            "rel-valid_from": "2020-01-01",
        },
    )
    assert response.status_code == 302 and Relation.objects.get().officer == staff["first"]
    response = client.post(url, {"form": "absence", "abs-starts_on": "2026-06-10", "abs-ends_on": "2026-06-01"})
    assert response.status_code == 400 and "cannot end before it begins" in response.content.decode()
    response = client.post(url, {"form": "absence", "abs-starts_on": "2026-06-01", "abs-ends_on": "2026-06-10"})
    assert response.status_code == 302 and staff["first"].absences.count() == 1
