"""Learning the weights from contacts already linked: a contact is not compared with its own
client, which holds what the contact said (a pair that is one person by construction)."""

import re

import pytest

from loket.clients.services import ContactIdentity, estimation, link_contact

pytestmark = pytest.mark.django_db

GIVEN = ["Amal", "Yonas", "Olena", "Mehmet", "Farid", "Senait", "Hamid", "Leila", "Dawit", "Nadia", "Omid"]
FAMILY = ["Haddad", "Tesfay", "Kovalenko", "Yilmaz", "Karimi", "Ghebre", "Rahimi", "Nasser", "Bekele",
          "Sultani", "Petrenko", "Demir", "Osman", "Farah", "Noori", "Hosseini", "Ahmadi", "Mansour",
          "Abebe", "Aziz"]  # fmt: skip


def _pairs(estimate) -> tuple[int, int]:
    notes = " ".join(estimate.weights["notes"])
    named = int(re.search(r"name-blocked pairs: (\d+)", notes).group(1))
    detailed = int(re.search(r"sharing a phone or e-mail address: (\d+)", notes).group(1))
    return named, detailed


def test_a_contact_is_not_compared_with_its_own_client(monkeypatch):
    monkeypatch.setattr(estimation, "RANDOM_PAIRS", 2000)
    linked = []
    for i, (given, family) in enumerate((g, f) for g in GIVEN for f in FAMILY):
        identity = ContactIdentity(name=f"{given} {family}", birth_date=f"{1950 + i % 50}-03-0{1 + i % 9}",
                                   phone=f"0612{i:06d}")  # fmt: skip
        linked.append((identity, link_contact(identity=identity, actor="intake").client.pk))
    assert len(linked) > estimation.MIN_CONTACTS
    alone_named, alone_detailed = _pairs(estimation.estimate_weights(identities=[i for i, _ in linked], seed=1))
    named, detailed = _pairs(estimation.estimate_weights(identities=linked, seed=1))
    # every contact found its own client by its name and by its phone: those pairs are gone
    assert (alone_named - named, alone_detailed - detailed) == (len(linked), len(linked))
    assert detailed == 0
