"""The review band starts where the sender is more likely than not the client on file
(``linkage.REVIEW_FLOOR``): below it a client of their own is made, not an agent's task."""

from loket.clients.linkage import REVIEW_FLOOR, Weights
from loket.clients.linkage_fit import choose_thresholds
from loket.clients.models import Client, LinkageEstimate
from loket.clients.review_models import ReviewItem
from loket.clients.services.estimation import current_weights, forget_current


def _on_file(link):
    return link(name="Mohammed Al-Hassan", birth_date="1980-01-02", phone="+31611111111").client


def test_a_sender_less_likely_than_not_on_file_gets_a_client_of_their_own(link):
    on_file = _on_file(link)
    result = link(name="Muhammad Hasan")
    # the best candidate was worth an agent's look once (probability 0.39), but less than even
    assert result.outcome == "new" and result.reasons == ["best candidate 0.39"]
    assert result.client is not None and result.client.pk != on_file.pk
    assert result.client.names.get().full_name == "Muhammad Hasan"
    assert not ReviewItem.objects.exists()


def test_a_sender_more_likely_than_not_on_file_waits_for_an_agent(link):
    on_file = _on_file(link)
    result = link(name="Mohammed Al-Hassani")
    assert result.outcome == "review" and result.client is None
    assert REVIEW_FLOOR <= result.score < current_weights().link_threshold
    assert [c.client.pk for c in result.candidates] == [on_file.pk]
    assert Client.objects.count() == 1


def test_an_older_estimate_is_read_with_todays_review_floor(db):
    older = choose_thresholds(Weights.initial(), {}).as_json() | {"link_threshold": 0.9, "review_threshold": 0.2}
    LinkageEstimate.objects.create(contacts=500, clients=300, weights=older)
    forget_current()
    try:
        weights = current_weights()
        assert weights.link_threshold == 0.9 and weights.review_threshold == REVIEW_FLOOR == 0.5
    finally:
        forget_current()
