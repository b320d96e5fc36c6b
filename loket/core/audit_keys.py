"""The audit log's keys, which the database never holds (README: "The audit log's key and
checkpoints").

- The *chain key* (HMAC-SHA256) keys every entry's hash, so that whoever can write the
  database but not read this key cannot recompute the chain after changing it. Its id (a
  fingerprint, not the key) is stored with each entry, so that a rotated key still verifies
  the entries it made.
- The *signing key* (Ed25519) signs the checkpoints written outside the database; its public
  half, the *verify key*, is all an integrity officer needs to check them.

Keys come from the environment (``LOKET_AUDIT_KEY``, ``LOKET_AUDIT_SIGNING_KEY``, hex) or
from files in ``AUDIT_KEY_DIR``. With neither, a demo key pair is generated there once,
with a warning: fine for ``make demo`` and the tests, wrong for production.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed
from nacl.signing import SigningKey, VerifyKey

log = logging.getLogger("loket.audit")

CHAIN_FILE = "chain.key"
RETIRED_GLOB = "chain-retired-*.key"
SIGNING_FILE = "checkpoint-signing.key"
VERIFY_FILE = "checkpoint-verify.key"


class AuditKeyError(Exception):
    """A key is missing or malformed: the log cannot be written or checked safely."""


def key_id(key: bytes) -> str:
    """A short public name of a key: a hash of it, from which the key cannot be found."""
    return hashlib.blake2b(key, digest_size=8, person=b"loket-audit-id").hexdigest()


def _hex(text: str, what: str, length: int | None = None) -> bytes:
    try:
        raw = bytes.fromhex(text.strip())
    except ValueError:
        raise AuditKeyError(f"{what} is not hexadecimal") from None
    if (length is not None and len(raw) != length) or len(raw) < 32:
        raise AuditKeyError(f"{what} must be {length or 'at least 32'} bytes (hex)")
    return raw


def _key_dir() -> Path:
    return Path(settings.AUDIT_KEY_DIR)


def _write_secret(path: Path, data: str, mode: int = 0o600) -> None:
    """Write a key file whole or not at all, and never over one that exists (two processes
    making demo keys at once both end up with the first one's)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as out:
        out.write(data + "\n")
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def _demo_keys() -> None:
    """Generate a chain key and a signing key in the key folder, once, and say so."""
    folder = _key_dir()
    made = []
    if not (folder / CHAIN_FILE).exists():
        _write_secret(folder / CHAIN_FILE, os.urandom(32).hex())
        made.append(CHAIN_FILE)
    if not (folder / SIGNING_FILE).exists():
        _write_secret(folder / SIGNING_FILE, bytes(SigningKey.generate()).hex())
        made.append(SIGNING_FILE)
    if not (folder / VERIFY_FILE).exists():
        signing = SigningKey(bytes.fromhex((folder / SIGNING_FILE).read_text().strip()))
        _write_secret(folder / VERIFY_FILE, bytes(signing.verify_key).hex(), 0o644)
    if made:
        log.warning(
            "audit log: generated demo keys %s in %s; in production give LOKET_AUDIT_KEY and "
            "LOKET_AUDIT_SIGNING_KEY or keys in LOKET_AUDIT_KEY_DIR outside the database's reach",
            ", ".join(made),
            folder,
        )


@dataclass(frozen=True)
class Keys:
    current_id: str
    chain: dict[str, bytes]  # key id -> chain key, the current and the retired ones
    signing: SigningKey | None
    trusted: tuple[VerifyKey, ...]  # verify keys whose checkpoints are believed


@functools.cache
def keys() -> Keys:
    folder = _key_dir()
    from_env = os.environ.get("LOKET_AUDIT_KEY", "")
    if not from_env and not (folder / CHAIN_FILE).exists() and settings.AUDIT_DEMO_KEYS:
        _demo_keys()
    if from_env:
        current = _hex(from_env, "LOKET_AUDIT_KEY")
    elif (folder / CHAIN_FILE).exists():
        current = _hex((folder / CHAIN_FILE).read_text(), str(folder / CHAIN_FILE))
    else:
        raise AuditKeyError(f"no audit chain key: set LOKET_AUDIT_KEY or put {CHAIN_FILE} in {folder}")
    chain = {key_id(current): current}
    retired = [
        _hex(t, "LOKET_AUDIT_RETIRED_KEYS") for t in os.environ.get("LOKET_AUDIT_RETIRED_KEYS", "").split(",") if t
    ]
    retired += [_hex(p.read_text(), str(p)) for p in sorted(folder.glob(RETIRED_GLOB))]
    for old in retired:
        chain.setdefault(key_id(old), old)

    signing = None
    if seed := os.environ.get("LOKET_AUDIT_SIGNING_KEY", ""):
        signing = SigningKey(_hex(seed, "LOKET_AUDIT_SIGNING_KEY", 32))
    elif (folder / SIGNING_FILE).exists():
        signing = SigningKey(_hex((folder / SIGNING_FILE).read_text(), str(folder / SIGNING_FILE), 32))
    trusted = [
        VerifyKey(_hex(t, "LOKET_AUDIT_VERIFY_KEYS", 32))
        for t in os.environ.get("LOKET_AUDIT_VERIFY_KEYS", "").split(",")
        if t
    ]
    if (folder / VERIFY_FILE).exists():
        trusted += [
            VerifyKey(_hex(line, str(folder / VERIFY_FILE), 32))
            for line in (folder / VERIFY_FILE).read_text().split()
            if line
        ]
    if signing is not None and not trusted:
        trusted.append(signing.verify_key)
    return Keys(current_id=key_id(current), chain=chain, signing=signing, trusted=tuple(trusted))


def rotate_chain_key() -> tuple[str, str]:
    """Retire the key file's chain key and make a new one; return (old id, new id).

    Only for keys kept in files; with ``LOKET_AUDIT_KEY`` the operator rotates by moving the
    old value to ``LOKET_AUDIT_RETIRED_KEYS``."""
    if os.environ.get("LOKET_AUDIT_KEY"):
        raise AuditKeyError(
            "the chain key comes from LOKET_AUDIT_KEY: set a new one there and move the old "
            "one to LOKET_AUDIT_RETIRED_KEYS"
        )
    old = keys()
    folder = _key_dir()
    (folder / CHAIN_FILE).rename(folder / f"chain-retired-{old.current_id}.key")
    _write_secret(folder / CHAIN_FILE, os.urandom(32).hex())
    keys.cache_clear()
    return old.current_id, keys().current_id


def _forget(setting, **kwargs):
    if setting.startswith("AUDIT_"):
        keys.cache_clear()


setting_changed.connect(_forget)
