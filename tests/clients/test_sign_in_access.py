"""BSNs, mandates and one-time sign-in codes: the services and the staff page."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import given, strategies as st

from loket.clients.bsn import bsn_hash, parse_bsn
from loket.clients.models import Client, Mandate, Representative, SignInCode
from loket.clients.services import signin
from loket.core.audit_models import AuditEntry
from loket.core.roles import Role

VALID = "111222333"


def elfproef(bsn):
    d = [int(c) for c in bsn]
    return (sum(x * w for x, w in zip(d[:8], range(9, 1, -1), strict=True)) - d[8]) % 11 == 0


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_parse_bsn_accepts_exactly_the_numbers_that_pass_the_elfproef(bsn):
    if elfproef(bsn) and bsn != "000000000":
        assert parse_bsn(bsn) == bsn
    else:
        with pytest.raises(ValueError, match="eleven test"):
            parse_bsn(bsn)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("12345678a", "only digits"),
        ("１１１２２２３３３", "only digits"),
        ("1234567", "9 digits"),
        ("1112223334", "9 digits"),
    ],
)
def test_parse_bsn_says_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        parse_bsn(text)


def test_parse_bsn_reads_spaces_dots_and_a_missing_leading_zero():
    assert parse_bsn("111.222.333") == "111222333"
    assert parse_bsn(" 1112 22 333 ") == "111222333"
    eight = next(f"{n:08d}" for n in range(10_000_000, 10_001_000) if elfproef(f"0{n:08d}"))
    assert parse_bsn(eight) == "0" + eight


def test_the_database_holds_no_bsn(db, agent):
    client = Client.objects.create(display_name="Anna")
    signin.link_bsn(person=client, bsn=VALID, actor=agent, reason="passport")
    client.refresh_from_db()
    assert client.bsn_hash == bsn_hash(VALID)
    assert VALID not in client.bsn_hash
    entry = AuditEntry.objects.get(action="clients.client.bsn_linked")
    assert VALID not in str(entry.data) and entry.reason == "passport"


def test_the_key_is_outside_the_database(db, settings):
    first = bsn_hash(VALID)
    settings.CLIENT_BSN_KEY = "another key"
    assert bsn_hash(VALID) != first


def test_a_bad_bsn_is_refused_and_nothing_changes(db, agent):
    client = Client.objects.create(display_name="Anna")
    with pytest.raises(ValidationError) as exc:
        signin.link_bsn(person=client, bsn="111222334", actor=agent)
    assert "eleven test" in str(exc.value)
    client.refresh_from_db()
    assert client.bsn_hash is None
    assert not AuditEntry.objects.filter(action="clients.client.bsn_linked").exists()


def test_one_bsn_belongs_to_one_person(db, agent):
    anna, bob = Client.objects.create(display_name="Anna"), Client.objects.create(display_name="Bob")
    signin.link_bsn(person=anna, bsn=VALID, actor=agent)
    with pytest.raises(ValidationError, match="already linked"):
        signin.link_bsn(person=bob, bsn=VALID, actor=agent)
    rep = Representative.objects.create(name="R")
    with pytest.raises(ValidationError, match="already linked"):
        signin.link_bsn(person=rep, bsn=VALID, actor=agent)
    signin.link_bsn(person=anna, bsn=VALID, actor=agent)  # again on the same person: fine


def test_linking_needs_a_client_handling_role(db, make_user):
    client = Client.objects.create(display_name="Anna")
    with pytest.raises(PermissionDenied):
        signin.link_bsn(person=client, bsn=VALID, actor=make_user(Role.DECISION_OFFICER))


def test_a_code_is_shown_once_stored_hashed_and_works_once(db, make_user):
    counter = make_user(Role.COUNTER_AGENT)
    client = Client.objects.create(display_name="Anna", v_number="1234567890")
    code = signin.issue_sign_in_code(client=client, channel="counter", actor=counter)
    assert len(code.replace("-", "")) == 12
    row = SignInCode.objects.get()
    assert code.replace("-", "") not in row.code_hash
    assert signin.redeem_sign_in_code(v_number="1234567890", code=code.lower().replace("-", " ")) == client
    assert signin.redeem_sign_in_code(v_number="1234567890", code=code) is None
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "clients.sign_in_code.issued" in actions and "clients.sign_in_code.used" in actions


def test_a_code_expires_after_30_days(db, make_user, time_machine):
    time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)
    client = Client.objects.create(display_name="Anna", v_number="1234567890")
    code = signin.issue_sign_in_code(client=client, channel="letter", actor=make_user(Role.CONTACT_AGENT))
    time_machine.move_to("2026-04-01 11:00:01+02:00", tick=False)  # 30 days of 24 hours (DST began)
    assert signin.redeem_sign_in_code(v_number="1234567890", code=code) is None


def test_a_new_code_ends_the_earlier_one(db, make_user):
    agent = make_user(Role.CONTACT_AGENT)
    client = Client.objects.create(display_name="Anna", v_number="1234567890")
    first = signin.issue_sign_in_code(client=client, channel="letter", actor=agent)
    second = signin.issue_sign_in_code(client=client, channel="letter", actor=agent)
    assert signin.redeem_sign_in_code(v_number="1234567890", code=first) is None
    assert signin.redeem_sign_in_code(v_number="1234567890", code=second) == client


def test_a_code_works_only_with_its_own_v_number(db, make_user):
    agent = make_user(Role.CONTACT_AGENT)
    anna = Client.objects.create(display_name="Anna", v_number="1234567890")
    Client.objects.create(display_name="Bob", v_number="1234567891")
    code = signin.issue_sign_in_code(client=anna, channel="letter", actor=agent)
    assert signin.redeem_sign_in_code(v_number="1234567891", code=code) is None
    assert signin.redeem_sign_in_code(v_number="not a number", code=code) is None


def test_only_agents_issue_codes_and_only_for_a_v_number(db, make_user):
    client = Client.objects.create(display_name="Anna", v_number="1234567890")
    with pytest.raises(PermissionDenied):
        signin.issue_sign_in_code(client=client, channel="letter", actor=make_user(Role.TEAM_LEAD))
    agent = make_user(Role.COUNTER_AGENT)
    with pytest.raises(ValidationError, match="by letter or at the counter"):
        signin.issue_sign_in_code(client=client, channel="pigeon", actor=agent)
    without = Client.objects.create(display_name="No number")
    with pytest.raises(ValidationError, match="no V-number"):
        signin.issue_sign_in_code(client=without, channel="letter", actor=agent)
    assert not SignInCode.objects.exists()


def test_a_mandate_counts_only_between_its_dates(db, agent, time_machine):
    time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)
    client = Client.objects.create(display_name="Anna")
    rep = Representative.objects.create(name="R")
    signin.record_mandate(
        client=client, representative=rep, valid_from=date(2026, 3, 3), valid_until=date(2026, 3, 31), actor=agent
    )
    assert not signin.may_act_for(rep.pk, client.pk)
    time_machine.move_to("2026-03-03 10:00:00+01:00", tick=False)
    assert signin.may_act_for(rep.pk, client.pk)
    assert list(signin.represented_clients(rep)) == [client]
    time_machine.move_to("2026-04-01 10:00:00+02:00", tick=False)
    assert not signin.may_act_for(rep.pk, client.pk)
    assert AuditEntry.objects.filter(action="clients.mandate.recorded").count() == 1


def test_a_mandate_cannot_end_before_it_starts(db, agent):
    client = Client.objects.create(display_name="Anna")
    rep = Representative.objects.create(name="R")
    with pytest.raises(ValidationError, match="cannot end before"):
        signin.record_mandate(
            client=client, representative=rep, valid_from=date(2026, 3, 3), valid_until=date(2026, 3, 1), actor=agent
        )
    assert not Mandate.objects.exists()


def test_an_ended_mandate_no_longer_counts(db, agent):
    client = Client.objects.create(display_name="Anna")
    rep = Representative.objects.create(name="R")
    mandate = signin.record_mandate(
        client=client, representative=rep, valid_from=timezone.localdate() - timedelta(days=10), actor=agent
    )
    assert signin.may_act_for(rep.pk, client.pk)
    signin.end_mandate(mandate=mandate, actor=agent)
    assert not signin.may_act_for(rep.pk, client.pk)
    assert AuditEntry.objects.filter(action="clients.mandate.ended").exists()


def test_the_staff_page_issues_a_code_once(client, make_user):
    counter = make_user(Role.COUNTER_AGENT)
    anna = Client.objects.create(display_name="Anna", v_number="1234567890")
    client.force_login(counter)
    response = client.post(f"/desk/clients/{anna.pk}/sign-in/", {"action": "code", "code-channel": "counter"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "shown only now" in page
    assert SignInCode.objects.filter(client=anna).count() == 1
    again = client.get(f"/desk/clients/{anna.pk}/sign-in/").content.decode()
    assert "shown only now" not in again


def test_the_staff_page_refuses_a_bad_bsn_in_english(client, make_user):
    agent = make_user(Role.CONTACT_AGENT)
    anna = Client.objects.create(display_name="Anna")
    client.force_login(agent)
    response = client.post(
        f"/desk/clients/{anna.pk}/sign-in/", {"action": "bsn", "bsn-bsn": "123456789", "bsn-reason": "passport"}
    )
    assert response.status_code == 400
    assert "eleven test" in response.content.decode()
    response = client.post(
        f"/desk/clients/{anna.pk}/sign-in/", {"action": "bsn", "bsn-bsn": VALID, "bsn-reason": "passport"}
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.bsn_hash == bsn_hash(VALID)


def test_the_staff_page_records_a_mandate(client, make_user):
    agent = make_user(Role.CONTACT_AGENT)
    anna = Client.objects.create(display_name="Anna")
    rep = Representative.objects.create(name="R")
    client.force_login(agent)
    data = {"action": "mandate", "mandate-representative": 999999, "mandate-valid_from": "2026-01-01"}
    assert (
        "no representative with this number" in client.post(f"/desk/clients/{anna.pk}/sign-in/", data).content.decode()
    )
    data["mandate-representative"] = rep.pk
    assert client.post(f"/desk/clients/{anna.pk}/sign-in/", data).status_code == 302
    assert Mandate.objects.filter(client=anna, representative=rep).exists()


def test_a_decision_officer_cannot_open_the_staff_page(client, make_user):
    officer = make_user(Role.DECISION_OFFICER)
    anna = Client.objects.create(display_name="Anna")
    client.force_login(officer)
    assert client.get(f"/desk/clients/{anna.pk}/sign-in/").status_code == 403
