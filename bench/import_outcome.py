"""What a fixed import decides, as one digest: to show that a change to the import's speed
left every decision as it was (issue 16, item 6).

    .venv/bin/python bench/import_outcome.py [--contacts 20000] [--seed 11]
                                             [--database sqlite|postgresql] [--batch-size N]
                                             [--dump FILE]

Imports ``--contacts`` contacts of ``bench/contact_data.py`` into an empty database (a
SQLite file, or a PostgreSQL 15 cluster of its own as ``bench/contact_import.py`` starts
one) and prints, as JSON on its last line, counts and a SHA-256 digest of the outcome
(``outcome``): per contact its client, question, match outcome, score, reasons,
candidates and marked details; the clients with their names, birth dates and identifiers;
the questions; the review items with their candidates; the merges; and how many audit
entries of each kind were written. Ids are replaced by the refs of the contacts that
carry them, so two runs compare even where ids were handed out differently. Run it on
the code before and after a change, on both databases: equal digests, equal decisions;
``--dump`` writes the whole outcome for a diff.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import contact_import  # noqa: E402  (a sibling module, found through the path set above)

#: Audit actions written once per batch (their number follows the batch size).
BATCH_ACTIONS = ("contact.import.batch", "clients.batch_linked")


def _sorted(rows) -> list:
    """Rows in a fixed order (they may hold None beside strings)."""
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True, default=str))


def outcome() -> dict:
    """The decisions on file, with ids replaced by contact refs (see the module's doc)."""
    from loket.clients.models import CaseReference, Client, ClientEmail, ClientMerge, ClientName, ClientPhone
    from loket.clients.review_models import ReviewCandidate, ReviewItem
    from loket.contact.models import Contact, Question
    from loket.core.audit_models import AuditEntry

    contacts = list(
        Contact.objects.order_by("ref").values_list(
            "ref",
            "client_id",
            "question_id",
            "match_outcome",
            "match_score",
            "match_reasons",
            "match_candidates",
            "doubts",
            "topic",
            "language",
        )
    )
    of_client, of_question = defaultdict(list), defaultdict(list)
    for ref, client_id, question_id, *_rest in contacts:
        of_client[client_id].append(ref)
        of_question[question_id].append(ref)

    def client(pk):  # a client by the first contact linked to it (clients an import makes all have one)
        return of_client[pk][0] if of_client.get(pk) else (None if pk is None else f"no contact #{len(of_client)}")

    def question(pk):
        return of_question[pk][0] if of_question.get(pk) else None

    def by_client(model, column):
        out = defaultdict(list)
        for cid, value, *more in model.objects.order_by("pk").values_list("client_id", column, *extra.get(model, ())):
            out[cid].append([value, *more])
        return out

    extra = {ClientPhone: ("doubt",), ClientEmail: ("doubt",), ClientName: ("script", "folded")}
    names, phones = by_client(ClientName, "full_name"), by_client(ClientPhone, "number")
    emails, cases = by_client(ClientEmail, "address"), by_client(CaseReference, "reference")
    clients = _sorted(
        [
            client(c.pk),
            client(c.merged_into_id),
            c.display_name,
            c.v_number or "",
            str(c.birth_date),
            c.nationality,
            c.language,
            _sorted(names[c.pk]),
            _sorted(phones[c.pk]),
            _sorted(emails[c.pk]),
            sorted(x[0] for x in cases[c.pk]),
        ]
        for c in Client.objects.all()
    )
    questions = _sorted(
        [
            question(q.pk),
            question(q.merged_into_id),
            client(q.client_id),
            q.status,
            q.topic,
            q.case_ref,
            q.channel,
            q.language,
            str(q.due_on),
            q.opened_at.isoformat(),
            q.last_contact_at.isoformat(),
            question(q.follows_id),
        ]
        for q in Question.objects.all()
    )
    candidates = defaultdict(list)
    for item_id, cid, score, reasons in ReviewCandidate.objects.order_by("pk").values_list(
        "item_id", "client_id", "score", "reasons"
    ):
        candidates[item_id].append([client(cid), round(score, 9), reasons])
    reviews = _sorted(
        [r.source, round(r.score, 9), r.reasons, r.status, r.identity, candidates[r.pk]]
        for r in ReviewItem.objects.all()
    )
    merges = _sorted(
        [client(m.keep_id), client(m.merged_id), m.reason, m.automatic, m.undone_at is not None]
        for m in ClientMerge.objects.all()
    )
    rows = [
        [
            ref,
            client(client_id),
            question(question_id),
            match,
            None if score is None else round(score, 9),
            reasons,
            [client(c) for c in cands or []],
            doubts,
            topic,
            language,
        ]
        for ref, client_id, question_id, match, score, reasons, cands, doubts, topic, language in contacts
    ]
    # one entry per batch says how the lines were cut, not what was decided: counted apart
    actions = Counter(AuditEntry.objects.values_list("action", flat=True))
    per_batch = {a: actions.pop(a) for a in BATCH_ACTIONS if a in actions}
    audit = dict(sorted(actions.items()))
    return {
        "contacts": rows,
        "clients": clients,
        "questions": questions,
        "reviews": reviews,
        "merges": merges,
        "audit": audit,
        "audit_per_batch": per_batch,
    }


def digest(state: dict) -> str:
    decided = {k: v for k, v in state.items() if k != "audit_per_batch"}
    return hashlib.sha256(json.dumps(decided, sort_keys=True, default=str).encode()).hexdigest()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--batch-size", type=int, default=None, help="lines per batch (default: the import's own)")
    parser.add_argument("--workdir", help="keep the database and files here (default: a temporary directory)")
    parser.add_argument("--pg-folder", default=str(ROOT / "var" / "bench-pg-outcome"))
    parser.add_argument("--pg-port", type=int, default=54363)
    parser.add_argument("--dump", help="write the whole outcome here as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="loket-outcome-") as tmp:
        workdir = Path(args.workdir or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        if args.database == "postgresql":
            os.environ["DATABASE_URL"] = contact_import.postgres_url(args)
        else:
            db = workdir / "outcome.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            os.environ["DATABASE_URL"] = f"sqlite:///{db}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
        os.environ.setdefault("LOKET_DEBUG", "0")
        import django

        django.setup()
        from django.core.management import call_command

        from loket.contact.services import bulk

        call_command("migrate", verbosity=0, interactive=False)
        data = workdir / "contacts.jsonl"
        n = contact_import.make_file(data, args.contacts, args.seed)
        with data.open("rb") as lines:
            sizes = {"batch_size": args.batch_size} if args.batch_size else {}
            report = bulk.import_jsonl(lines, actor="bench", source="outcome", workers=0, **sizes)
        state = outcome()
        if args.dump:
            Path(args.dump).write_text(json.dumps(state, sort_keys=True, default=str, indent=0))
        print(
            json.dumps(
                {
                    "contacts": n,
                    "seed": args.seed,
                    "database": args.database,
                    "stored": report.stored,
                    "bad_lines": len(report.bad),
                    "questions_opened": report.questions,
                    "regrouped": report.regrouped,
                    "clients": len(state["clients"]),
                    "review_items": len(state["reviews"]),
                    "merges": len(state["merges"]),
                    "audit": state["audit"],
                    "audit_per_batch": state["audit_per_batch"],
                    "outcome": digest(state),
                }
            )
        )


if __name__ == "__main__":
    main()
