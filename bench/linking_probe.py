"""Probe (experiment, LOKET_PROBE=<file>): for every contact not linked automatically, what a
name-alone or detail-alone rule would see: the best candidate's comparison vector, the
probability with term frequency, how many clients carry the name, how many candidates agree
on the name as well, and whom the candidate holds (truth), one JSON line each."""

from __future__ import annotations

import json


class Probe:
    def __init__(self, path, identity_of):
        self.out = open(path, "w")  # noqa: SIM115
        self.identity_of = identity_of

    def observe(self, contact, person, result, person_of_client, true_clients):
        from loket.clients import blocking, selectors
        from loket.clients.linkage import LINKABLE_NAME_LEVEL, NAME_COUNT_ENOUGH, score_pair
        from loket.clients.services.estimation import current_weights
        from loket.clients.services.identity import InvalidIdentity, parse_identity

        if result.outcome == "linked":
            return
        try:
            parsed = parse_identity(self.identity_of(contact))
        except InvalidIdentity:
            return
        incoming = parsed.profile()
        made = result.client.pk if result.outcome == "new" and result.client is not None else None
        hits = selectors.exact_hits(phone=parsed.phone, email=parsed.email)
        ids = set(blocking.candidate_ids(parsed.match_keys)) | set(hits.phone) | set(hits.email)
        weights = current_weights()
        keys = blocking.count_keys(parsed.name_forms)
        count = blocking.count_by_keys(keys, enough=NAME_COUNT_ENOUGH) if keys else None
        rows = []
        profiles = {}
        ids.discard(made)  # the client this contact just made
        for cid, d in selectors.client_details(sorted(ids)).items():
            profiles[cid] = d.profile()
            one = score_pair(weights, incoming, profiles[cid], name_count=count)
            if one is None:
                continue
            rows.append((one.score, cid, one))
        rows.sort(key=lambda r: (-r[0], r[1]))
        best = rows[0] if rows else None
        same_name = sum(1 for _s, _c, o in rows if o.vector[0] != -1 and o.vector[0] <= LINKABLE_NAME_LEVEL)
        record = {
            "ref": contact["ref"],
            "person": person,
            "outcome": result.outcome,
            "reasons": [r for r in result.reasons if not r.startswith("prob")][:6],
            "has_name": bool(incoming.names),
            "has_birth": incoming.birth.known,
            "count": count,
            "phone_holders": len([c for c in hits.phone if c != made]),
            "email_holders": len([c for c in hits.email if c != made]),
            "rep": hits.representative_phone or hits.representative_email,
            "n": len(rows),
            "same_name": same_name,
            "on_file": bool(true_clients),
        }
        if best is not None:
            s, cid, one = best
            record.update(
                p=s,
                vector=one.vector,
                adj=round(one.adjustment, 2),
                can_link=one.can_link,
                right=person_of_client(cid) == person,
                second=rows[1][0] if len(rows) > 1 else 0.0,
                second_vector=rows[1][2].vector if len(rows) > 1 else None,
                second_right=person_of_client(rows[1][1]) == person if len(rows) > 1 else None,
                best_holders=[person_of_client(rows[0][1]), person_of_client(rows[1][1]) if len(rows) > 1 else None],
            )
            if len(rows) > 1:
                twin = score_pair(weights, profiles[rows[0][1]], profiles[rows[1][1]])
                record.update(pair_p=twin.score if twin else 0.0, pair_link=bool(twin and twin.can_link))
        self.out.write(json.dumps(record) + "\n")
        self.out.flush()
