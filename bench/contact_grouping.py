"""Benchmark of issue 3: how well contacts are grouped into questions (klantvragen).

    .venv/bin/python bench/contact_grouping.py [--persons 3000] [--seed 7]

The labelled set of bench/contact_data.py goes through the real import (``loket contact
import``: the matching service, then grouping) on a fresh SQLite database. Pairwise
precision, recall and F1 of the questions against the true ones are reported beside two
baselines computed on the same contacts in the same run:

* ``one_question_per_contact``: what every channel making its own work amounts to;
* ``thread_only``: e-mails joined by In-Reply-To, everything else on its own.

``with_true_clients`` runs the grouping rules once more with every contact given its true
client, so that grouping's own errors can be told apart from linking's.

``question_grouping(ctx)`` is also a section of bench/contact_matching.py. The figures are
printed as JSON on the last line of stdout.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
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
    from loket.contact.models import Contact
    from loket.contact.services import bulk

    original = clientlink.link_many
    if true_clients is not None:
        offset = 10**8  # clear of any id the matching service may have made
        Client.objects.bulk_create([Client(pk=offset + p) for p in set(true_clients.values())], batch_size=2000)

        def truth_links(datas, *, actor):
            return [clientlink.Link(client_id=offset + true_clients[d.ref], outcome="linked", score=1.0,
                                    reasons=["the truth"]) for d in datas]
        clientlink.link_many = truth_links
    try:
        lines = [json.dumps(c, ensure_ascii=False) for c in contacts]
        report = bulk.import_jsonl(lines, actor="bench", progress=lambda r: progress(
            f"question_grouping: {r.lines:,}/{len(lines):,} lines, {r.rate:,.0f} contacts/s"))
    finally:
        clientlink.link_many = original
    return report, dict(Contact.objects.values_list("ref", "question_id"))


def question_grouping(ctx) -> dict:
    """The section: grouping through the real import, beside the baselines."""
    contacts = ctx.contacts
    truth = {ref: t["question"] for ref, t in ctx.truth.items()}
    ctx.database("grouping")
    started = time.perf_counter()
    report, predicted = _import(contacts)
    seconds = time.perf_counter() - started
    ctx.database("grouping_true_clients")
    _report, with_truth = _import(contacts, true_clients={ref: t["person"] for ref, t in ctx.truth.items()})
    return {
        "contacts": len(contacts), "stored": report.stored, "bad_lines": len(report.bad),
        "true_questions": len(set(truth.values())), "questions_made": len(set(predicted.values())),
        "grouping": pairwise(predicted, truth),
        "with_true_clients": pairwise(with_truth, truth),
        "baseline_one_question_per_contact": pairwise({r: r for r in truth}, truth),
        "baseline_thread_only": pairwise(thread_only(contacts), truth),
        "contacts_per_question": round(report.stored / max(1, len(set(predicted.values()))), 2),
        "import_seconds": round(seconds, 1),
    }


class _Context:
    """The little of contact_matching's Context this section needs, for running alone."""

    def __init__(self, workdir: Path, contacts, truth):
        self.workdir, self.contacts, self.truth = workdir, contacts, truth

    def database(self, name: str) -> Path:
        from django.core.management import call_command
        from django.db import connection

        path = self.workdir / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        connection.close()
        connection.settings_dict["NAME"] = str(path)
        call_command("migrate", verbosity=0, interactive=False)
        return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        workdir = Path(tmp)
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
        import django

        django.setup()
        from contact_data import generate

        contacts, truth = generate(args.persons, args.seed)
        ctx = _Context(workdir, contacts, {t["ref"]: t for t in truth})
        started = time.perf_counter()
        figures = {"dataset": {"persons": args.persons, "seed": args.seed, "contacts": len(contacts)},
                   "question_grouping": question_grouping(ctx)}
        figures["question_grouping"]["seconds"] = round(time.perf_counter() - started, 1)
        print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
