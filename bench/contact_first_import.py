"""The ``first_import`` section of bench/contact_matching.py: what a new user sees.

An empty register, no clients or representatives on file, no estimate of the weights: the
data set's contacts are written to a file and imported as ``loket contact import`` does
(``import_jsonl`` on the open file), then ``loket clients relink`` is run as the nightly task
would. Client linking (pairwise, contacts in review count as linked to nobody), the share
of contacts waiting for an agent, and question grouping are scored after each step. Beside
it, the same file imported with the prior weights (nothing learned first): what the import
did before it learned the weights from its own file.
"""

from __future__ import annotations

import json
import time

from contact_grouping import pairwise, progress


def _outcome(truth_person: dict, truth_question: dict) -> dict:
    from loket.clients.models import Client
    from loket.clients.review_models import ReviewItem
    from loket.contact.models import Contact, Question

    survivors = {c.pk: c.resolved().pk for c in Client.objects.all()}
    question_into = dict(Question.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id"))
    clients, questions = {}, {}
    for ref, client_id, question_id in Contact.objects.values_list("ref", "client_id", "question_id"):
        clients[ref] = survivors.get(client_id, client_id) if client_id else f"none:{ref}"
        while question_id in question_into:
            question_id = question_into[question_id]
        questions[ref] = question_id
    reviews = ReviewItem.objects.filter(status="open").count()
    linking = pairwise(clients, truth_person)
    return {
        **linking,
        "review": reviews,
        "review_share": round(reviews / max(1, len(clients)), 4),
        "clients": len(set(survivors.values())),
        "grouping": pairwise(questions, truth_question),
    }


def _import(ctx, name: str, *, learn: bool) -> dict:
    from loket.clients.services.estimation import forget_current as forget_weights
    from loket.contact.services import bulk, first_import
    from loket.contact.services.question_window import forget_current as forget_window

    ctx.database(name)
    forget_weights()  # what the last database held is cached for a minute: a new register
    forget_window()
    path = ctx.workdir / f"{name}.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in ctx.contacts), encoding="utf-8")
    sample = first_import.SAMPLE
    first_import.SAMPLE = sample if learn else 0
    started = time.perf_counter()
    try:
        with path.open("rb") as handle:
            report = bulk.import_jsonl(
                handle,
                actor="bench",
                learning=lambda step: progress(f"{name}: learning, {step.compared:,}/{step.contacts:,} compared"),
                progress=lambda r: progress(f"{name}: {r.lines:,}/{len(ctx.contacts):,} lines"),
            )
    finally:
        first_import.SAMPLE = sample
    return {
        "stored": report.stored,
        "bad_lines": len(report.bad),
        "learned_from": report.learned.contacts,
        "learning_seconds": round(report.learned.seconds, 1),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _relink() -> dict:
    from loket.clients.services.estimation import estimate_weights
    from loket.clients.services.relink import relink

    estimate_weights()
    report = relink()
    return {"merged": len(report.merged), "parted": len(report.parted)}


def first_import(ctx) -> dict:
    truth_person = {ref: t["person"] for ref, t in ctx.truth.items()}
    truth_question = {ref: t["question"] for ref, t in ctx.truth.items()}
    learned = _import(ctx, "first_import", learn=True)
    learned["automatic"] = _outcome(truth_person, truth_question)
    learned["relink"] = _relink()
    learned["after_relink"] = _outcome(truth_person, truth_question)
    prior = _import(ctx, "first_import_prior_weights", learn=False)
    prior["automatic"] = _outcome(truth_person, truth_question)
    return {"contacts": len(ctx.contacts), "learned_from_the_file": learned, "prior_weights": prior}
