"""Benchmark of issue 3: how well contacts are grouped into questions (klantvragen).

    .venv/bin/python bench/contact_matching.py --only question_grouping [--persons 3000]
    .venv/bin/python bench/contact_grouping.py [--persons 3000]       (the same)

The labelled set of bench/contact_data.py goes through the real import (``loket contact
import``: the matching service, then grouping) on a fresh SQLite database that holds the
clients on file (as bench/contact_matching.py sets it up). Pairwise precision, recall and
F1 of the questions against the true ones are reported twice: right after the import,
while contacts that matching could not place wait in the review queue; and after an agent
has worked that queue (knowing the truth: the right candidate, else a search, else a new
client), which joins each confirmed contact to its client's open question. Beside them,
two baselines computed on the same contacts in the same run:

* ``one_question_per_contact``: what every channel making its own work amounts to;
* ``thread_only``: e-mails joined by In-Reply-To, everything else on its own.

Before the import the linkage weights are learned as in the client linking section, and before
each import the question window is learned from the file's e-mail replies (``learn_window``:
no label, as ``loket contact estimate-window`` learns it from the register).

``with_true_clients`` runs the grouping rules once more with every contact given its true
client, so that grouping's own errors can be told apart from linking's, and
``baseline_with_true_clients_fixed_window`` once more without a learned window (the floor,
``CONTACT_QUESTION_WINDOW_DAYS``), so that the window's part shows in the same run.

``question_grouping(ctx)`` is a section of bench/contact_matching.py, which builds the data
set and the clients on file. The figures are printed as JSON on the last line of stdout.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def pairwise(predicted: dict, truth: dict) -> dict:
    """Of the contact pairs put in one question, how many truly are; of the pairs that
    truly are, how many were put in one."""

    def pairs(counts):
        return sum(n * (n - 1) // 2 for n in counts)

    together = pairs(Counter(predicted[r] for r in truth).values())
    same = pairs(Counter(truth.values()).values())
    correct = pairs(Counter((predicted[r], truth[r]) for r in truth).values())
    precision = correct / together if together else 1.0
    recall = correct / same if same else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def thread_only(contacts: list[dict]) -> dict[str, str]:
    """E-mails that reply to one another form one question; every other contact its own."""
    parent: dict[str, str] = {}
    by_message = {c["message_id"]: c["ref"] for c in contacts if c.get("message_id")}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for c in contacts:
        if c.get("in_reply_to") in by_message:
            parent[find(c["ref"])] = find(by_message[c["in_reply_to"]])
    return {c["ref"]: find(c["ref"]) for c in contacts}


def _import(contacts: list[dict], *, true_clients: dict[str, int] | None = None):
    """Run the real import; with ``true_clients``, linking is replaced by the truth."""
    from loket.clients.models import Client
    from loket.contact import clientlink
    from loket.contact.services import bulk

    original = clientlink.link_many
    if true_clients is not None:
        offset = 10**8  # clear of any id the matching service may have made
        Client.objects.bulk_create([Client(pk=offset + p) for p in set(true_clients.values())], batch_size=2000)

        def truth_links(datas, *, actor, parsed=None, log=None):
            return [
                clientlink.Link(
                    client_id=offset + true_clients[d.ref], outcome="linked", score=1.0, reasons=["the truth"]
                )
                for d in datas
            ]

        clientlink.link_many = truth_links
    try:
        lines = [json.dumps(c, ensure_ascii=False) for c in contacts]
        return bulk.import_jsonl(
            lines,
            actor="bench",
            progress=lambda r: progress(
                f"question_grouping: {r.lines:,}/{len(lines):,} lines, {r.rate:,.0f} contacts/s"
            ),
        )
    finally:
        clientlink.link_many = original


def learn_window(contacts: list[dict]) -> dict:
    """The question window learned, as ``loket contact estimate-window`` learns it from the
    register, from the pauses between the file's e-mails and the e-mails they answer (no
    label: as the linkage weights are learned from the contacts they link)."""
    from datetime import datetime

    from loket.contact.services.question_window import current_window, estimate_window, gaps_between

    sent = {c["message_id"]: datetime.fromisoformat(c["received_at"]) for c in contacts if c.get("message_id")}
    replies = [
        (datetime.fromisoformat(c["received_at"]), sent[c["in_reply_to"]])
        for c in contacts
        if c.get("in_reply_to") in sent
    ]
    estimate = estimate_window(gaps=gaps_between(replies))
    return {
        "replies": estimate.replies if estimate else len(replies),
        "quantile_days": round(estimate.quantile_days, 2) if estimate else None,
        "days": current_window().total_seconds() / 86400,
    }


def _questions() -> dict[str, int]:
    from loket.contact.models import Contact

    return dict(Contact.objects.values_list("ref", "question_id"))


def _work_the_review_queue(truth: dict[str, int], person_of: dict[int, int], contacts: list[dict]) -> int:
    """An agent who knows the truth decides every open review item, oldest first: the
    candidate that is the right person, else the client found by the staff search, else a
    new client. Each decision reaches the contact app through the clients app's signal."""
    from django.core.exceptions import ValidationError

    from loket.clients import selectors
    from loket.clients.models import Client, ReviewItem
    from loket.clients.review_models import ReviewStatus
    from loket.clients.services import confirm_review
    from loket.contact.models import Contact

    people_on: dict[int, Counter] = {}
    resolved = {c.pk: c.resolved().pk for c in Client.objects.all()}
    for client_id, person in person_of.items():
        people_on.setdefault(resolved[client_id], Counter())[person] += 1
    for ref, client_id in Contact.objects.exclude(client=None).values_list("ref", "client_id"):
        people_on.setdefault(resolved[client_id], Counter())[truth[ref]] += 1

    def is_right(client) -> bool:
        top = people_on.get(client.resolved().pk, Counter()).most_common(1)
        return bool(top) and top[0][0] == person

    by_ref = {c["ref"]: c for c in contacts}
    decided = 0
    for item in ReviewItem.objects.filter(status=ReviewStatus.OPEN).order_by("pk"):
        person, contact = truth[item.source], by_ref[item.source]
        right = [c.client for c in item.candidates.select_related("client") if is_right(c.client)]
        if not right:
            found = [
                c
                for name in ("v_number", "case_ref", "name", "phone", "email")
                if contact.get(name)
                for c in selectors.search_clients(contact[name])
            ]
            right = [c for c in found if is_right(c)]
        try:
            client = confirm_review(item=item, client=right[0] if right else None, actor="bench").resolved()
        except ValidationError:  # the contact's V-number is mistyped: the service refuses it
            client = confirm_review(item=item, client=None, actor="bench").resolved()  # the agent makes a new client
        people_on.setdefault(client.pk, Counter())[person] += 1
        decided += 1
        if decided % 500 == 0:
            progress(f"question_grouping: {decided} reviews decided")
    return decided


def question_grouping(ctx) -> dict:
    """The section: grouping through the real import, before and after the review queue
    is worked, beside the baselines and grouping with the true clients."""
    contacts = ctx.contacts
    truth = {ref: t["question"] for ref, t in ctx.truth.items()}
    persons = {ref: t["person"] for ref, t in ctx.truth.items()}
    from contact_matching import _estimate, register_on_file

    from loket.contact.services.question_window import forget_current

    ctx.database("grouping")
    person_of = register_on_file(ctx)  # the clients (and representatives) on file, as for client linking
    weights = _estimate(ctx)  # the linkage weights learned, as for client linking
    window = learn_window(contacts)
    started = time.perf_counter()
    report = _import(contacts)
    seconds = time.perf_counter() - started
    after_import = _questions()
    decided = _work_the_review_queue(persons, person_of, contacts)
    after_review = _questions()
    ctx.database("grouping_true_clients")
    learn_window(contacts)
    _import(contacts, true_clients=persons)
    with_truth = _questions()
    ctx.database("grouping_true_clients_fixed_window")
    forget_current()  # a fresh register: no estimate, the window is the floor
    _import(contacts, true_clients=persons)
    fixed_window = _questions()
    return {
        "contacts": len(contacts),
        "clients_on_file": len(person_of),
        "stored": report.stored,
        "bad_lines": len(report.bad),
        "true_questions": len(set(truth.values())),
        "question_window": window,
        "link_threshold": weights["link_threshold"] if weights else None,
        "grouping_after_import": pairwise(after_import, truth),
        "reviews_decided": decided,
        "grouping": pairwise(after_review, truth),
        "questions_made": len(set(after_review.values())),
        "with_true_clients": pairwise(with_truth, truth),
        "baseline_with_true_clients_fixed_window": pairwise(fixed_window, truth),
        "baseline_one_question_per_contact": pairwise({r: r for r in truth}, truth),
        "baseline_thread_only": pairwise(thread_only(contacts), truth),
        "import_seconds": round(seconds, 1),
    }


def main(argv=None):
    """Run this section alone, on the data set and set-up of bench/contact_matching.py."""
    from contact_matching import main as matching_main

    matching_main(["--only", "question_grouping", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
