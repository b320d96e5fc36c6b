"""The signals over Loket's own data (issue 15 item 6), made through the real services: the
adapter reads absences, the mandate register, the system's draws against who has the case,
and the time an approval was asked. Each signal is raised by the activity that should raise
it and not by the same activity done the ordinary way. Thresholds are lowered (settings) to
fit a handful of cases; the tests of the engine hold the defaults."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.cases.access import open_case_for
from loket.clients.models import Client, ClientPhone
from loket.core.roles import Role
from loket.decisions import services as decisions
from loket.decisions.models import DecisionDraft, Mandate
from loket.integrity.access_models import AssignmentDraw
from loket.integrity.services import break_glass, decide_reassignment, record_absence, request_reassignment
from loket.integrity.signals import adapter, config, engine
from tests.cases.conftest import TODAY

AMS = ZoneInfo("Europe/Amsterdam")
REASONS = "The application does not meet the conditions of the permit (Vw 16)."


def _signals(settings, overrides=None, code=None):
    settings.INTEGRITY_SIGNALS = overrides or {}
    found = engine.run_records(adapter.records(), config.from_settings())
    return [s for s in found if code is None or s.signal == code]


def _verified(user):
    user.otp_device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def _clock(day: date, hour: int, minute: int = 0, second: int = 0):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=AMS), tick=False)


# -- SIG-01: the mandate register and absences ---------------------------------------------


@pytest.fixture
def signed_under_mandate(application, staff, make_user, org):
    """tom signs daan's decision in the name of dirk, under a mandate of the register."""
    admin = make_user(Role.ADMINISTRATOR, username="ada", unit=org["top"])
    dirk = make_user(Role.TEAM_LEAD, username="dirk", unit=org["top"])
    decisions.grant_mandate(
        actor=admin, signatory=staff["lead"], principal=dirk, kinds=["application"], valid_from=TODAY
    )
    case = application(handler=staff["decision"])
    draft = decisions.save_draft(
        case=case,
        actor=staff["decision"],
        outcome="granted",
        reasons=REASONS,
        signatory=staff["lead"],
        on_behalf_of=dirk,
    )
    decisions.issue_decision(draft=draft, actor=_verified(staff["lead"]), acknowledgements={})
    return case


def test_signing_under_a_valid_mandate_raises_no_signal(signed_under_mandate, settings):
    assert _signals(settings, code="SIG-01") == []
    [sign] = [r for r in adapter.records() if r.get("action") == "sign"]
    assert (sign["actor"], sign["on_behalf_of"], sign["outcome"]) == ("tom", "dirk", "granted")


@pytest.mark.parametrize(
    "change",
    [{"valid_from": TODAY + timedelta(days=1)}, {"kinds": ["objection"]}],
    ids=["register-no-longer-covers-the-day", "register-covers-other-kinds"],
)
def test_signing_for_another_without_a_mandate_in_the_register_raises_sig01(signed_under_mandate, settings, change):
    # The services refuse this signature; a register changed afterwards (or a decision from
    # before the register) leaves a signature in another's name that no mandate covers.
    Mandate.objects.update(**change)
    [signal] = _signals(settings, code="SIG-01")
    assert (signal.officer, signal.figures["reason"], signal.figures["in_name_of"]) == ("tom", "no_mandate", "dirk")
    assert signal.evidence == [str(signed_under_mandate.pk)]


@pytest.mark.parametrize("away", [TODAY, TODAY + timedelta(days=7)], ids=["absent-that-day", "absent-later"])
def test_a_decision_signed_in_the_session_of_an_absent_officer_raises_sig01(application, staff, settings, away):
    record_absence(actor=staff["lead"], officer=staff["decision"], starts_on=away, ends_on=away, reason="leave")
    case = application(handler=staff["decision"])
    draft = decisions.save_draft(case=case, actor=staff["decision"], outcome="granted", reasons=REASONS)
    decisions.issue_decision(draft=draft, actor=_verified(staff["decision"]), acknowledgements={})
    found = _signals(settings, code="SIG-01")
    if away == TODAY:
        assert [(s.officer, s.figures["reason"]) for s in found] == [("daan", "absent")]
    else:
        assert found == []
    [officer] = [r for r in adapter.records() if r["type"] == "officer" and r["id"] == "daan"]
    assert officer["absent"] == [[away.isoformat(), away.isoformat()]]


# -- FOUR-02: the time an approval was asked ----------------------------------------------


@pytest.fixture
def two_reading_teams(staff, make_user, org):
    """TEAM: daan writes, rita is its only second reader; OTHER: dora writes, rolf reads."""
    dora = make_user(Role.DECISION_OFFICER, username="dora", unit=org["other"])
    rolf = make_user(Role.SECOND_READER, username="rolf", unit=org["other"])
    return {"TEAM": (staff["decision"], staff["reader"]), "OTHER": (dora, rolf), "units": org}


def _approve(application, team, author, reader, day, wait: timedelta):
    case = application(team=team, actor=author, handler=author)
    with _clock(day, 11):
        draft = decisions.save_draft(case=case, actor=author, outcome="rejected", reasons=REASONS)
    asked = datetime(day.year, day.month, day.day, 11, tzinfo=AMS)
    with time_machine.travel(asked + wait, tick=False):
        decisions.approve_as_second_reader(draft=DecisionDraft.objects.get(pk=draft.pk), actor=reader)


@pytest.mark.parametrize("rita_waits", [timedelta(seconds=4), timedelta(minutes=40)], ids=["seconds", "minutes"])
def test_a_reader_who_approves_within_seconds_again_and_again_raises_four02(
    application, two_reading_teams, settings, rita_waits
):
    daan, rita = two_reading_teams["TEAM"]
    dora, rolf = two_reading_teams["OTHER"]
    for n in range(4):
        _approve(application, daan.employee.unit, daan, rita, TODAY + timedelta(days=n), rita_waits)
    for n in range(8):
        _approve(application, dora.employee.unit, dora, rolf, TODAY + timedelta(days=n), timedelta(hours=2))
    approvals = [r for r in adapter.records() if r.get("action") == "approve"]
    assert len(approvals) == 12 and all(r.get("requested_at") for r in approvals)
    found = _signals(settings, {"FOUR-02": {"min_fast": 3, "alpha": 0.05}}, "FOUR-02")
    if rita_waits.total_seconds() < 30:
        assert [(s.officer, s.figures["fast"], s.figures["approvals"]) for s in found] == [("rita", 4, 4)]
    else:
        assert found == []


def test_a_change_to_the_draft_asks_again(application, staff):
    case = application(handler=staff["decision"])
    with _clock(TODAY, 9):
        decisions.save_draft(case=case, actor=staff["decision"], outcome="rejected", reasons=REASONS)
    with _clock(TODAY, 14):
        draft = decisions.save_draft(case=case, actor=staff["decision"], outcome="rejected", reasons=REASONS + " ")
    with _clock(TODAY, 14, 0, 5):
        decisions.approve_as_second_reader(draft=draft, actor=staff["reader"])
    [approval] = [r for r in adapter.records() if r.get("action") == "approve"]
    assert approval["requested_at"].startswith("2026-06-01T14:00:00")
    assert approval["at"].startswith("2026-06-01T14:00:05")


# -- ASG-01: the draw against who ended up with the case ---------------------------------


@pytest.fixture
def busy_team(staff, make_user, org):
    extra = [make_user(Role.DECISION_OFFICER, username=n, unit=org["team"]) for n in ("dave", "dina", "dex", "duco")]
    return [staff["decision"], staff["first"], *extra]


def test_a_representatives_cases_moved_by_hand_to_one_officer_raise_asg01(
    application, staff, busy_team, settings, make_user, org
):
    from loket.clients.models import Representative

    lead2 = make_user(Role.TEAM_LEAD, username="tara", unit=org["team"])
    rep = Representative.objects.create(name="Mr. Fixer", organisation="Fixer & Co")
    officers = busy_team
    for n in range(24):  # ordinary cases, four per officer
        application(client=Client.objects.create(display_name=f"C{n}"), handler=officers[n % 6])
    rep_cases = []
    for n in range(5):  # the representative's clients: drawn, then moved by hand
        case = application(
            client=Client.objects.create(display_name=f"R{n}"), representative=rep, actor=staff["lead"], handler=None
        )
        rep_cases.append(case)
        if case.assigned_to_id != staff["first"].pk:
            row = request_reassignment(
                case=case,
                actor=staff["lead"],
                reason="Taken over by first, who knows the client.",
                to_officer=staff["first"],
            )
            decide_reassignment(reassignment=row, actor=lead2, approve=True)
    cases = {r["id"]: r for r in adapter.records() if r["type"] == "case"}
    for case in rep_cases:
        drawn = AssignmentDraw.objects.filter(case=case).order_by("-pk").first().chosen
        row = cases[str(case.pk)]
        assert row["assigned_to"] == "first"
        assert row["assigned_by"] == ("system" if drawn == staff["first"] else "tara")
    found = _signals(settings, {"ASG-01": {"min_cases": 3, "alpha": 0.05}}, "ASG-01")
    [signal] = [s for s in found if s.subject == str(rep.pk)]
    assert signal.officer == "first" and signal.figures["assigned_by_hand"] == sum(
        1 for c in cases.values() if c["representative"] == str(rep.pk) and c["assigned_by"] == "tara"
    )


def test_a_representatives_cases_spread_over_the_team_raise_no_asg01(application, staff, busy_team, settings):
    from loket.clients.models import Representative

    rep = Representative.objects.create(name="Mr. Fixer", organisation="Fixer & Co")
    for n in range(16):
        application(
            client=Client.objects.create(display_name=f"C{n}"),
            representative=rep if n < 4 else None,
            handler=busy_team[n % 4],
        )
    assert _signals(settings, {"ASG-01": {"min_cases": 3, "alpha": 0.05}}, "ASG-01") == []


# -- ACC-01, HRS-01, CON-01: reads through need to know, contact details -----------------


@pytest.fixture
def other_team(staff, make_user, org):
    return [staff["outsider"]] + [
        make_user(Role.OBJECTION_OFFICER, username=f"peer{n}", unit=org["other"]) for n in (1, 2)
    ]


@pytest.mark.parametrize("snoops", [True, False], ids=["breaks-the-glass-often", "reads-own-cases"])
def test_reading_many_cases_not_ones_own_raises_acc01(application, staff, other_team, settings, snoops):
    outsider = staff["outsider"]
    own = application(team=other_team[0].employee.unit, actor=other_team[1], handler=outsider)
    for n in range(6):
        case = application(client=Client.objects.create(display_name=f"C{n}"), handler=staff["decision"])
        if snoops:
            break_glass(actor=outsider, case=case, reason="The client phoned and asked about the file.")
            open_case_for(outsider, case)
        else:
            open_case_for(outsider, own)
    found = _signals(settings, {"ACC-01": {"min_cases": 3}}, "ACC-01")
    if snoops:
        [signal] = found
        assert signal.officer == "outsider" and signal.figures["cases"] == 6
    else:
        assert found == []


@pytest.mark.parametrize("hour", [23, 11], ids=["at-night", "by-day"])
def test_bulk_reads_outside_working_hours_raise_hrs01(application, staff, settings, hour):
    daan = staff["decision"]
    cases = [application(client=Client.objects.create(display_name=f"C{n}"), handler=daan) for n in range(8)]
    day = TODAY
    for n in range(20):  # an ordinary month: two reads a working day
        day += timedelta(days=1 if day.weekday() < 4 else 3)
        with _clock(day, 10):
            open_case_for(daan, cases[n % 8])
            open_case_for(daan, cases[(n + 1) % 8])
    with _clock(TODAY + timedelta(days=30), hour):
        for case in cases:
            open_case_for(daan, case)
    found = _signals(settings, {"HRS-01": {"min_reads": 6}}, "HRS-01")
    if hour == 23:
        [signal] = found
        assert signal.officer == "daan" and signal.subject == (TODAY + timedelta(days=30)).isoformat()
    else:
        assert found == []


@pytest.mark.parametrize("shared", [True, False], ids=["one-phone-many-clients", "own-phones"])
def test_one_phone_number_across_many_unrelated_clients_raises_con01(application, staff, settings, shared):
    for n in range(4):
        client = Client.objects.create(display_name=f"Client {n}")
        ClientPhone.objects.create(client=client, number="+31612345678" if shared else f"+3161234567{n}")
        application(client=client, handler=staff["decision"])
    found = _signals(settings, {"CON-01": {"min_clients": 4}}, "CON-01")
    assert [s.subject for s in found] == (["+31612345678"] if shared else [])


def test_case_reads_of_the_real_pages_become_read_events(application, staff, client):
    case = application(handler=staff["decision"])
    client.force_login(staff["decision"])
    assert client.get(f"/desk/cases/{case.pk}/").status_code == 200
    client.force_login(staff["outsider"])
    assert client.get(f"/desk/cases/{case.pk}/").status_code == 403  # refused: no read
    reads = [(r["actor"], r["case"]) for r in adapter.records() if r.get("action") == "read"]
    assert reads == [("daan", str(case.pk))]
