"""Encryption at rest: with the database (and the server's settings) but no handler's
password, nothing a reporter wrote, nor who they are, can be read."""

import re

import pytest
from django.db import connection
from hypothesis import given, strategies as st

from loket.whistle import crypto, services
from loket.whistle.keyring import Keyring
from loket.whistle.models import HandlerKeyPair, Report, ReportKey
from loket.whistle.services import Upload
from tests.conftest import PASSWORD

SECRET_DESCRIPTION = "Zebra-Quokka-7781: the team lead sold appointment slots for cash"
SECRET_NAME = "Marijke Vonkenbergh-Oostwoud"
SECRET_EMAIL = "m.vonkenbergh@example.net"
SECRET_MESSAGE = "Question-Pangolin-4412: on which day did this happen?"
SECRET_ANSWER = "Answer-Narwhal-9023: on the second Tuesday of March"
SECRET_ALLEGATION = "Allegation-Okapi-5531: slots were sold"
SECRET_FINDING = "Finding-Axolotl-6610: the bank statements confirm it"
SECRET_FILE_TEXT = "Attachment-Capybara-3345 minutes of the team meeting"
SECRET_FILE_NAME = "capybara-minutes.txt"


def database_bytes() -> bytes:
    """Every byte the database holds: the whole SQLite file image when on SQLite, and on
    any database every value of every table, text and binary alike."""
    chunks = []
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        chunks.append(bytes(connection.connection.serialize()))
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, bytearray, memoryview)):
                        chunks.append(bytes(value))
                    elif value is not None:
                        chunks.append(str(value).encode("utf-8"))
    return b"\n".join(chunks)


def _fragments(text: str) -> list[bytes]:
    # The distinctive word of each secret, in the encodings a database could hold it in.
    word = text.split(":")[0].split()[0]
    return [word.encode("utf-8"), word.encode("utf-16-le"), word.lower().encode()]


@pytest.fixture
def full_report(people, submit, keyring):
    submitted = submit(
        description=SECRET_DESCRIPTION,
        anonymity="confidential",
        reporter_name=SECRET_NAME,
        reporter_email=SECRET_EMAIL,
        happened_where="Counter-Wombat-2201 Rijswijk",
        attachments=[Upload(SECRET_FILE_NAME, SECRET_FILE_TEXT.encode())],
    )
    report = submitted.report
    ring = keyring(people.handler)
    services.acknowledge(report=report, user=people.handler, keyring=ring)
    services.send_message(report=report, user=people.handler, keyring=ring, body=SECRET_MESSAGE, question=True)
    access = services.open_with_receipt(submitted.receipt)
    services.add_reporter_message(access, body=SECRET_ANSWER)
    allegation = services.add_allegation(report=report, user=people.handler, keyring=ring, summary=SECRET_ALLEGATION)
    services.record_finding(
        allegation=allegation, user=people.handler, keyring=ring, outcome="substantiated", reasons=SECRET_FINDING
    )
    return submitted


def test_nothing_the_reporter_or_handler_wrote_is_in_the_database(full_report):
    dump = database_bytes()
    assert full_report.report.reference.encode() in dump  # the dump really holds the report's row
    for secret in (
        SECRET_DESCRIPTION,
        SECRET_NAME,
        SECRET_EMAIL,
        SECRET_MESSAGE,
        SECRET_ANSWER,
        SECRET_ALLEGATION,
        SECRET_FINDING,
        SECRET_FILE_TEXT,
        "Counter-Wombat-2201",
    ):
        for fragment in _fragments(secret):
            assert fragment not in dump, f"{fragment!r} is stored in the clear"
    assert SECRET_FILE_NAME.encode() not in dump
    assert SECRET_EMAIL.encode() not in dump


def test_the_database_dump_would_show_plain_text(people, db):
    """The dump is not blind: text stored in the clear is found by the same check."""
    people.colleague.name = "Zebra-Quokka-7781"
    people.colleague.save()
    assert b"Zebra-Quokka-7781" in database_bytes()


def test_a_handler_the_key_was_sealed_for_reads_everything(full_report, people, keyring):
    report = full_report.report
    opened = services.read_report(report=report, user=people.handler2, keyring=keyring(people.handler2))
    assert opened.content["description"] == SECRET_DESCRIPTION
    assert [m.body for m in opened.messages if m.kind in ("question", "addition")] == [SECRET_MESSAGE, SECRET_ANSWER]
    assert opened.allegations[0]["summary"] == SECRET_ALLEGATION
    assert opened.allegations[0]["reasons"] == SECRET_FINDING
    name, _type, data = services.read_attachment(
        report=report, user=people.handler2, keyring=keyring(people.handler2), attachment_id=opened.attachments[0]["pk"]
    )
    assert (name, data) == (SECRET_FILE_NAME, SECRET_FILE_TEXT.encode())
    identity = services.reveal_identity(
        report=report,
        user=people.officer,
        keyring=keyring(people.officer),
        reason="Needed to protect the reporter against a transfer",
    )
    assert identity["name"] == SECRET_NAME


def test_a_handler_without_a_sealed_key_cannot_open_it(full_report, people, keyring, make_user):
    from loket.core.roles import Role

    late = make_user(Role.REPORT_HANDLER, username="latecomer")  # got a key pair after the intake
    ring = keyring(late)
    assert not ReportKey.objects.filter(report=full_report.report, user=late).exists()
    with pytest.raises(crypto.LockedError):
        ring.report_key(full_report.report)
    with pytest.raises(crypto.LockedError):
        services.read_report(report=full_report.report, user=late, keyring=ring)


def test_someone_elses_private_key_does_not_unseal(full_report, people, keyring):
    sealed_for_handler = ReportKey.objects.get(report=full_report.report, user=people.handler).sealed_key
    other = keyring(people.handler2)._private_key
    with pytest.raises(crypto.LockedError):
        crypto.unseal(other, sealed_for_handler)


def test_a_keyring_without_unlocked_key_opens_nothing(full_report, people):
    with pytest.raises(crypto.LockedError):
        Keyring(people.handler, None).report_key(full_report.report)


def test_a_wrong_password_does_not_unlock_the_private_key(people):
    pair = HandlerKeyPair.objects.get(user=people.handler)
    with pytest.raises(crypto.LockedError):
        crypto.unlock_private_key("not the password", bytes(pair.locked_private_key), bytes(pair.salt))
    with pytest.raises(crypto.LockedError):
        Keyring.from_password(people.handler, PASSWORD + "x")
    assert crypto.unlock_private_key(PASSWORD, bytes(pair.locked_private_key), bytes(pair.salt))


def test_relocking_with_a_new_password(people):
    pair = HandlerKeyPair.objects.get(user=people.handler)
    private = crypto.unlock_private_key(PASSWORD, bytes(pair.locked_private_key), bytes(pair.salt))
    locked, salt = crypto.relock_private_key(private, "a brand new passphrase")
    assert crypto.unlock_private_key("a brand new passphrase", locked, salt) == private
    with pytest.raises(crypto.LockedError):
        crypto.unlock_private_key(PASSWORD, locked, salt)


def test_receipt_is_16_digits_and_stored_only_as_its_argon2id_hash(people, submit):
    submitted = submit()
    receipt = submitted.receipt
    assert re.fullmatch(r"\d{16}", receipt)
    report = Report.objects.get(pk=submitted.report.pk)
    assert bytes(report.receipt_hash) != receipt.encode()
    assert len(bytes(report.receipt_hash)) == 32
    assert bytes(report.receipt_hash) == crypto.receipt_secrets(receipt)[0]
    dump = database_bytes()
    assert receipt.encode() not in dump
    assert crypto.format_receipt(receipt).encode() not in dump
    # The receipt opens the report; a receipt one digit off does not.
    assert services.open_with_receipt(crypto.format_receipt(receipt)).report == report
    wrong = receipt[:-1] + str((int(receipt[-1]) + 1) % 10)
    with pytest.raises(services.ReceiptNotFound):
        services.open_with_receipt(wrong)


def test_receipts_come_from_secrets(monkeypatch):
    calls = []

    def fake_randbelow(n):
        calls.append(n)
        return 7

    monkeypatch.setattr(crypto.secrets, "randbelow", fake_randbelow)
    assert crypto.new_receipt() == "7" * 16
    assert calls == [10] * 16


def test_receipts_differ():
    assert len({crypto.new_receipt() for _ in range(200)}) == 200


def test_receipt_hash_is_argon2id_with_the_stated_cost(monkeypatch):
    seen = {}
    real = crypto.hash_secret_raw

    def spy(secret, salt, **kwargs):
        seen.update(kwargs)
        return real(secret, salt, **kwargs)

    monkeypatch.setattr(crypto, "hash_secret_raw", spy)
    crypto.receipt_secrets("1234567812345678")
    assert seen["type"] == crypto.Type.ID
    assert seen["memory_cost"] >= 19 * 1024 and seen["time_cost"] >= 2


@given(
    st.lists(st.integers(0, 9), min_size=16, max_size=16),
    st.lists(st.sampled_from(["", " ", "-", "  ", " - "]), min_size=17, max_size=17),
)
def test_normalise_receipt_accepts_spaces_and_dashes(digits, separators):
    plain = "".join(map(str, digits))
    text = "".join(sep + d for sep, d in zip(separators, plain)) + separators[-1]
    assert crypto.normalise_receipt(text) == plain


@given(st.text(alphabet="0123456789", min_size=0, max_size=30).filter(lambda s: len(s) != 16))
def test_normalise_receipt_rejects_wrong_length(digits):
    assert crypto.normalise_receipt(digits) is None


@given(
    st.text(alphabet="0123456789", min_size=16, max_size=16),
    st.integers(0, 15),
    st.characters(blacklist_categories=["Nd", "Zs", "Cc"], blacklist_characters="-"),
)
def test_normalise_receipt_rejects_letters_and_symbols(digits, position, intruder):
    text = digits[:position] + intruder + digits[position + 1 :]
    assert crypto.normalise_receipt(text) is None


@given(st.text(alphabet="\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\uff11", min_size=16, max_size=16))
def test_normalise_receipt_rejects_non_ascii_digits(digits):
    assert crypto.normalise_receipt(digits) is None


def test_a_changed_password_relocks_the_key(full_report, people):
    from loket.whistle.keyring import change_key_password

    with pytest.raises(crypto.LockedError):
        change_key_password(people.handler, "not my password", "new passphrase 2026")
    change_key_password(people.handler, PASSWORD, "new passphrase 2026")
    ring = Keyring.from_password(people.handler, "new passphrase 2026")
    assert services.read_report(report=full_report.report, user=people.handler, keyring=ring).content["description"]
    with pytest.raises(crypto.LockedError):
        Keyring.from_password(people.handler, PASSWORD)


def test_sign_in_with_a_reset_password_leaves_the_key_locked_instead_of_failing(full_report, people, rf):
    from django.contrib.sessions.backends.db import SessionStore

    from loket.core import audit as core_audit
    from loket.whistle.keyring import SESSION_KEY, keyring_for, unlock_for_session

    request = rf.get("/")
    request.session = SessionStore()
    request.user = people.handler
    unlock_for_session(None, request=request, user=people.handler, password="an administrator's reset password")
    assert SESSION_KEY not in request.session
    assert not keyring_for(request).unlocked
    pair = HandlerKeyPair.objects.get(user=people.handler)
    assert [e.action for e in core_audit.entries_for(pair)] == ["whistle.key.unlock_failed"]
    # With the right password the same sign-in step unlocks it for the session.
    request = rf.get("/")
    request.session = SessionStore()
    request.user = people.handler
    unlock_for_session(None, request=request, user=people.handler, password=PASSWORD)
    assert keyring_for(request).unlocked
