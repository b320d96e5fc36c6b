"""Who is protected against retaliation, kept so that the database does not say who.

A protection row holds the report, the day protection began, a keyed hash of the
employee (``employee_tag``, BLAKE2b keyed with ``WHISTLE_PROTECTION_KEY``, which lives in
the environment, not in the database) and, encrypted with the report's key, the
employee and the role (reporter, helper, witness). The register of personnel measures
computes the tag of the employee a measure is for and looks it up: a measure against a
protected person is flagged although no plain column links the two.

What someone who can read (or copy) the database, but not the settings, learns:
* not who is protected, nor in which role: the tag cannot be computed without the key,
  and employee ids are few, so an unkeyed hash would be; the role is inside the box;
* how many people a report protects, and that two reports protect the same person
  (equal tags);
* that the employee of a *flagged* measure is protected by some report. The flag is the
  register's purpose and cannot be hidden from its own table; it does not say which
  report, nor whether the employee reported, helped or witnessed (witnesses and helpers
  are named in plain for independence, so a flag on someone not named leans towards the
  reporter). With the key as well (the whole server), the link can be recomputed: the
  key keeps a database copy, backup or SQL reader out, not the server itself;
* from the audit log, when a handler confirmed a protection and when measures were
  flagged: a reader of both can pair the two in time. Protection is never set at intake
  from the public channel, so the moment a report arrives flags nothing.
A writer to the database cannot make someone protected either: a tag is needed, and only
the key makes one.
"""

from __future__ import annotations

import base64
import json
from datetime import date

from django.db import transaction
from django.utils import timezone

from ..core.org_models import Employee
from . import crypto
from .keyring import Keyring
from .models import ProtectedPerson, Report


def protect(*, report: Report, employee: Employee, role: str, report_key: bytes) -> tuple[ProtectedPerson, bool]:
    """Protect ``employee`` from the day of the report; (row, created)."""
    since = timezone.localdate(report.received_at)
    return ProtectedPerson.objects.get_or_create(
        report=report,
        employee_tag=crypto.employee_tag(employee.pk),
        defaults={
            "protected_since": since,
            "person_box": crypto.encrypt_json(report_key, {"employee": employee.pk, "role": role}),
        },
    )


def is_protected(employee: Employee, on: date) -> bool:
    """Protected on ``on``: a reporter, helper or witness of a report received by then."""
    return ProtectedPerson.objects.filter(
        employee_tag=crypto.employee_tag(employee.pk), protected_since__lte=on
    ).exists()


def protected_ids(employee_ids, rows) -> set[int]:
    """Those of ``employee_ids`` whose tag is among the protection ``rows`` (a queryset)."""
    tags = {bytes(t) for t in rows.values_list("employee_tag", flat=True)}
    return {pk for pk in employee_ids if crypto.employee_tag(pk) in tags} if tags else set()


def persons_of(report: Report, report_key: bytes) -> list[dict]:
    """The report's protected persons, opened with its key: employee, role, since."""
    out = []
    for row in report.protected_persons.exclude(person_box=None).order_by("protected_since", "pk"):
        person = crypto.decrypt_json(report_key, row.person_box)
        out.append(
            {
                "employee": Employee.objects.filter(pk=person["employee"]).select_related("unit").first(),
                "role": person["role"],
                "role_label": ProtectedPerson.Role(person["role"]).label,
                "since": row.protected_since,
            }
        )
    return out


def open_carried_over(report: Report, keyring: Keyring, report_key: bytes) -> int:
    """Rows carried over from before encryption (migration 0003) hold their link sealed
    for each handler's public key; the first handler here re-encrypts it with the report
    key and the sealed copies go. Returns how many rows were re-encrypted."""
    done = 0
    for row in report.protected_persons.filter(person_box=None):
        sealed = row.legacy_sealed.get(str(keyring.user.pk))
        if not sealed:
            continue
        try:
            person = json.loads(keyring.open_sealed(base64.b64decode(sealed)))
        except (crypto.LockedError, ValueError):
            continue
        with transaction.atomic():
            ProtectedPerson.objects.filter(pk=row.pk).update(
                person_box=crypto.encrypt_json(report_key, person), legacy_sealed={}
            )
        done += 1
    return done


def seal_for_holders(payload: dict, public_keys: dict[int, bytes]) -> dict[str, str]:
    """The payload sealed for each key holder, by user id: what migration 0003 stores."""
    plain = json.dumps(payload).encode()
    return {str(uid): base64.b64encode(crypto.seal(pk, plain)).decode() for uid, pk in public_keys.items()}
