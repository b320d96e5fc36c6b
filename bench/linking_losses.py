"""Why a contact of a person already on file was not linked to them (bench/contact_matching.py).

For every contact whose person already had a client when it arrived and that did not end on
that client automatically, one cause is counted:

* ``not_blocked``: the person's client was not among the candidates at all (neither found by
  a blocking key nor holding the contact's phone number or e-mail address), with a sub-cause
  read off the two (no name, no year of birth, the year differs, no name token in common
  after folding, the client's year unknown, ...);
* ``scored_out``: a candidate, but the score left it below the review band (or a hard rule
  left it out without comparing names);
* ``review``: sent to the review queue (``review_true_shown``: the person's client among the
  candidates shown);
* ``below_link``: a candidate scored in the review band that still became a new client;
* ``wrong_client``: linked, but to another person's client.
"""

from __future__ import annotations

from collections import Counter


def _years(profile) -> int | None:
    return profile.birth.year


def _not_blocked_cause(incoming, parsed, clients) -> str:
    if not incoming.names:
        return "contact without a name"
    if not any(p.names for p in clients):
        return "client without a name"
    year = parsed.birth.year
    tokens = {s for f in incoming.names for v in f.variants for s in v}
    shared = any(tokens & {s for f in p.names for v in f.variants for s in v} for p in clients)
    if not shared:
        return "no name skeleton in common"
    if not year:
        return "contact without a birth year (pair keys missed)"
    years = {_years(p) for p in clients}
    if None in years:
        return "client without a birth year (pair keys missed)"
    if year not in years:
        return "birth year differs"
    return "other (posting cut or ranking)"


def _coarse(reason: str) -> str:
    """A reason "name ~0.93" as its comparison level ("name ≥ 0.92"), so that the reviews group."""
    from loket.clients.linkage import LEVELS, name_level

    if reason.startswith("name ~"):
        return "name " + LEVELS["name"][name_level(float(reason[6:]))]
    return reason


class Losses:
    """Counts the causes while the contacts are linked (``observe`` after each contact)."""

    def __init__(self, identity_of):
        self.identity_of = identity_of
        self.causes: Counter = Counter()
        self.details: Counter = Counter()
        self.examples: dict[str, list] = {}

    def observe(self, contact: dict, result, true_clients: list[int]) -> None:
        """``true_clients``: the clients that held the contact's person before it came."""
        from django.conf import settings

        from loket.clients import blocking, selectors
        from loket.clients.linkage import NAME_COUNT_ENOUGH, score_pair
        from loket.clients.services.estimation import current_weights
        from loket.clients.services.identity import InvalidIdentity, parse_identity

        if not true_clients:
            return
        if result.outcome == "linked":
            if result.client.resolved().pk not in true_clients:
                self.causes["wrong_client"] += 1
            return
        if result.outcome == "review":
            shown = {c.client_id for c in result.candidates}
            self.causes["review_true_shown" if shown & set(true_clients) else "review_true_not_shown"] += 1
            best = result.candidates[0] if result.candidates else None
            top = "true first" if best is not None and best.client_id in true_clients else "other first"
            words = [_coarse(r) for r in result.reasons if not r.startswith("prob")]
            self.details[f"review ({top}): " + "; ".join(words)] += 1
            return
        try:
            parsed = parse_identity(self.identity_of(contact))
        except InvalidIdentity:
            self.causes["unreadable"] += 1
            return
        incoming = parsed.profile()
        hits = selectors.exact_hits(phone=parsed.phone, email=parsed.email)
        found = set(blocking.candidate_ids(parsed.match_keys)) | set(hits.phone) | set(hits.email)
        profiles = {cid: d.profile() for cid, d in selectors.client_details(true_clients).items()}
        if not found & set(true_clients):
            cause = _not_blocked_cause(incoming, parsed, list(profiles.values()))
            self.causes["not_blocked"] += 1
            self.details[cause] += 1
            self._example(cause, contact, profiles)
            return
        if settings.CLIENT_MATCHER != "fellegi-sunter":
            self.causes["scored_out"] += 1
            return
        weights = current_weights()
        count = None  # how common the name is, as matching counts it (term frequency)
        if weights.clients and parsed.count_keys:
            count = blocking.count_by_keys(parsed.count_keys, enough=NAME_COUNT_ENOUGH)
        best = None
        for cid in found & set(true_clients):
            one = score_pair(weights, incoming, profiles[cid], name_count=count)
            if one is not None and (best is None or one.score > best.score):
                best = one
        if best is None or best.score < weights.review_threshold:
            self.causes["scored_out"] += 1
            cause = "scored out: " + (" ".join(map(str, best.vector)) if best else "hard rule")
            self.details[cause] += 1
            self._example(cause, contact, profiles)
        else:
            self.causes["below_link"] += 1

    def _example(self, cause: str, contact: dict, profiles: dict) -> None:
        kept = self.examples.setdefault(cause, [])
        if len(kept) < 3:
            kept.append(
                {
                    "contact": {k: contact.get(k) for k in ("name", "birth_date", "phone", "email") if contact.get(k)},
                    "clients": [
                        {"names": [f.written for f in p.names], "birth_year": p.birth.year} for p in profiles.values()
                    ],
                }
            )

    def report(self) -> dict:
        return {
            "causes": dict(self.causes.most_common()),
            "not_blocked_or_scored_out_by": dict(self.details.most_common(40)),
            "examples": self.examples,
        }
