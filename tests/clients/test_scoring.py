"""Scoring shortcuts must not change a single score (hypothesis over generated names and
profiles): the quick paths for short names equal the general alignment, and a candidate
left out before scoring could never have reached the review band."""
from hypothesis import given, settings, strategies as st

from loket.clients import scoring
from loket.clients.names import forms
from loket.clients.parsing import UNKNOWN_DATE, PartialDate
from loket.clients.scoring import REVIEW_THRESHOLD, Profile, out_of_reach, score

# tokens close to each other and far apart, in Latin and Arabic script, and particles
TOKENS = ["Mohammed", "Muhammad", "Mohamad", "محمد", "Hassan", "Hasan", "Hussein", "Ali", "Aly", "Alia",
          "Fatima", "Fatma", "Ahmed", "Achmed", "Yusuf", "Youssef", "Nataliya", "Nataliia", "Kovalenko",
          "al", "Abdulrahman", "Abd", "Rahman", "Senait", "Tesfaye", "Reza", "رضا", "Ibrahim", "Qasim", "Kasim"]
names = st.lists(st.sampled_from(TOKENS) | st.text("abdehiklmnorstuyz", min_size=1, max_size=8),
                 min_size=1, max_size=5).map(" ".join)
dates = st.one_of(
    st.just(UNKNOWN_DATE),
    st.builds(PartialDate, st.integers(1985, 1988)),
    st.builds(PartialDate, st.integers(1985, 1988), st.integers(1, 12), st.integers(1, 28)),
    st.builds(lambda y: PartialDate(y, 1, 1, placeholder=True), st.integers(1985, 1988)))
details = st.frozensets(st.sampled_from(["+31612345678", "+31687654321", "a@example.org", "b@example.org"]),
                        max_size=2)
profiles = st.builds(
    lambda ns, birth, nationality, held: Profile.build(
        names=ns, birth=birth, nationality=nationality,
        phones=[d for d in held if d.startswith("+")], emails=[d for d in held if "@" in d]),
    st.lists(names, max_size=3), dates, st.sampled_from(["", "SY", "IQ"]), details)


@settings(max_examples=400)
@given(names, names)
def test_quick_alignment_of_short_names_equals_the_general_one(left, right):
    a, b = forms(left), forms(right)
    n, m = len(a.tokens), len(b.tokens)
    if n and m:
        assert scoring._pair_similarity(a, b) == scoring._aligned(scoring._token_sims(a, b), n, m)


@settings(max_examples=400)
@given(profiles, profiles, details)
def test_a_candidate_left_out_before_scoring_could_not_reach_review(incoming, candidate, crowded):
    if out_of_reach(incoming, candidate, crowded=crowded):
        assert score(incoming, candidate, crowded=crowded).score < REVIEW_THRESHOLD


def test_a_conflicting_birth_date_on_a_shared_family_phone_is_still_scored():
    born = PartialDate(1986, 3, 4)
    incoming = Profile.build(names=["Mohammed Hassan"], birth=born, phones=["+31612345678"])
    sister = Profile.build(names=["Mohammed Hassan"], birth=PartialDate(1986, 4, 3), phones=["+31612345678"])
    namesake = Profile.build(names=["Mohammed Hassan"], birth=PartialDate(1986, 4, 3))
    assert not out_of_reach(incoming, sister)
    assert score(incoming, sister).score >= REVIEW_THRESHOLD  # a typo in the date? an agent looks
    assert out_of_reach(incoming, namesake)
    assert out_of_reach(incoming, sister, crowded=frozenset({"+31612345678"}))
