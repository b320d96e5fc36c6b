"""Encryption at rest for the reporting channel (libsodium through PyNaCl).

* Each report has its own random key; content, identity, messages and attachments are
  encrypted with it (XSalsa20-Poly1305, ``SecretBox``).
* That key is sealed (``SealedBox``) for the public key of every handler allowed to read
  the report, and once more with a key derived from the reporter's receipt.
* A handler's private key is locked with a key derived from their password (argon2id).
  At sign-in it is unlocked and re-wrapped with a random key that lives only in the
  handler's browser cookie; the server session holds the wrapped copy. So the database
  and the server's settings together, without a handler's password or live session,
  open nothing.
"""

from __future__ import annotations

import hashlib
import json
import secrets

import nacl.pwhash
import nacl.secret
import nacl.utils
from argon2.low_level import Type, hash_secret_raw
from django.conf import settings
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

KEY_SIZE = nacl.secret.SecretBox.KEY_SIZE
RECEIPT_DIGITS = 16

# argon2id cost for receipts: every try at a receipt costs this, online or offline. The
# figures are OWASP's recommended minimum for argon2id (19 MiB, 2 passes); with 10^16
# receipts an offline search stays out of reach, and an intake stays fast.
RECEIPT_TIME_COST = 2
RECEIPT_MEMORY_KIB = 19 * 1024
# argon2id cost for unlocking a handler's key with their password.
PASSWORD_OPSLIMIT = nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE
PASSWORD_MEMLIMIT = nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE


class LockedError(Exception):
    """The key needed is not unlocked in this session (or the secret was wrong)."""


def new_report_key() -> bytes:
    return nacl.utils.random(KEY_SIZE)


def encrypt(key: bytes, plaintext: bytes | str) -> bytes:
    if isinstance(plaintext, str):
        plaintext = plaintext.encode("utf-8")
    return bytes(nacl.secret.SecretBox(key).encrypt(plaintext))


def decrypt(key: bytes, box: bytes | memoryview) -> bytes:
    try:
        return nacl.secret.SecretBox(key).decrypt(bytes(box))
    except CryptoError as exc:
        raise LockedError("the box does not open with this key") from exc


def encrypt_json(key: bytes, value) -> bytes:
    return encrypt(key, json.dumps(value, ensure_ascii=False))


def decrypt_json(key: bytes, box):
    return json.loads(decrypt(key, box).decode("utf-8"))


def decrypt_text(key: bytes, box) -> str:
    return decrypt(key, box).decode("utf-8") if box is not None else ""


# --- receipts -------------------------------------------------------------------------


def new_receipt() -> str:
    """16 digits from the operating system's secure generator (``secrets``)."""
    return "".join(str(secrets.randbelow(10)) for _ in range(RECEIPT_DIGITS))


def normalise_receipt(text: str) -> str | None:
    """Digits only, spaces and dashes allowed between them; ``None`` if not 16 digits."""
    digits = "".join(ch for ch in str(text or "") if ch not in " -\u00a0\t")
    if len(digits) != RECEIPT_DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    return digits


def _receipt_salt() -> bytes:
    pepper = getattr(settings, "WHISTLE_RECEIPT_PEPPER", "") or settings.SECRET_KEY
    return hashlib.blake2b(pepper.encode(), digest_size=16, person=b"loket-receipt").digest()


def receipt_secrets(receipt: str) -> tuple[bytes, bytes]:
    """(lookup hash, reporter key) from one argon2id run over the receipt.

    The 64-byte argon2id output is one BLAKE2b-512 block; its first half is stored to find
    the report, its second half opens the report key and is never stored.
    """
    raw = hash_secret_raw(
        receipt.encode("ascii"),
        _receipt_salt(),
        time_cost=RECEIPT_TIME_COST,
        memory_cost=RECEIPT_MEMORY_KIB,
        parallelism=1,
        hash_len=64,
        type=Type.ID,
    )
    return raw[:32], raw[32:]


# --- the blind index of protected employees ------------------------------------------


def _protection_key() -> bytes:
    """The key of the protection register's blind index. It lives in the settings (the
    environment), never in the database; without it an employee's tag cannot be
    computed, so a reader of the database cannot test numbers against the register."""
    secret = getattr(settings, "WHISTLE_PROTECTION_KEY", "") or settings.SECRET_KEY
    return hashlib.blake2b(secret.encode(), digest_size=32, person=b"loket-protect").digest()


def employee_tag(employee_id: int) -> bytes:
    """A keyed hash (BLAKE2b-MAC) of an employee's record id (stable when a number is
    corrected): the same employee always gets the same tag, nobody without the key can
    compute one."""
    return hashlib.blake2b(
        str(int(employee_id)).encode("ascii"), key=_protection_key(), digest_size=32, person=b"loket-emp-tag"
    ).digest()


def format_receipt(receipt: str) -> str:
    return " ".join(receipt[i : i + 4] for i in range(0, len(receipt), 4))


# --- handler keys ---------------------------------------------------------------------


def _password_key(password: str, salt: bytes) -> bytes:
    return nacl.pwhash.argon2id.kdf(
        KEY_SIZE, password.encode("utf-8"), salt, opslimit=PASSWORD_OPSLIMIT, memlimit=PASSWORD_MEMLIMIT
    )


def new_handler_keypair(password: str) -> tuple[bytes, bytes, bytes]:
    """(public key, locked private key, salt) for a handler with this password."""
    private = PrivateKey.generate()
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    locked = encrypt(_password_key(password, salt), bytes(private))
    return bytes(private.public_key), locked, salt


def unlock_private_key(password: str, locked: bytes, salt: bytes) -> bytes:
    return decrypt(_password_key(password, bytes(salt)), locked)


def relock_private_key(private_key: bytes, new_password: str) -> tuple[bytes, bytes]:
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    return encrypt(_password_key(new_password, salt), private_key), salt


def seal(public_key: bytes, report_key: bytes) -> bytes:
    return bytes(SealedBox(PublicKey(bytes(public_key))).encrypt(report_key))


def unseal(private_key: bytes, sealed: bytes) -> bytes:
    try:
        return SealedBox(PrivateKey(bytes(private_key))).decrypt(bytes(sealed))
    except CryptoError as exc:
        raise LockedError("the sealed key is not for this handler") from exc
