"""Scoring shortcuts must not change a single score (hypothesis over generated names and
profiles): the quick paths for short names equal the general alignment, and a candidate
left out before scoring could never have reached the review band."""

import pytest
from hypothesis import given, settings, strategies as st

from loket.clients import scoring, similarity
from loket.clients.names import forms
from loket.clients.parsing import UNKNOWN_DATE, PartialDate
from loket.clients.scoring import REVIEW_THRESHOLD, Profile, out_of_reach, score

# tokens close to each other and far apart, in Latin and Arabic script, and particles
TOKENS = [
    "Mohammed",
    "Muhammad",
    "Mohamad",
    "محمد",
    "Hassan",
    "Hasan",
    "Hussein",
    "Ali",
    "Aly",
    "Alia",
    "Fatima",
    "Fatma",
    "Ahmed",
    "Achmed",
    "Yusuf",
    "Youssef",
    "Nataliya",
    "Nataliia",
    "Kovalenko",
    "al",
    "Abdulrahman",
    "Abd",
    "Rahman",
    "Senait",
    "Tesfaye",
    "Reza",
    "رضا",
    "Ibrahim",
    "Qasim",
    "Kasim",
]
names = st.lists(
    st.sampled_from(TOKENS) | st.text("abdehiklmnorstuyz", min_size=1, max_size=8), min_size=1, max_size=5
).map(" ".join)
dates = st.one_of(
    st.just(UNKNOWN_DATE),
    st.builds(PartialDate, st.integers(1985, 1988)),
    st.builds(PartialDate, st.integers(1985, 1988), st.integers(1, 12), st.integers(1, 28)),
    st.builds(lambda y: PartialDate(y, 1, 1, placeholder=True), st.integers(1985, 1988)),
)
details = st.frozensets(st.sampled_from(["+31612345678", "+31687654321", "a@example.org", "b@example.org"]), max_size=2)
profiles = st.builds(
    lambda ns, birth, nationality, held: Profile.build(
        names=ns,
        birth=birth,
        nationality=nationality,
        phones=[d for d in held if d.startswith("+")],
        emails=[d for d in held if "@" in d],
    ),
    st.lists(names, max_size=3),
    dates,
    st.sampled_from(["", "SY", "IQ"]),
    details,
)


@settings(max_examples=400)
@given(names, names)
def test_quick_alignment_of_short_names_equals_the_general_one(left, right):
    a, b = forms(left), forms(right)
    n, m = len(a.tokens), len(b.tokens)
    if n and m:
        assert similarity._pair_similarity(a, b) == similarity._aligned(similarity._token_sims(a, b), n, m)


@settings(max_examples=1000)
@given(st.integers(1, 4), st.integers(1, 4), st.data())
def test_quick_combination_of_any_token_similarities_equals_the_general_one(n, m, data):
    """Ties included (few distinct values): the quick ways for short names must pick the
    same pairs as the general alignment, to the last bit."""
    sims = data.draw(
        st.lists(st.sampled_from([0.0, 0.25, 0.5, 0.8125, 0.9, 1.0]) | st.floats(0, 1), min_size=n * m, max_size=n * m)
    )
    assert similarity._combined(sims, n, m) == similarity._aligned(sims, n, m)


@settings(max_examples=400)
@given(profiles, profiles, details)
def test_a_candidate_left_out_before_scoring_could_not_reach_review(incoming, candidate, crowded):
    if out_of_reach(incoming, candidate):
        assert score(incoming, candidate, crowded=crowded).score < REVIEW_THRESHOLD


def test_a_conflicting_birth_date_on_a_shared_family_phone_is_still_scored():
    born = PartialDate(1986, 3, 4)
    incoming = Profile.build(names=["Mohammed Hassan"], birth=born, phones=["+31612345678"])
    sister = Profile.build(names=["Mohammed Hassan"], birth=PartialDate(1986, 4, 3), phones=["+31612345678"])
    namesake = Profile.build(names=["Mohammed Hassan"], birth=PartialDate(1986, 4, 3))
    assert not out_of_reach(incoming, sister)
    assert score(incoming, sister).score >= REVIEW_THRESHOLD  # a typo in the date? an agent looks
    assert out_of_reach(incoming, namesake)


def test_a_widely_shared_phone_keeps_a_nearly_alike_name_within_reach():
    """A lawyer's phone (crowded) adds a little; with a name nearly alike (0.70-0.78) that
    reaches the review band even when the birth dates conflict, so the candidate must be
    scored (hypothesis found this one)."""
    lawyer = "+31201234567"
    incoming = Profile.build(
        names=["Mohammed Hassan"], birth=PartialDate(1986, 3, 4), nationality="SY", phones=[lawyer]
    )
    candidate = Profile.build(names=["Ahmed Hassan"], birth=PartialDate(1986, 4, 3), nationality="SY", phones=[lawyer])
    crowded = frozenset({lawyer})
    assert score(incoming, candidate, crowded=crowded).score >= REVIEW_THRESHOLD
    assert not out_of_reach(incoming, candidate)
    assert scoring.score_within_reach(incoming, candidate, crowded=crowded) == score(
        incoming, candidate, crowded=crowded
    )


@settings(max_examples=400)
@given(profiles, profiles, details, st.sampled_from([None, 1, 4, 50]))
def test_scoring_within_reach_is_scoring_after_the_out_of_reach_check(incoming, candidate, crowded, count):
    expected = (
        None if out_of_reach(incoming, candidate) else score(incoming, candidate, crowded=crowded, name_count=count)
    )
    assert scoring.score_within_reach(incoming, candidate, crowded=crowded, name_count=count) == expected


def _respelled(name: str, style: int) -> str:
    """The same name as another form may write it: case, spaces, hyphens, an article."""
    return [name.upper(), f"  {name.lower()} ", name.replace(" ", "-"), f"al-{name}", f"{name}."][style]


@settings(max_examples=400)
@given(names, st.integers(0, 4), names)
def test_names_with_the_same_key_compare_alike_with_every_name(name, style, other):
    """The remembered similarities are kept by ``NameForms.key``: whatever gives two names
    the same key must give them the same similarity with any third name."""
    a, b, c = forms(name), forms(_respelled(name, style)), forms(other)
    if a.key == b.key:
        assert similarity._pair_similarity(a, c) == similarity._pair_similarity(b, c)
        assert similarity._pair_similarity(c, a) == similarity._pair_similarity(c, b)


@settings(max_examples=300)
@given(st.lists(names, min_size=1, max_size=2), st.lists(names, min_size=1, max_size=3))
def test_a_remembered_name_similarity_is_the_one_computed_afresh(left, right):
    a, b = [forms(n) for n in left], [forms(n) for n in right]
    remembered = similarity.name_similarity(a, b)
    similarity._PAIRS.clear()
    afresh = max(similarity._pair_similarity(x, y) for x in a for y in b)
    assert similarity.name_similarity(a, b) == afresh == remembered


def test_a_different_script_gives_a_different_key():
    """Vowelless scripts compare on consonants alone: the key must tell them apart from a
    Latin name with the same tokens."""
    arabic, latin = forms("محمد"), forms(" ".join(forms("محمد").tokens))
    assert arabic.tokens == latin.tokens and arabic.key != latin.key


def _compatible_as_defined(a: PartialDate, b: PartialDate) -> str:
    """PartialDate.compatible as its docstring defines it, in terms of ``known`` and ``is_full``."""
    if not (a.known and b.known):
        return "unknown"
    if a.year != b.year:
        return "conflict"
    if a.is_full and b.is_full:
        return "exact" if (a.month, a.day) == (b.month, b.day) else "conflict"
    mine, theirs = (None if a.placeholder else a.month), (None if b.placeholder else b.month)
    return "conflict" if mine is not None and theirs is not None and mine != theirs else "year"


partial_dates = st.builds(
    PartialDate,
    st.none() | st.integers(1985, 1986),
    st.none() | st.integers(1, 2),
    st.none() | st.integers(1, 2),
    st.booleans(),
)


@settings(max_examples=500)
@given(partial_dates, partial_dates)
def test_birth_dates_compare_as_defined(a, b):
    assert a.compatible(b) == _compatible_as_defined(a, b)


def _remembered() -> int:
    return sum(len(row) for row in similarity._PAIRS.values())


@pytest.mark.django_db  # a linking session asks the database whether it may listen (PostgreSQL)
def test_linking_one_contact_at_a_time_keeps_few_comparisons(monkeypatch):
    """A web process links one contact at a time: its table of name comparisons stays small
    (a server runs many such processes). An import keeps many, and lets them go after."""
    from loket.clients.services import link_session

    monkeypatch.setitem(similarity._kept, "names", 6)
    monkeypatch.setattr(similarity, "KEPT_IN_IMPORT", {**similarity.KEPT_IN_IMPORT, "names": 1000})
    similarity._PAIRS.clear()
    monkeypatch.setattr(similarity, "_pairs_kept", 0)
    others = [forms(f"{a} {b}") for a in TOKENS[:6] for b in TOKENS[6:12]]
    senders = [f"{a} {b}" for a in TOKENS[12:17] for b in TOKENS[17:19]]

    def compare(sender):
        for other in others:
            similarity.name_similarity([forms(sender)], [other])

    for sender in senders:
        compare(sender)
        assert _remembered() <= 6 + len(others)  # checked as each sender's row begins
    with link_session():
        for sender in senders:
            compare(sender)
        assert _remembered() == len(senders) * len(others)
        assert similarity.name_similarity([forms(senders[0])], [others[0]]) == similarity._pair_similarity(
            forms(senders[0]), others[0]
        )
    assert _remembered() == 0  # the import's comparisons are let go
    assert similarity._kept["names"] == 6
