"""Issue 16, item 5, attacked: keys edited in the database keep the current recipe's
version, so the version check cannot see them. ``loket clients check-keys`` holds every
client's stored keys and folded names to what the recipe makes, and ``--repair`` mends them."""

import pytest
from django.core.management import call_command

from loket.clients import checks
from loket.clients.models import ClientBlockingKey, ClientName
from loket.clients.services import ContactIdentity, link_contact

pytestmark = pytest.mark.django_db


def _clients():
    people = [("Amal Haddad", "1990-02-03"), ("Yonas Tesfaye", "1985"), ("Sara Haile", "2001-09-01")]
    return [
        link_contact(identity=ContactIdentity(name=n, birth_date=b), actor="intake", create=True).client
        for n, b in people
    ]


def test_keys_edited_in_the_database_are_found_and_mended(capsys):
    a, b, c = _clients()
    ClientBlockingKey.objects.filter(client=a).delete()  # lost
    ClientBlockingKey.objects.create(client=b, key=ClientBlockingKey.objects.filter(client=c).first().key)  # foreign
    ClientName.objects.filter(client=c).update(folded="someone else")  # edited
    assert checks.keys_are_fresh(databases=["default"]) == []  # the version check sees nothing

    with pytest.raises(SystemExit) as exited:
        call_command("clients", "check-keys", "--batch", "2")
    out = capsys.readouterr().out
    assert exited.value.code == 1 and "3 of 3 clients" in out and f"{a.pk}, {b.pk}, {c.pk}" in out

    call_command("clients", "check-keys", "--repair")
    assert "Their keys were made anew." in capsys.readouterr().out
    call_command("clients", "check-keys")
    assert "The keys of all 3 clients are what recipe" in capsys.readouterr().out
    assert ClientName.objects.get(client=c).folded != "someone else"
