"""Item 5: who really signs. Only the signatory signs, in their own session with their second
factor; signing on behalf of a superior only where the mandate register says so, and the
decision then shows both names; MAND-01 and FOUR-01 hold, and an administrator has no way
around them."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.cases import services as case_services
from loket.core.audit_models import AuditEntry
from loket.core.models import User
from loket.core.roles import Role
from loket.decisions import services
from loket.decisions.models import Decision, Mandate
from loket.decisions.services import DecisionStopped
from tests.cases.conftest import TODAY, at

REASONS = "The objection does not show that the contested decision was wrong (Vw 16)."


def _verified(user):
    user.otp_device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


@pytest.fixture
def admin(make_user, org):
    return _verified(make_user(Role.ADMINISTRATOR, username="ada", unit=org["top"]))


@pytest.fixture
def director(make_user, org):
    return make_user(Role.TEAM_LEAD, username="dirk", unit=org["top"])


@pytest.fixture
def heard(objection, staff):
    case = objection()
    case_services.record_event(
        case=case, actor=staff["objection"], type="hearing_held", on=date(2026, 5, 20), by=staff["objection2"]
    )
    return case


def test_the_signatory_signs_in_their_own_verified_session(heard, staff):
    draft = services.save_draft(
        case=heard, actor=staff["objection"], outcome="granted", reasons=REASONS, signatory=staff["lead"]
    )
    with pytest.raises(PermissionDenied, match="Only the signatory"):  # the author signs for the lead
        services.issue_decision(draft=draft, actor=_verified(staff["objection"]), acknowledgements={})
    refused = AuditEntry.objects.get(action="decisions.decision.signing_refused")
    assert (refused.actor, refused.data["signatory"], refused.data["result"]) == ("olga", "tom", "refused")
    with pytest.raises(PermissionDenied, match="second factor"):  # the lead, without a second factor
        services.issue_decision(draft=draft, actor=User.objects.get(pk=staff["lead"].pk), acknowledgements={})
    stranger = TOTPDevice.objects.create(user=staff["objection"], name="olga's phone", confirmed=True)
    lead = User.objects.get(pk=staff["lead"].pk)
    lead.otp_device = stranger  # someone else's device proves nothing
    with pytest.raises(PermissionDenied, match="second factor"):
        services.issue_decision(draft=draft, actor=lead, acknowledgements={})
    assert not Decision.objects.exists()
    decision = services.issue_decision(draft=draft, actor=_verified(staff["lead"]), acknowledgements={})
    assert (decision.author, decision.signatory, decision.issued_by, decision.on_behalf_of) == (
        staff["objection"],
        staff["lead"],
        staff["lead"],
        None,
    )
    assert AuditEntry.objects.get(action="decisions.decision.issued").data["signed_by"] == "tom"


def test_an_administrator_cannot_sign_or_be_named_signatory(heard, staff, admin):
    with pytest.raises(ValidationError) as caught:
        services.save_draft(case=heard, actor=staff["objection"], outcome="granted", reasons=REASONS, signatory=admin)
    assert "signatory" in caught.value.message_dict
    draft = services.save_draft(case=heard, actor=staff["objection"], outcome="granted", reasons=REASONS)
    with pytest.raises(PermissionDenied):
        services.issue_decision(draft=draft, actor=admin, acknowledgements={})
    with pytest.raises(PermissionDenied):  # nor approve as second reader
        services.approve_as_second_reader(draft=draft, actor=admin)
    with pytest.raises(PermissionDenied):  # and has no need to know either
        case_services.record_event(case=heard, actor=admin, type="hearing_invited", on=date(2026, 5, 21))
    assert not Decision.objects.exists()


def test_signing_on_behalf_of_a_superior_needs_the_mandate_register(heard, staff, admin, director):
    kwargs = dict(case=heard, actor=staff["objection"], outcome="granted", reasons=REASONS, signatory=staff["lead"])
    with pytest.raises(ValidationError) as caught:
        services.save_draft(**kwargs, on_behalf_of=director)
    assert "mandate register" in caught.value.message_dict["on_behalf_of"][0]
    with pytest.raises(PermissionDenied):  # an officer cannot register a mandate
        services.grant_mandate(
            actor=staff["lead"], signatory=staff["lead"], principal=director, kinds=["objection"], valid_from=TODAY
        )
    services.grant_mandate(
        actor=admin, signatory=staff["lead"], principal=director, kinds=["application"], valid_from=TODAY
    )
    with pytest.raises(ValidationError):  # the mandate covers applications, not objections
        services.save_draft(**kwargs, on_behalf_of=director)
    mandate = services.grant_mandate(
        actor=admin,
        signatory=staff["lead"],
        principal=director,
        kinds=["objection"],
        valid_from=TODAY - timedelta(days=30),
        valid_until=TODAY,
    )
    entry = AuditEntry.objects.filter(action="decisions.mandate.registered").last()
    assert (entry.actor, entry.object_id, entry.data["principal"]) == ("ada", str(mandate.pk), "dirk")
    draft = services.save_draft(**kwargs, on_behalf_of=director)
    with at(TODAY + timedelta(days=1)), pytest.raises(PermissionDenied, match="mandate register"):
        services.issue_decision(draft=draft, actor=_verified(staff["lead"]), acknowledgements={})
    decision = services.issue_decision(draft=draft, actor=_verified(staff["lead"]), acknowledgements={})
    assert (decision.signatory, decision.on_behalf_of) == (staff["lead"], director)


def test_the_decision_page_shows_both_names(heard, staff, admin, director, client):
    services.grant_mandate(
        actor=admin, signatory=staff["lead"], principal=director, kinds=["objection"], valid_from=TODAY
    )
    draft = services.save_draft(
        case=heard,
        actor=staff["objection"],
        outcome="granted",
        reasons=REASONS,
        signatory=staff["lead"],
        on_behalf_of=director,
    )
    services.issue_decision(draft=draft, actor=_verified(staff["lead"]), acknowledgements={})
    client.force_login(staff["objection"])
    client.cookies["django_language"] = "en"
    html = client.get(f"/desk/cases/{heard.pk}/").content.decode()
    assert "tom, on behalf of dirk (mandate)" in html


@pytest.mark.parametrize(
    "change, field",
    [
        ({"principal": "self"}, "principal"),
        ({"kinds": []}, "kinds"),
        ({"kinds": ["appeal"]}, "kinds"),
        ({"valid_until": TODAY - timedelta(days=1)}, "valid_until"),
        ({"signatory": "reader"}, "signatory"),
        ({"signatory": "admin"}, "signatory"),
    ],
)
def test_bad_mandates_are_refused(staff, admin, director, change, field):
    fields = {"signatory": staff["lead"], "principal": director, "kinds": ["objection"], "valid_from": TODAY}
    named = {"self": staff["lead"], "reader": staff["reader"], "admin": admin}
    fields.update({k: named.get(v, v) if isinstance(v, str) else v for k, v in change.items()})
    with pytest.raises(ValidationError) as caught:
        services.grant_mandate(actor=admin, **fields)
    assert field in caught.value.message_dict
    assert not Mandate.objects.exists()


def test_mand01_and_four01_hold_under_mandate(objection, staff, admin, make_user, org):
    boss = make_user(Role.TEAM_LEAD, username="first_boss", unit=org["top"])
    services.grant_mandate(
        actor=admin, signatory=staff["lead"], principal=staff["first"], kinds=["objection"], valid_from=TODAY
    )
    services.grant_mandate(actor=admin, signatory=staff["lead"], principal=boss, kinds=["objection"], valid_from=TODAY)
    case = objection()  # the contested decision was authored by "first"
    case_services.record_event(
        case=case, actor=staff["objection"], type="hearing_held", on=date(2026, 5, 20), by=staff["objection2"]
    )
    with pytest.raises(ValidationError) as caught:
        services.save_draft(
            case=case,
            actor=staff["objection"],
            outcome="granted",
            reasons=REASONS,
            signatory=staff["lead"],
            on_behalf_of=staff["first"],
        )
    assert "MAND-01" in caught.value.message_dict["on_behalf_of"][0]
    draft = services.save_draft(
        case=case,
        actor=staff["objection"],
        outcome="unfounded",
        reasons=REASONS,
        signatory=staff["lead"],
        on_behalf_of=boss,
    )
    with pytest.raises(DecisionStopped) as stopped:
        services.issue_decision(draft=draft, actor=_verified(staff["lead"]), acknowledgements={})
    assert "FOUR-01" in [v.rule for v in stopped.value.blocking]


def test_the_mandate_register_page(client, staff, admin, director):
    client.cookies["django_language"] = "en"
    client.force_login(staff["lead"])
    assert client.get("/desk/decisions/mandates/").status_code == 403
    client.force_login(admin)
    assert client.get("/desk/decisions/mandates/").status_code == 200
    form = {
        "mandate-signatory": staff["lead"].pk,
        "mandate-principal": staff["lead"].pk,
        "mandate-kinds": ["objection"],
        "mandate-valid_from": "2026-06-01",
    }
    response = client.post("/desk/decisions/mandates/", form)
    assert (
        response.status_code == 400 and "Nobody needs a mandate to sign in their own name." in response.content.decode()
    )
    response = client.post("/desk/decisions/mandates/", {**form, "mandate-principal": director.pk})
    assert response.status_code == 302
    mandate = Mandate.objects.get()
    with at(TODAY + timedelta(days=3)):
        assert client.post(f"/desk/decisions/mandates/{mandate.pk}/end/").status_code == 302
    mandate.refresh_from_db()
    assert mandate.valid_until == TODAY + timedelta(days=2) and mandate.ended_by.username == "ada"
