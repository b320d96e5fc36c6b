"""Linking a contact to a client: exact identifiers, scores, the review band, and the rules
that keep different people apart."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from loket.clients.models import Client, ClientBlockingKey, ClientMerge, ReviewItem
from loket.clients.services import (
    ContactIdentity,
    InvalidIdentity,
    link_contact,
    register_client,
    register_representative,
    set_representative,
)
from loket.core.audit_models import AuditEntry

pytestmark = pytest.mark.django_db

AHMED = dict(name="Ahmed Al-Hassan", birth_date="1988-03-14", nationality="SY")


def test_first_contact_makes_a_client_with_everything_it_said(link):
    result = link(
        **AHMED,
        v_number="12-3456-7890",
        phone="06-12345678",
        email="Ahmed <A.Hassan@Example.org>",
        case_ref="zk 2024 001",
        language="ar",
    )
    assert result.outcome == "new"
    client = result.client
    assert client.v_number == "1234567890"
    assert str(client.birth_date) == "1988-03-14"
    assert [n.full_name for n in client.names.all()] == ["Ahmed Al-Hassan"]
    assert list(client.phones.values_list("number", flat=True)) == ["+31612345678"]
    assert list(client.emails.values_list("address", flat=True)) == ["a.hassan@example.org"]
    assert list(client.case_refs.values_list("reference", flat=True)) == ["ZK2024001"]
    assert client.language == "ar" and client.nationality == "SY"
    assert ClientBlockingKey.objects.filter(client=client).exists()
    assert AuditEntry.objects.filter(action="clients.client.created", object_id=str(client.pk)).exists()


@pytest.mark.parametrize(
    "field, first, later",
    [
        ("v_number", "1234567890", "V12-3456-7890"),
        ("case_ref", "ZK-2024-001", "zk-2024-001"),
        ("email", "ahmed@example.org", "AHMED@example.org"),
        ("phone", "0612345678", "+31 6 1234 5678"),
    ],
)
def test_exact_identifier_links_and_says_so(link, field, first, later):
    client = link(**AHMED, **{field: first}).client
    result = link(name="Achmed Hassan", **{field: later})
    assert result.outcome == "linked" and result.client == client
    assert result.reasons[0] == f"{field} exact"


def test_transliterated_name_with_birth_date_links_with_reasons(link):
    client = link(name="محمد الحسن", birth_date="1990-05-01", nationality="SY").client
    result = link(name="Muhammad Hasan", birth_date="1990-05-01")
    assert result.outcome == "linked" and result.client == client
    assert result.reasons[0].startswith("name ~") and "birth date" in result.reasons
    assert sorted(client.names.values_list("full_name", flat=True)) == ["Muhammad Hasan", "محمد الحسن"]


def test_linking_adds_what_the_client_lacked(link):
    client = link(name="Ahmed Al-Hassan", birth_date="1988", nationality="SY").client
    link(name="Ahmed Alhassan", birth_date="1988-03-14", nationality="SY", v_number="1234567890", language="ar")
    client.refresh_from_db()
    assert str(client.birth_date) == "1988-03-14" and client.v_number == "1234567890"


def test_a_name_alone_never_links(link):
    link(**AHMED)
    result = link(name="Ahmed Al-Hassan")
    assert result.outcome == "review" and result.client is None
    assert "birth date unknown" in result.reasons
    assert ReviewItem.objects.get().candidates.count() == 1


def test_common_name_with_a_different_birth_date_is_someone_else(link):
    first = link(name="Mohammed Ali", birth_date="1990-02-03").client
    result = link(name="Mohammed Ali", birth_date="1991-02-03")
    assert result.outcome == "new" and result.client != first


def test_conflicting_full_birth_date_never_links_even_on_a_family_phone(link):
    first = link(name="Mohammed Ali", birth_date="1990-02-03", phone="0612345678").client
    result = link(name="Mohammed Ali", birth_date="1990-03-02", phone="0612345678")
    assert result.outcome != "linked" or result.client != first


def test_year_only_and_placeholder_dates_are_compatible(link):
    client = link(name="Senait Tesfamariam", birth_date="1995-01-01", nationality="ER").client
    assert link(name="Senait Tesfamariam", birth_date="1995", nationality="ER").client == client
    assert link(name="Senait Tesfamariam", birth_date="1995-08-17", nationality="ER").client == client
    assert link(name="Senayt Tesfamariam", birth_date="1995", nationality="ER").client == client


def test_a_year_alone_links_only_a_rare_name(link):
    for year in range(1950, 1990):  # forty namesakes on file, born in other years
        register_client(identity=ContactIdentity(name="Mohammed Hassan", birth_date=str(year)), actor="counter")
    client = register_client(
        identity=ContactIdentity(name="Mohammed Hassan", birth_date="1995-01-01", nationality="SY"), actor="counter"
    )
    result = link(name="Mohamed Hasan", birth_date="1995", nationality="SY")
    assert result.outcome == "review" and "common name" in result.reasons
    assert result.candidates[0].client == client
    assert link(name="Mohamed Hasan", birth_date="1996-03-04", nationality="SY").outcome == "new"


def test_family_phone_is_not_an_identifier_and_never_merges(link):
    mother = link(name="Fatima Hassan", birth_date="1970-04-04", phone="0611111111").client
    son = link(name="Omar Hassan", birth_date="1999-09-09", phone="0611111111")
    assert son.outcome == "new" and son.client != mother
    again = link(name="Omar Hassan", birth_date="1999-09-09", phone="06 1111 1111")
    assert again.client == son.client
    assert not ClientMerge.objects.exists()
    nameless = link(phone="0611111111")
    assert nameless.outcome == "review"
    assert {c.client for c in nameless.candidates} == {mother, son.client}


def test_shared_family_email_supports_a_matching_name(link):
    link(name="Fatima Hassan", birth_date="1970-04-04", email="familie.hassan@example.net")
    son = link(name="Omar Hassan", birth_date="1999-09-09", email="familie.hassan@example.net").client
    result = link(name="Omar Hasan", email="familie.hassan@example.net")
    assert result.outcome == "linked" and result.client == son
    assert "shared contact detail" in result.reasons


def test_representative_address_is_never_an_identifier(link, agent):
    register_representative(
        name="Mr. Jansen", organisation="Jansen Advocaten", email="Jansen@Advocaat.example.nl", actor=agent
    )
    first = link(name="Ahmed Al-Hassan", birth_date="1988-03-14", email="jansen@advocaat.example.nl").client
    assert not first.emails.exists()  # the lawyer's address is not the client's
    result = link(name="Yonas Berhe", email="jansen@advocaat.example.nl")
    assert result.outcome == "new" and result.client != first


def test_v_number_of_one_and_phone_of_another_merges_them(link):
    a = link(name="Khaled Ibrahim", v_number="1111111111").client
    # registered by hand at the counter, without matching: the same man, on file twice
    b = register_client(
        identity=ContactIdentity(name="Chaled Ebrahim", birth_date="1980-01-20", phone="0622222222"), actor="counter"
    )
    result = link(name="Khalid Ibrahim", v_number="1111111111", phone="06-22222222")
    assert result.outcome == "linked" and result.client == a
    assert "clients merged" in result.reasons
    b.refresh_from_db()
    assert b.merged_into == a and b.resolved() == a
    merge = ClientMerge.objects.get()
    assert merge.automatic and merge.keep == a and merge.merged == b
    a.refresh_from_db()
    assert "+31622222222" in a.phones.values_list("number", flat=True)
    assert str(a.birth_date) == "1980-01-20"


def test_two_v_numbers_are_two_people_even_when_a_contact_mixes_them(link):
    a = link(name="Khaled Ibrahim", birth_date="1980", v_number="1111111111").client
    b = link(name="Khaled Ibrahim", birth_date="1985", v_number="2222222222", phone="0622222222").client
    assert b != a
    result = link(name="Khaled Ibrahim", v_number="1111111111", phone="0622222222")
    assert result.outcome == "review"
    assert {c.client for c in result.candidates} == {a, b}
    assert not ClientMerge.objects.exists()


def test_two_candidates_too_close_to_call_go_to_review(link):
    link(name="Mohammed Hassan", birth_date="1990-06-01", nationality="SY")
    link(name="Mohammed Hassan", birth_date="1990-08-09", nationality="SY")
    result = link(name="Mohamed Hasan", birth_date="1990", nationality="SY")
    assert result.outcome == "review"
    assert "two candidates too close to call" in result.reasons


def test_create_false_writes_nothing(link):
    link(**AHMED)
    before = (Client.objects.count(), ReviewItem.objects.count(), AuditEntry.objects.count())
    assert link(name="Someone Else", birth_date="1970", create=False).outcome == "new"
    assert link(name="Ahmed Al-Hassan", create=False).outcome == "review"
    assert (Client.objects.count(), ReviewItem.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("v_number", "12345A7890", "only digits"),
        ("v_number", "123456789", "10 digits"),
        ("birth_date", "2023-02-30", "not a date that exists"),
        ("nationality", "Syria", "two-letter country code"),
    ],
)
def test_bad_input_is_refused_per_field_and_stores_nothing(link, field, value, message):
    with pytest.raises(InvalidIdentity) as caught:
        link(name="Ahmed", **{field: value})
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, ValidationError)
    assert message in " ".join(caught.value.message_dict[field])
    assert not Client.objects.exists() and not AuditEntry.objects.exists()


def test_staff_without_a_client_role_may_not_link(make_user):
    from loket.core.roles import Role

    officer = make_user(Role.DECISION_OFFICER)
    with pytest.raises(PermissionDenied):
        link_contact(identity=ContactIdentity(name="Ahmed"), actor=officer)


def test_matching_reads_candidates_through_blocking_keys_only(link, django_assert_max_num_queries):
    for i in range(30):
        link(name=f"Person{chr(65 + i % 26)}{i} Example{i}", birth_date=f"{1950 + i}-02-03")
    link(**AHMED)
    from loket.clients.services import decide, parse_identity

    with django_assert_max_num_queries(4):  # blocking keys, how common the name is, two for candidates
        decision = decide(parse_identity(ContactIdentity(name="Achmed Alhassan", birth_date="1988-03-14")))
    assert decision.outcome == "linked"


def test_a_representative_writing_for_a_client_is_matched_on_the_client(link, agent):
    rep = register_representative(
        name="Mr. Jansen", email="jansen@advocaat.example.nl", phone="020-1234567", actor=agent
    )
    ahmed = register_client(identity=ContactIdentity(name="Ahmed Al-Hassan", birth_date="1988-03-14"), actor="counter")
    set_representative(client=ahmed, representative=rep, actor=agent, reason="authorisation received")
    result = link(name="Ahmed Alhassan", email="jansen@advocaat.example.nl")
    assert result.outcome == "linked" and result.client == ahmed
    assert "shared contact detail" in result.reasons
    assert not ahmed.emails.exists()


def test_representative_needs_a_name_and_valid_details(agent):
    with pytest.raises(ValidationError) as caught:
        register_representative(name="", email="jansen@", phone="12", actor=agent)
    assert set(caught.value.message_dict) == {"name", "email", "phone"}


def test_a_batch_links_in_order_and_reports_bad_identities_in_place(agent):
    from loket.clients.services import link_contacts

    results = link_contacts(
        actor="import",
        sources=["C1", "C2", "C3"],
        identities=[
            ContactIdentity(name="Ahmed Al-Hassan", birth_date="1988-03-14", v_number="1234567890"),
            ContactIdentity(name="Ahmed", birth_date="2023-02-30"),
            ContactIdentity(name="Achmed Alhassan", v_number="V12-3456-7890"),
        ],
    )
    assert results[0].outcome == "new"
    assert isinstance(results[1], InvalidIdentity) and "birth_date" in results[1].message_dict
    assert results[2].outcome == "linked" and results[2].client == results[0].client
    assert Client.objects.count() == 1
