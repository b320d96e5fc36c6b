"""The bulk import's plain inserts (``loket.core.fastsql``) must store exactly what the ORM
would: the same JSON, the same timestamps, each object given the id the database chose."""

from datetime import UTC, datetime, timezone as tz

import pytest
import time_machine

from loket.clients.models import ReviewItem
from loket.core import fastsql

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime(2026, 6, 1, 10, 0, tzinfo=UTC), tick=False)
def test_insert_with_ids_gives_each_row_its_own_id():
    ReviewItem.objects.create(identity={}, source="before")  # ids go on after the rows there are
    items = [
        ReviewItem(
            identity={"name": f"Amal {i}", "phone": "+31612345678"},
            source=f"C{i}",
            score=i / 2000,
            reasons=["name ~0.91", "birth year"],
        )
        for i in range(1234)
    ]
    fastsql.insert_with_ids(ReviewItem, items)
    fastsql.insert_with_ids(ReviewItem, items[:0])
    assert len({item.pk for item in items}) == 1234
    stored = {item.pk: item for item in ReviewItem.objects.all()}
    for item in items:
        row = stored[item.pk]
        assert (row.source, row.identity, row.reasons, row.score) == (
            item.source,
            item.identity,
            item.reasons,
            item.score,
        )
        assert row.created_at == datetime(2026, 6, 1, 10, 0, tzinfo=UTC)  # auto_now_add, as save gives it
    assert not items[0]._state.adding
    after = ReviewItem.objects.create(identity={}, source="after")  # the database goes on after them
    assert after.pk > max(item.pk for item in items)


def test_plain_inserts_and_updates_store_what_save_would():
    by_orm = ReviewItem.objects.create(identity={"name": "محمد"}, source="orm", reasons=["a"])
    plain = ReviewItem(identity={"name": "محمد"}, source="plain", reasons=["a"])
    fastsql.insert(ReviewItem, [plain])
    plain = ReviewItem.objects.get(source="plain")
    assert (plain.identity, plain.reasons, plain.status) == (by_orm.identity, by_orm.reasons, by_orm.status)
    plain.reasons, plain.score = ["changed"], 0.7
    fastsql.update(ReviewItem, [plain], ["reasons", "score"])
    plain.refresh_from_db()
    assert (plain.reasons, plain.score) == (["changed"], 0.7)
    assert ReviewItem.objects.get(source="orm").reasons == ["a"]  # only the object given changed


def test_a_batch_of_updates_stores_what_save_would():
    """From ``COPY_FROM`` rows PostgreSQL gets one UPDATE joined to arrays of the values
    (SQLite: a statement per row). Text, JSON, numbers, dates, timestamps, a foreign key and
    an empty value read back as given; rows not given keep theirs; an object given twice
    ends as the last one given says."""
    from datetime import date

    from loket.clients.models import Client
    from loket.contact.models import Question

    moment = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    client = Client.objects.create(display_name="Amal")
    questions = [
        Question.objects.create(
            subject=f"s{i}",
            channel="web",
            opened_at=moment,
            last_contact_at=moment,
            due_on=date(2026, 5, 8),
            norm_days=5,
        )
        for i in range(fastsql.COPY_FROM + 3)
    ]
    later = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
    changed = questions[:-1]
    for i, question in enumerate(changed):
        question.last_contact_at, question.due_on = later, date(2026, 5, 11 + i % 3)
        question.client, question.case_ref = (client, f"V-{i}") if i % 2 else (None, "")
    twice = Question.objects.get(pk=changed[0].pk)
    twice.case_ref = "the last word"
    fastsql.update(Question, [*changed, twice], ["last_contact_at", "due_on", "client", "case_ref"])
    stored = {q.pk: q for q in Question.objects.all()}
    for i, question in enumerate(changed[1:], start=1):
        row = stored[question.pk]
        assert (row.last_contact_at, row.due_on, row.client_id, row.case_ref) == (
            later,
            date(2026, 5, 11 + i % 3),
            client.pk if i % 2 else None,
            f"V-{i}" if i % 2 else "",
        )
    assert stored[changed[0].pk].case_ref == "the last word"
    untouched = stored[questions[-1].pk]
    assert (untouched.last_contact_at, untouched.due_on) == (moment, date(2026, 5, 8))

    items = [ReviewItem.objects.create(identity={"name": f"n{i}"}, source=f"r{i}") for i in range(fastsql.COPY_FROM)]
    for i, item in enumerate(items):
        item.identity, item.reasons, item.score = {"name": "محمد", "n": i}, ["name ~0.9", f"{i}"], i / 7
    fastsql.update(ReviewItem, items, ["identity", "reasons", "score"])
    for item in ReviewItem.objects.order_by("pk"):
        i = int(item.source[1:])
        assert (item.identity, item.reasons, item.score) == ({"name": "محمد", "n": i}, ["name ~0.9", f"{i}"], i / 7)


def test_ids_given_ahead_never_collide_with_ids_the_database_gives():
    """An import gives new clients their ids before their rows go in (with the batch's
    other rows); a row the database numbers itself afterwards must not take one of them."""
    from loket.clients.models import Client

    before = Client.objects.create(display_name="Amal Haddad")
    first = fastsql.allocate_ids(Client, 3)
    more = fastsql.allocate_ids(Client, 2, after=first[-1])
    ids = first + more
    assert len(set(ids)) == 5 and min(ids) > before.pk
    fastsql.insert(Client, [Client(pk=pk, display_name=f"Client {pk}") for pk in ids], exclude=())
    after = Client.objects.create(display_name="Senait Tesfaye")
    assert after.pk > max(ids)
    assert set(Client.objects.filter(pk__in=ids).values_list("display_name", flat=True)) == {
        f"Client {pk}" for pk in ids
    }


def _question(moment):
    """A question for contacts to belong to (their question is required)."""
    from datetime import date

    from loket.contact.models import Question

    return Question.objects.create(
        subject="s", channel="web", opened_at=moment, last_contact_at=moment, due_on=date(2026, 5, 8), norm_days=5
    )


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def test_build_makes_the_object_keyword_arguments_make():
    from loket.contact.models import Contact, Question

    now = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    question = Question(topic="status", channel="email", opened_at=now, last_contact_at=now, due_on=now.date())
    values = dict(
        ref="C1",
        channel="email",
        received_at=now,
        client_id=7,
        question=question,
        topic="status",
        body="Waar blijft mijn beslissing?",
        match_reasons=["v_number exact"],
        agent=None,
    )
    built, made = fastsql.build(Contact, **values), Contact(**values)
    assert _fields(built) == _fields(made)
    assert built.question is question and built.match_candidates == [] and built._state.adding
    # a default that is a fresh list each time is not shared between objects
    assert fastsql.build(Contact, ref="C2").match_candidates is not built.match_candidates
    # by attname too, as keyword arguments allow
    assert fastsql.build(Question, client_id=3, follows_id=None).client_id == 3


def test_build_refuses_a_field_the_model_does_not_have():
    from loket.contact.models import Contact

    with pytest.raises(TypeError, match="clientt"):
        fastsql.build(Contact, ref="C1", clientt=3)


def test_timestamps_met_before_are_stored_as_the_instants_they_are():
    from datetime import timedelta

    amsterdam = tz(timedelta(hours=1))
    moments = [
        datetime(2026, 1, 5, 9, 0, tzinfo=amsterdam),
        datetime(2026, 1, 5, 8, 0, tzinfo=UTC),
        datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
        datetime(2026, 1, 5, 9, 0, tzinfo=amsterdam),
    ]
    items = [ReviewItem(identity={}, source=f"T{i}", reasons=[], created_at=at) for i, at in enumerate(moments)]
    fastsql.insert(ReviewItem, items)
    stored = dict(ReviewItem.objects.values_list("source", "created_at"))
    assert [stored[f"T{i}"] for i in range(4)] == moments  # equal instants, whatever the offset written
    assert stored["T2"] - stored["T1"] == timedelta(hours=1)


@time_machine.travel(datetime(2026, 6, 1, 10, 0, tzinfo=UTC), tick=False)
def test_rows_made_without_objects_store_what_save_would():
    """An import makes its contact rows as plain values (``Rows``): stored, each must be the
    row ``save`` stores for the same fields, defaults, JSON and timestamps included."""
    from datetime import date

    from loket.contact.models import Contact, Question

    question = Question.objects.create(
        subject="Verhuisd",
        opened_at=datetime(2026, 5, 1, 8, 0, tzinfo=UTC),
        last_contact_at=datetime(2026, 5, 1, 8, 0, tzinfo=UTC),
        due_on=date(2026, 5, 8),
        norm_days=5,
    )
    fields = dict(
        channel="phone",
        received_at=datetime(2026, 5, 1, 10, 30, tzinfo=UTC),
        name="Amal Haddad",
        phone="+31612345678",
        match_outcome="review",
        match_score=0.61,
        match_reasons=["name ~0.91", "ß"],
        match_candidates=[3, 1, 2],
        callback_by=date(2026, 5, 3),
        question=question,
    )
    Contact.objects.create(ref="saved", **fields)
    rows = fastsql.Rows(Contact)
    made = rows.make(ref="made", **{k: v for k, v in fields.items() if k != "question"})
    rows.set(made, "question_id", question.pk)
    rows.insert([made])
    rows.insert([])
    values = [f.attname for f in Contact._meta.concrete_fields if f.name not in ("id", "ref")]
    saved, stored = (Contact.objects.filter(ref=ref).values(*values).get() for ref in ("saved", "made"))
    assert stored == saved
    assert stored["created_at"] == datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    with pytest.raises(TypeError, match="no field 'colour'"):
        rows.make(ref="x", colour="red")


def test_rows_give_each_row_its_own_mutable_default():
    from loket.clients.models import ReviewItem

    rows = fastsql.Rows(ReviewItem)
    first, second = rows.make(source="a"), rows.make(source="b")
    column = rows.position["reasons"]
    assert first[column] == [] and first[column] is not second[column]


def test_only_defaults_made_anew_are_asked_for_each_row(monkeypatch):
    """A field without a default holds ``NOT_PROVIDED``, a class: callable, but no maker of
    defaults. Its default (None, or "" for text) is the same for every row; only a default
    such as ``list`` is made per row. (Asking every field per row took 1.4 % of an import.)"""
    from django.db.models import Field

    from loket.contact.models import Contact

    fastsql._layout.cache_clear()
    asked = []
    original = Field.get_default
    monkeypatch.setattr(Field, "get_default", lambda field: asked.append(field.name) or original(field))
    rows = fastsql.Rows(Contact)
    asked.clear()
    made = [rows.make(ref=f"C{i}") for i in range(3)] + [fastsql.build(Contact, ref="C3")]
    assert sorted(set(asked)) == ["doubts", "match_candidates", "match_reasons"]  # the dict and lists, made anew
    assert made[0][rows.position["subject"]] == "" and made[0][rows.position["client_id"]] is None
    fastsql._layout.cache_clear()


@pytest.mark.parametrize("size", [2, fastsql.COPY_FROM - 1, fastsql.COPY_FROM + 5])
def test_a_batch_keeps_its_values_its_order_and_its_integrity_errors(size):
    """Any batch: on PostgreSQL from ``COPY_FROM`` rows by COPY, from two rows by one INSERT
    joined to arrays (SQLite: a statement per row). Values, JSON and empty values read back
    as written, the rows get ids in the order given, and a duplicate still raises Django's
    IntegrityError, as an INSERT would."""
    from django.db import IntegrityError, transaction

    from loket.clients.models import Client, ClientBlockingKey
    from loket.contact.models import Contact

    client = Client.objects.create(display_name="A")
    keys = [(client.pk, key) for key in range(size - 1)] + [(client.pk, -(2**62))]
    fastsql.insert_values(ClientBlockingKey, ["client", "key"], keys)
    assert sorted(ClientBlockingKey.objects.values_list("client_id", "key")) == sorted(keys)

    moment = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    question = _question(moment)
    maker = fastsql.Rows(Contact)
    doubts = {"phone": {"written": "06-12\t34", "reason": "phone_unreadable"}}
    made = [
        maker.make(
            ref=f"c{i}",
            channel="web",
            received_at=moment,
            question=question,
            name="محمد" if i % 2 else "",
            doubts=doubts,
        )
        for i in range(size)
    ]
    maker.insert(made)
    stored = list(Contact.objects.order_by("pk"))
    assert [c.ref for c in stored] == [f"c{i}" for i in range(size)]
    assert all(c.doubts == doubts and c.received_at == moment and c.question_id == question.pk for c in stored)
    assert [c.name for c in stored[:2]] == ["", "محمد"]
    again = [maker.make(ref="c1", channel="web", received_at=moment, question=question) for _ in range(size)]
    with pytest.raises(IntegrityError), transaction.atomic():
        maker.insert(again)
    assert Contact.objects.count() == size


def test_a_few_updates_and_deletes_store_what_the_orm_would():
    from loket.clients.models import Client, ClientBlockingKey

    a, b, c = (Client.objects.create(display_name=n) for n in ("A", "B", "C"))
    a.display_name, b.display_name = "Amal", "Bilal"
    fastsql.update(Client, [a, b], ["display_name"])
    assert dict(Client.objects.values_list("pk", "display_name")) == {a.pk: "Amal", b.pk: "Bilal", c.pk: "C"}
    fastsql.insert_values(ClientBlockingKey, ["client", "key"], [(a.pk, 1), (a.pk, 2), (b.pk, 1), (c.pk, 2)])
    fastsql.delete_values(ClientBlockingKey, ["key", "client"], [(1, a.pk), (2, c.pk), (9, b.pk)])
    assert sorted(ClientBlockingKey.objects.values_list("client_id", "key")) == [(a.pk, 2), (b.pk, 1)]


def test_a_small_batch_is_one_statement_on_postgresql():
    """What the arrays are for: an import writes a few rows before each merge, and every
    statement fires the clients' tables' statement triggers (a notification each). A trigger
    of the test's own counts the statements the server ran."""
    from django.db import connection

    from loket.clients.models import Client, ClientBlockingKey

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's statement triggers")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE test_fired (tbl text)")
        cursor.execute(
            "CREATE FUNCTION test_count() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN INSERT INTO test_fired VALUES (TG_TABLE_NAME || ' ' || TG_OP); RETURN NULL; END $$"
        )
        for table in ("clients_client", "clients_clientblockingkey"):
            cursor.execute(
                f"CREATE TRIGGER test_count AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION test_count()"
            )
    clients = [Client(pk=pk, display_name=f"C{pk}") for pk in fastsql.allocate_ids(Client, 3)]
    fastsql.insert(Client, clients, exclude=())
    for one in clients:
        one.display_name += " (changed)"
    fastsql.update(Client, clients, ["display_name"])
    fastsql.insert_values(ClientBlockingKey, ["client", "key"], [(one.pk, 5) for one in clients])
    fastsql.delete_values(ClientBlockingKey, ["key", "client"], [(5, one.pk) for one in clients])
    with connection.cursor() as cursor:
        cursor.execute("SELECT tbl, count(*) FROM test_fired GROUP BY tbl")
        fired = dict(cursor.fetchall())
    assert fired == {
        "clients_client INSERT": 1,
        "clients_client UPDATE": 1,
        "clients_clientblockingkey INSERT": 1,
        "clients_clientblockingkey DELETE": 1,
    }
    assert set(Client.objects.filter(pk__in=[c.pk for c in clients]).values_list("display_name", flat=True)) == {
        f"C{c.pk} (changed)" for c in clients
    }


@pytest.mark.parametrize("count", [1, 3], ids=["one row", "several rows"])
def test_updates_combine_with_the_row_on_file_as_asked(count):
    """``how``: the later or earlier of the value on file and the one given (a NULL on file
    gives way to the value, on both databases), or the one on file unless it is empty."""
    from loket.clients.models import Client
    from loket.contact.models import Question

    early, late = datetime(2026, 5, 1, 8, 0, tzinfo=UTC), datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    staff_client, import_client = Client.objects.create(display_name="A"), Client.objects.create(display_name="B")
    on_file = [
        Question.objects.create(subject=f"q{i}", channel="web", opened_at=early, last_contact_at=late, due_on="2026-06-10", norm_days=5,
                                case_ref="" if i else "ZK1", client=None if i else staff_client)
        for i in range(count)
    ]  # fmt: skip
    copies = [Question.objects.get(pk=q.pk) for q in on_file]
    for q in copies:  # what a batch read earlier and then changed
        q.opened_at, q.last_contact_at, q.answered_at = late, early, late
        q.case_ref, q.client = "ZK2", import_client
    how = {"opened_at": fastsql.EARLIER, "last_contact_at": fastsql.LATER, "answered_at": fastsql.LATER,
           "case_ref": fastsql.FIRST, "client": fastsql.FIRST}  # fmt: skip
    fastsql.update(Question, copies, list(how), how=how)
    for i, q in enumerate(on_file):
        q.refresh_from_db()
        assert (q.opened_at, q.last_contact_at, q.answered_at) == (early, late, late)
        assert (q.case_ref, q.client_id) == (("ZK2", import_client.pk) if i else ("ZK1", staff_client.pk))
