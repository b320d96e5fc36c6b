"""Invariants of matching over many generated people (hypothesis): the same identity always
finds the same client, a family phone never merges two people, a common name with another
birth date never links."""

from contextlib import contextmanager
from datetime import date

import pytest
from django.db import transaction
from hypothesis import given, settings, strategies as st

from loket.clients.models import ClientMerge
from loket.clients.names import forms
from loket.clients.services import ContactIdentity, link_contact

pytestmark = pytest.mark.django_db

GIVEN = [
    ["Mohammed", "Muhammad", "Mohamad", "محمد"],
    ["Fatima", "Fatimah", "فاطمة"],
    ["Yusuf", "Youssef", "يوسف"],
    ["Khaled", "Khalid", "خالد"],
    ["Zainab", "Zeinab", "زينب"],
    ["Oleksandr", "Олександр"],
    ["Senait", "Senayt"],
    ["Mehmet", "Mehmed"],
    ["Reza", "رضا"],
    ["Tesfaye", "Tesfay"],
]
FAMILY = [
    ["Al-Hassan", "Alhassan", "El Hassan", "الحسن"],
    ["Ibrahim", "Ebrahim", "إبراهيم"],
    ["Kovalenko", "Kowalenko"],
    ["Yilmaz", "Yılmaz"],
    ["Hosseini", "Husseini"],
    ["Gebremedhin", "Ghebremedhin"],
]
births = st.dates(date(1950, 1, 2), date(2008, 12, 30)).filter(lambda d: (d.month, d.day) != (1, 1))


class _Rollback(Exception):
    pass


@contextmanager
def fresh():
    """Each example starts from an empty register and leaves nothing behind."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def link(**fields):
    return link_contact(identity=ContactIdentity(**fields), actor="intake")


def spelled(names, pick):
    return " ".join(variants[pick % len(variants)] for variants in names)


@settings(max_examples=60)
@given(
    st.sampled_from(GIVEN),
    st.sampled_from(FAMILY),
    births,
    st.integers(0, 9),
    st.integers(0, 9),
    st.booleans(),
    st.sampled_from(["", "SY", "ER", "AF"]),
)
def test_the_same_person_always_finds_the_same_client(
    given_name, family, born, first_pick, second_pick, family_first, nationality
):
    first = spelled([given_name, family], first_pick)
    second = spelled([family, given_name] if family_first else [given_name, family], second_pick)
    with fresh():
        client = link(name=first, birth_date=born.isoformat(), nationality=nationality).client
        again = link(name=second, birth_date=born.isoformat(), nationality=nationality)
        assert again.outcome == "linked" and again.client == client, (first, second, again.reasons)
        assert link(name=first, birth_date=born.isoformat(), nationality=nationality).client == client


@settings(max_examples=60)
@given(
    st.lists(st.sampled_from(GIVEN), min_size=2, max_size=4, unique_by=lambda g: forms(g[0]).skeleton_key),
    st.sampled_from(FAMILY),
    st.lists(births, min_size=4, max_size=4, unique=True),
    st.integers(10_000_000, 59_999_999),
    st.booleans(),
)
def test_a_family_phone_never_merges_two_people(members, family, born, number, share_email):
    phone = f"06{number}"
    email = "familie@example.net" if share_email else ""
    with fresh():
        clients = [
            link(name=f"{g[0]} {family[0]}", birth_date=b.isoformat(), phone=phone, email=email).client
            for g, b in zip(members, born)
        ]
        assert len({c.pk for c in clients}) == len(members)
        for g, b, client in zip(members, born, clients):  # each calls again from the family phone
            result = link(name=f"{g[-1]} {family[-1]}", phone=phone, email=email)
            assert result.client in (client, None)
            result = link(name=f"{g[0]} {family[0]}", birth_date=b.isoformat(), phone=phone)
            assert result.client == client
        assert link(phone=phone).outcome == "review"
        assert not ClientMerge.objects.exists()


@settings(max_examples=60)
@given(
    st.sampled_from(GIVEN),
    st.sampled_from(FAMILY),
    st.lists(births, min_size=2, max_size=5, unique=True),
    st.integers(0, 9),
)
def test_a_common_name_with_another_birth_date_never_links(given_name, family, born, pick):
    name = spelled([given_name, family], 0)
    with fresh():
        seen = set()
        for b in born:
            result = link(name=spelled([given_name, family], pick), birth_date=b.isoformat())
            assert result.client is None or result.client.pk not in seen
            if result.client:
                assert result.client.birth_date.as_date() == b
                seen.add(result.client.pk)
        alone = link(name=name)  # the name alone links to none of them
        assert alone.outcome != "linked" and (alone.client is None or alone.client.pk not in seen)


def test_transliterations_used_above_are_one_name():
    for variants in GIVEN + FAMILY:
        assert set.intersection(*({s for v in forms(name).variants for s in v} for name in variants)), variants
