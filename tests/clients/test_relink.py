"""``loket clients relink`` (issue 16 item 3): later evidence repairs earlier decisions."""

import pytest
from django.core.management import call_command

from loket.clients.linkage import Weights
from loket.clients.models import Client, ClientMerge
from loket.clients.services import ContactIdentity, register_client
from loket.clients.services.relink import relink
from loket.core.audit_models import AuditEntry

pytestmark = pytest.mark.django_db


def _client(**fields):
    return register_client(identity=ContactIdentity(**fields), actor="registry")


def test_two_records_of_one_person_are_merged_with_their_reasons():
    one = _client(name="Mohammed Al-Hassan", birth_date="1984-03-12", phone="+31612345678", nationality="SY")
    two = _client(name="Muhammad Alhassan", birth_date="1984-03-12", phone="06-12345678", nationality="SY")
    report = relink(weights=Weights.initial())
    assert report.merged == [(one.pk, two.pk)]
    merge = ClientMerge.objects.get()
    assert merge.actor == "relink" and merge.automatic and merge.reason.startswith("relink:")
    assert "birth date" in merge.reason and "shared contact detail" in merge.reason
    assert Client.objects.get(pk=two.pk).merged_into_id == one.pk
    assert AuditEntry.objects.filter(action="clients.client.merged", actor="relink").count() == 2


def test_twins_on_one_family_phone_stay_two_people():
    _client(name="Yonas Tesfaye", birth_date="2001-09-01", phone="+31611112222")
    _client(name="Senait Tesfaye", birth_date="2001-09-01", phone="+31611112222")
    assert relink(weights=Weights.initial()).merged == []
    assert not ClientMerge.objects.exists()


def test_a_client_with_two_likely_matches_is_left_to_an_agent():
    _client(name="Amina Yusuf", birth_date="1990-01-05", email="amina@example.org")
    _client(name="Amina Yusuf", birth_date="1990-01-05", email="amina@example.org")
    _client(name="Amina Yusuf", birth_date="1990-01-05", email="amina@example.org")
    report = relink(weights=Weights.initial())
    assert report.ambiguous >= 1


def test_a_relink_merge_the_new_weights_do_not_hold_is_parted_again():
    one = _client(name="Mohammed Al-Hassan", birth_date="1984-03-12", phone="+31612345678")
    two = _client(name="Muhammad Alhassan", birth_date="1984-03-12", phone="06-12345678")
    relink(weights=Weights.initial())
    assert Client.objects.get(pk=two.pk).merged_into_id == one.pk
    sceptical = Weights.initial()
    sceptical.prior = 1e-12  # learned on a register so large that this much agreement is chance
    report = relink(weights=sceptical)
    assert report.parted == [ClientMerge.objects.get().pk]
    assert Client.objects.get(pk=two.pk).merged_into_id is None
    assert "no longer one person" in ClientMerge.objects.get().undo_reason


def test_a_merge_by_an_agent_is_not_parted_by_the_relink():
    from loket.clients.services import merge_clients

    one = _client(name="Mohammed Al-Hassan", birth_date="1984-03-12")
    two = _client(name="Sara Haile", birth_date="1984-03-12")
    merge_clients(keep=one, merge=two, actor="registry", reason="the agent knows")
    assert relink(weights=Weights.initial()).parted == []


def test_the_command_learns_the_weights_and_reports(capsys):
    _client(name="Mohammed Al-Hassan", birth_date="1984-03-12", phone="+31612345678")
    _client(name="Muhammad Alhassan", birth_date="1984-03-12", phone="06-12345678")
    call_command("clients", "relink")
    out = capsys.readouterr()
    assert "Too few contacts on file to learn from; the weights in use stay." in out.out
    assert "Relink: 2 clients" in out.out and "1 merged" in out.out
    assert "clients compared" in out.err


def test_the_commands_progress_is_in_the_users_language(capsys):
    """The relink says how far it is in the language the command runs in, not in English."""
    from django.utils import translation

    _client(name="Mohammed Al-Hassan", birth_date="1984-03-12", phone="+31612345678")
    _client(name="Muhammad Alhassan", birth_date="1984-03-12", phone="06-12345678")
    with translation.override("nl"):
        call_command("clients", "relink")
    err = capsys.readouterr().err
    assert "2 van 2 cliënten vergeleken; tot nu toe 1 samengevoegd, 0 weer gescheiden" in err
    assert "0 contacten gelezen" in err  # the weights are learned first: too few contacts here
    assert "compared" not in err and "contacts" not in err


def test_learning_the_weights_says_how_far_it_is_in_the_users_language(capsys, monkeypatch):
    from django.utils import translation

    from loket.clients.services import estimation
    from loket.contact.inputs import clean_contact
    from loket.contact.services import receive_contact

    monkeypatch.setattr(estimation, "MIN_CONTACTS", 3)  # learn from a handful, to see every step
    monkeypatch.setattr(estimation, "RANDOM_PAIRS", 200)
    for i, name in enumerate(["Amal Haddad", "Yonas Tesfay", "Olena Kovalenko", "Mehmet Yilmaz"]):
        line = {"ref": f"r{i}", "channel": "email", "received_at": "2026-06-01T10:00:00+02:00"}
        receive_contact(data=clean_contact({**line, "name": name, "phone": f"0612{i:06d}"}), actor="import")
    with translation.override("nl"):
        call_command("clients", "estimate-weights")
    err = capsys.readouterr().err
    assert "4 contacten gelezen" in err
    assert "toevallige overeenkomst geleerd uit 16 willekeurige paren (0 weggelaten als één persoon)" in err  # 4 × 4
    assert "contacts" not in err and "random pairs" not in err
