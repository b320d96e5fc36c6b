"""Names: transliterations, scripts, order and particles meet; different people do not."""

import pytest
from hypothesis import given, strategies as st

from loket.clients.names import forms
from loket.clients.scoring import NAME_FLOOR
from loket.clients.similarity import name_similarity


def sim(a, b):
    return name_similarity([forms(a)], [forms(b)])


@pytest.mark.parametrize(
    "variants",
    [
        ["Mohammed", "Muhammad", "Mohamad", "Mohamed", "Muhammed", "محمد"],
        ["Youssef", "Yusuf", "Yousef", "Joesoef", "يوسف"],
        ["Khaled", "Khalid", "Chaled", "خالد"],
        ["Abdulrahman", "Abd al-Rahman", "Abdurrahman", "Abdel Rahman", "عبد الرحمن", "عبدالرحمن"],
        ["Al-Hassan", "Al Hasan", "Alhassan", "El-Hassan", "الحسن"],
        ["Oleksandr", "Олександр", "Aleksandr"],
        ["Shevchenko", "Шевченко", "Sjevtsjenko", "Schewtschenko"],
        ["Kovalenko", "Kowalenko", "Коваленко"],
    ],
)
def test_transliteration_variants_share_a_skeleton(variants):
    skeletons = {forms(v).skeleton_key for v in variants}
    assert len(skeletons) == 1, skeletons


@pytest.mark.parametrize(
    "a, b",
    [
        ("Mohammed Al-Hassan", "Hassan Muhammad"),  # order and article
        ("محمد الحسن", "Mohamed Alhassan"),  # script
        ("Fatima Youssef", "FATIMAH YUSUF"),  # case and spelling
        ("Mohammed Ali Hassan", "Mohammed Hassan"),  # a middle (father's) name left out
        ("Fatma Yilmaz", "Fatma Yilmza"),  # a typo
        ("Maryam Al Chami", "Mariam Alshami"),  # French ch = sh
        ("Riabtchenko, Valerii Arkadiovitch", "Valerii Riiabtchenko"),  # family name first, a patronymic
    ],
)
def test_same_person_written_differently_scores_high(a, b):
    assert sim(a, b) >= NAME_FLOOR


@pytest.mark.parametrize(
    "a, b",
    [
        ("Wang Lina", "Wang Jun"),  # family members
        ("Senait Weldemariam", "Yohannes Weldemariam"),
        ("Mehmet Demir", "Mustafa Demir"),
        ("Mohammed Hassan", "Ibrahim Hassan"),
        ("Mohammed Hassan", "Mohammed Ibrahim"),
    ],
)
def test_different_people_sharing_a_name_part_score_low(a, b):
    assert sim(a, b) < NAME_FLOOR


def test_a_family_name_written_first_with_a_comma_keeps_the_middle_name_in_the_middle():
    # As forms and letters write it: the patronymic is a middle name, not another person's.
    assert forms("Konovalov, Denis Andreyevich").tokens == ("denis", "andreyevich", "konovalov")
    assert sim("Konovalov, Denis Andreyevich", "Denis Konovalov") == sim(
        "Denis Andreyevich Konovalov", "Denis Konovalov"
    )


def test_similarity_is_symmetric_and_order_free():
    assert sim("Ahmed Karimi", "Karimi Ahmad") == sim("Karimi Ahmad", "Ahmed Karimi")
    assert sim("Ahmed Karimi", "Karimi Ahmed") == 1.0


def test_script_is_recorded():
    assert forms("محمد").script == "Arab"
    assert forms("Олександр").script == "Cyrl"
    assert forms("Mohammed").script == "Latn"


_PARTS = ["Mohammed", "محمد", "Al-Hassan", "el Amin", "Abd al-Rahman", "Nataliya", "Ivanova", "O'Brien", "  ", "Ali"]


@given(
    st.lists(st.lists(st.sampled_from(_PARTS), min_size=1, max_size=3).map(" ".join), max_size=4),
    st.sampled_from([None, 1990, 2001]),
)
def test_a_clients_keys_are_the_union_of_its_names_keys(names, year):
    """An import keeps each name's blocking keys and unites them per client: that must be
    exactly the keys of all the client's names worked out together."""
    from loket.clients import blocking

    together = blocking.client_keys([forms(n) for n in names], year)
    assert blocking.keys_of_names(names, year) == together
    assert blocking.keys_of_names(names[::-1], year) == together
