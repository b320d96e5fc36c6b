"""Issue 16, item 3, attacked: merging and parting clients keeps to need to know. Staff
who may not open a client's file (an administrator with no case of theirs) can neither
merge it into a file they hold (which would show its details there) nor undo its merges."""

import pytest

from loket.clients.models import Client, ClientName
from loket.clients.services import merge_clients, undo_merge
from loket.core.roles import Role

pytestmark = pytest.mark.django_db


def _person(name):
    person = Client.objects.create(display_name=name)
    ClientName.objects.create(client=person, full_name=name)
    return person


def test_staff_who_may_not_open_the_files_cannot_merge_or_part_them(client, make_user):
    admin = make_user(Role.ADMINISTRATOR, username="ada")
    mine, theirs = _person("Amal Haddad"), _person("Amal Hadad")
    client.force_login(admin)
    response = client.post(f"/desk/clients/{mine.pk}/merge/", {"other": theirs.pk, "reason": "one person"})
    assert response.status_code == 403 and Client.objects.get(pk=theirs.pk).merged_into_id is None
    record = merge_clients(keep=mine, merge=theirs, actor="relink", reason="relink: one person")
    response = client.post(f"/desk/clients/merges/{record.pk}/undo/", {f"m{record.pk}-reason": "two people"})
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.undone_at is None and Client.objects.get(pk=theirs.pk).merged_into_id == mine.pk


def test_a_contact_agent_merges_and_parts_as_before(make_user):
    agent = make_user(Role.CONTACT_AGENT, username="ali")
    mine, theirs = _person("Amal Haddad"), _person("Amal Hadad")
    record = merge_clients(keep=mine, merge=theirs, actor=agent, reason="one person")
    undo_merge(merge=record, actor=agent, reason="two people")
    assert Client.objects.get(pk=theirs.pk).merged_into_id is None
