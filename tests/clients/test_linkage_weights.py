"""The Fellegi–Sunter weights (loket/clients/linkage.py): levels, estimation, thresholds."""

import random
from collections import Counter

from hypothesis import given, settings, strategies as st

from loket.clients.linkage import COMPARISONS, LEVELS, NULL, Weights, birth_level, compare, score_pair
from loket.clients.linkage_fit import choose_thresholds, estimate_m, estimate_u, per_group
from loket.clients.parsing import parse_birth_date
from loket.clients.scoring import Profile

TRUE_M = {
    "name": [0.6, 0.2, 0.1, 0.05, 0.03, 0.02],
    "birth": [0.7, 0.03, 0.12, 0.04, 0.05, 0.03, 0.03],
    "nationality": [0.95, 0.05],
    "phone": [0.5, 0.05, 0.45],
    "email": [0.45, 0.05, 0.5],
}
TRUE_U = {
    "name": [0.05, 0.1, 0.15, 0.2, 0.2, 0.3],  # blocked pairs: names alike by construction
    "birth": [0.002, 0.001, 0.03, 0.05, 0.817, 0.05, 0.05],
    "nationality": [0.5, 0.5],
    "phone": [0.01, 0.02, 0.97],
    "email": [0.01, 0.01, 0.98],
}


def _draw(rng, probabilities, missing=0.2):
    return NULL if rng.random() < missing else rng.choices(range(len(probabilities)), probabilities)[0]


def _simulate(rng, n, share):
    matches, pairs = 0, Counter()
    for _ in range(n):
        match = rng.random() < share
        matches += match
        table = TRUE_M if match else TRUE_U
        pairs[tuple(_draw(rng, table[c]) for c in COMPARISONS)] += 1
    return pairs, matches


def test_expectation_maximisation_recovers_the_parameters_that_made_the_pairs():
    rng = random.Random(3)
    pairs, matches = _simulate(rng, 40_000, 0.3)
    randoms = (tuple(_draw(rng, TRUE_U[c]) for c in COMPARISONS) for _ in range(40_000))
    u, n = estimate_u(randoms)
    assert n == 40_000
    w = estimate_m(pairs, u)
    assert abs(w.prior - matches / 40_000) < 0.02
    for comparison in ("birth", "phone", "email"):  # birth: within its groups of levels
        for got, want in zip(w.m[comparison], per_group(comparison, TRUE_M[comparison]), strict=True):
            assert abs(got - want) < 0.03, (comparison, w.m[comparison])


def test_the_link_threshold_keeps_the_expected_precision_of_linked_pairs():
    rng = random.Random(5)
    pairs, _ = _simulate(rng, 20_000, 0.3)
    w = estimate_m(pairs, {c: list(v) for c, v in TRUE_U.items()})
    choose_thresholds(w, pairs, precision=0.99)
    linked = [(w.probability(v), n) for v, n in pairs.items() if w.probability(v) >= w.link_threshold]
    expected_wrong = sum((1 - p) * n for p, n in linked)
    assert expected_wrong / sum(n for _, n in linked) <= 0.01
    assert 0.5 <= w.link_threshold < 1


def test_agreement_weighs_for_one_person_and_disagreement_against():
    w = Weights.initial()
    for comparison, levels in LEVELS.items():
        assert w.level_weight(comparison, 0) > 0, comparison
        assert w.level_weight(comparison, len(levels) - 1) < 0, comparison


def test_a_missing_field_adds_nothing():
    w = Weights.initial()
    base = w.match_weight((0, NULL, NULL, NULL, NULL))
    assert w.match_weight((0, NULL, NULL, NULL, NULL)) == base
    assert w.match_weight((0, 0, NULL, NULL, NULL)) > base
    assert w.match_weight((0, 4, NULL, NULL, NULL)) < base


def test_birth_levels_tell_a_swapped_day_and_month_and_a_year_apart():
    d = parse_birth_date
    assert birth_level(d("1990-05-03"), d("1990-05-03")) == 0
    assert birth_level(d("1990-05-03"), d("1990-03-05")) == 1
    assert birth_level(d("1990"), d("1990-03-05")) == 2
    assert birth_level(d("1991-05-03"), d("1990-05-03")) == 3
    assert birth_level(d("1970-05-03"), d("1990-05-03")) == 4
    assert birth_level(d("1991"), d("1990-05-03")) == 5
    assert birth_level(d("1970"), d("1990-05-03")) == 6
    assert birth_level(d(""), d("1990-05-03")) == NULL


def test_weights_survive_storage():
    w = choose_thresholds(Weights.initial(), Counter({(0, 0, 0, NULL, NULL): 10}))
    again = Weights.from_json(w.as_json())
    assert again.match_weight((0, 0, 0, NULL, NULL)) == w.match_weight((0, 0, 0, NULL, NULL))
    assert again.link_threshold == w.link_threshold


@settings(max_examples=200)
@given(st.tuples(*(st.integers(min_value=-1, max_value=len(levels) - 1) for levels in LEVELS.values())))
def test_the_probability_is_a_probability_and_rises_with_the_weight(vector):
    w = Weights.initial()
    p = w.probability(vector)
    assert 0.0 <= p <= 1.0
    better = (0, *vector[1:])
    assert w.probability(better) >= p or vector[0] == NULL


def test_a_pair_that_cannot_reach_review_is_not_compared_by_name():
    w = Weights.initial()
    sender = Profile.build(names=["Mohammed Al-Hassan"], birth=parse_birth_date("1980-01-02"), phones=["+31611111111"])
    other = Profile.build(names=["Mohammed Al-Hassan"], birth=parse_birth_date("1955-07-08"), phones=["+31622222222"])
    assert score_pair(w, sender, other) is None
    same = Profile.build(names=["Muhammad Alhassan"], birth=parse_birth_date("1980-01-02"), phones=["+31611111111"])
    linked = score_pair(w, sender, same)
    assert linked is not None and linked.score > 0.99
    assert linked.vector == compare(sender, same)
    assert "birth date" in linked.reasons and linked.reasons[-1].startswith("probability")


def _estimated(**changes) -> Weights:
    """Weights as an estimate on a register of 1,000 clients leaves them."""
    w = Weights.initial()
    w.clients, w.name_share, w.prior, w.link_threshold = 1000, 0.002, 0.008, 0.9
    for key, value in changes.items():
        setattr(w, key, value)
    return w


def test_agreeing_names_weigh_by_how_common_the_name_is_in_the_register():
    w = _estimated()
    sender = Profile.build(names=["Mohammed Hassan"], birth=parse_birth_date("1990"), nationality="SY")
    client = Profile.build(names=["Mohamed Hasan"], birth=parse_birth_date("1990-04-05"), nationality="SY")
    rare, common = score_pair(w, sender, client, name_count=1), score_pair(w, sender, client, name_count=40)
    assert w.name_adjustment(1) > 0 > w.name_adjustment(40)
    assert rare.score >= w.link_threshold > common.score
    assert "common name" in common.reasons and "common name" not in rare.reasons
    assert Weights.initial().name_adjustment(1) == 0.0  # no register counted before an estimate


def test_nationality_is_not_counted_twice_where_the_names_agree():
    w = _estimated(u_named={"nationality": [0.6, 0.4]})
    assert w.level_weight("nationality", 0, named=True) < w.level_weight("nationality", 0)
    gained = w.match_weight((0, NULL, 0, NULL, NULL)) - w.match_weight((0, NULL, NULL, NULL, NULL))
    assert abs(gained - w.level_weight("nationality", 0, named=True)) < 1e-9
    assert Weights.from_json(w.as_json()).u_named == w.u_named
