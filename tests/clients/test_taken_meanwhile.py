"""Staff register a client, or make one from a contact in review, with a V-number that another
connection (an import, a contact by mail) is storing at that moment: staff are told the
V-number is taken, as when it was on file already, not shown a server error (an
IntegrityError the look before the insert could not see; found by an attack on the import)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection  # noqa: F401 (the skipif below)

from loket.clients.models import Client, ReviewItem
from loket.clients.services import ContactIdentity, confirm_review, register_client
from loket.clients.services.identity import parse_identity
from loket.clients.services.registry import create_from_identity
from tests.concurrency import Elsewhere

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="two connections at once: PostgreSQL"),
]
V_NUMBER = "1234567890"


def _stored_elsewhere_while(staff_work):
    """Another connection inserts a client with ``V_NUMBER`` and commits a moment later;
    meanwhile ``staff_work`` runs here (its look sees nothing yet, its insert waits)."""
    inserted = threading.Event()

    def store():
        create_from_identity(parse_identity(ContactIdentity(name="Yusuf Karimi", v_number=V_NUMBER)))
        inserted.set()
        time.sleep(1.0)

    other = Elsewhere(store)
    assert inserted.wait(10)
    try:
        with pytest.raises(ValidationError) as refused:
            staff_work()
    finally:
        other.join()
    assert other.failures == []
    assert Client.objects.filter(v_number=V_NUMBER).count() == 1
    return refused.value


def test_registering_a_v_number_stored_meanwhile_is_refused_with_the_reason():
    refused = _stored_elsewhere_while(
        lambda: register_client(identity=ContactIdentity(name="Yusuf Karimi", v_number=V_NUMBER), actor="counter")
    )
    assert refused.message_dict == {"v_number": ["Another client already has this V-number."]}


def test_a_new_client_from_review_with_a_v_number_stored_meanwhile_is_refused_with_the_reason():
    item = ReviewItem.objects.create(identity={"name": "Yusuf Karimi", "v_number": V_NUMBER}, source="r1", score=0.8)
    refused = _stored_elsewhere_while(lambda: confirm_review(item=item, client=None, actor="agent"))
    assert refused.messages == ["Another client already has this V-number."]
    assert ReviewItem.objects.get(pk=item.pk).status == "open"  # nothing decided: the agent links it instead


def test_adding_a_v_number_stored_meanwhile_to_a_client_is_refused_with_the_reason():
    from loket.clients.services import add_details

    amal = register_client(identity=ContactIdentity(name="Amal Haddad", phone="0612345678"), actor="counter")
    refused = _stored_elsewhere_while(
        lambda: add_details(client=amal, identity=ContactIdentity(v_number=V_NUMBER), actor="counter")
    )
    assert refused.message_dict == {"v_number": ["Another client already has this V-number."]}
    assert Client.objects.get(pk=amal.pk).v_number is None
