"""The clients app speaks Dutch (the default language): catalogue complete and current, pages
and messages in Dutch. Checks shared with the other apps come from the portal's test."""

import pytest
from django.urls import reverse
from django.utils import translation

from loket.clients.parsing import parse_v_number
from loket.clients.services import ContactIdentity, register_client
from tests.portal.test_dutch_complete import catalogue, english_left_in_dutch, read_po, source_messages

pytestmark = pytest.mark.django_db


def test_every_message_has_a_dutch_text_and_none_is_fuzzy():
    entries = read_po(catalogue("clients"))
    assert any(e["id"] == "" and "Language: nl" in e["strs"][0] for e in entries)
    bad = [e["id"] for e in entries if e["id"] and (e["fuzzy"] or not all(t.strip() for t in e["strs"].values()))]
    assert bad == []


def test_the_catalogue_holds_every_message_of_the_source():
    in_catalogue = {(e["ctx"], e["id"]) for e in read_po(catalogue("clients"))}
    assert [m for m in source_messages("clients") if m not in in_catalogue] == []


@pytest.mark.parametrize("page", ["search", "detail", "review"])
def test_staff_pages_speak_dutch(client, agent, link, page):
    ahmed = register_client(
        identity=ContactIdentity(name="Ahmed Al-Hassan", birth_date="1988-03-14", phone="0612345678"), actor="counter"
    )
    link(name="Ahmed Alhassan", email="a@example.org")  # a review item
    client.force_login(agent)
    url = {
        "search": reverse("desk:clients:search") + "?q=Ahmed",
        "detail": reverse("desk:clients:detail", args=[ahmed.pk]),
        "review": reverse("desk:clients:review"),
    }[page]
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    dutch = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert english_left_in_dutch(english, dutch) == []


def test_bad_input_is_explained_in_dutch():
    with translation.override("nl"), pytest.raises(ValueError, match="Een V-nummer heeft 10 cijfers"):
        parse_v_number("123456789")
