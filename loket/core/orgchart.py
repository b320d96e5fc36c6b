"""Importing the organisation chart from CSV.

One row per employee, or per unit when the employee columns are empty::

    unit_code,unit_name,parent_unit_code,employee_number,employee_name,email,is_manager,username

Rows may come in any order. A file with any bad row stores nothing and lists every bad
row with its line number; importing the same file twice changes nothing.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from . import audit
from .org_models import Employee, OrgUnit

COLUMNS = ["unit_code", "unit_name", "parent_unit_code", "employee_number", "employee_name",
           "email", "is_manager", "username"]
TRUE = {"1", "yes", "ja", "true", "y", "j"}


class OrgChartError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    units: int = 0
    employees: int = 0
    warnings: list[str] = field(default_factory=list)


def import_csv(text: str, *, actor=None) -> ImportResult:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("unit_code", "unit_name") if c not in (reader.fieldnames or [])]
    if missing:
        raise OrgChartError([_("The file lacks the columns: %s.") % ", ".join(missing)])
    rows, errors = [], []
    units: dict[str, dict] = {}
    for line, row in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        if not row.get("unit_code"):
            errors.append(_("line %(line)d: the unit code is empty") % {"line": line})
            continue
        unit = units.setdefault(row["unit_code"], {"name": "", "parent": "", "manager": ""})
        unit["name"] = row.get("unit_name") or unit["name"]
        unit["parent"] = row.get("parent_unit_code") or unit["parent"]
        if row.get("employee_number"):
            if not row.get("employee_name"):
                errors.append(_("line %(line)d: employee %(number)s has no name") % {
                    "line": line, "number": row["employee_number"]})
                continue
            if row.get("is_manager", "").lower() in TRUE:
                if unit["manager"] and unit["manager"] != row["employee_number"]:
                    errors.append(_("line %(line)d: unit %(unit)s has two managers") % {
                        "line": line, "unit": row["unit_code"]})
                unit["manager"] = row["employee_number"]
            rows.append((line, row))
    for code, unit in units.items():
        if not unit["name"]:
            errors.append(_("unit %s has no name") % code)
        if unit["parent"] and unit["parent"] not in units and not OrgUnit.objects.filter(code=unit["parent"]).exists():
            errors.append(_("unit %(unit)s names an unknown parent unit %(parent)s") % {
                "unit": code, "parent": unit["parent"]})
    if errors:
        raise OrgChartError(errors)

    result = ImportResult()
    User = get_user_model()
    with transaction.atomic():
        by_code = {}
        for code, unit in units.items():
            obj, _created = OrgUnit.objects.update_or_create(code=code, defaults={"name": unit["name"]})
            by_code[code] = obj
        for code, unit in units.items():
            parent = by_code.get(unit["parent"]) or OrgUnit.objects.filter(code=unit["parent"]).first()
            by_code[code].parent = parent
            by_code[code].save(update_fields=["parent"])
        # A cycle in the chart would make "every manager above" meaningless.
        for code, obj in by_code.items():
            seen, cur = set(), obj
            while cur is not None:
                if cur.pk in seen:
                    transaction.set_rollback(True)
                    raise OrgChartError([_("the units form a cycle at %s") % code])
                seen.add(cur.pk)
                cur = cur.parent
        employees = {}
        for line, row in rows:
            user = None
            if row.get("username"):
                user = User.objects.filter(username=row["username"]).first()
                if user is None:
                    result.warnings.append(_("line %(line)d: no user %(username)s; the employee is stored without account") % {
                        "line": line, "username": row["username"]})
            emp, _created = Employee.objects.update_or_create(
                number=row["employee_number"],
                defaults={"name": row["employee_name"], "email": row.get("email", ""),
                          "unit": by_code[row["unit_code"]], **({"user": user} if user else {})},
            )
            employees[emp.number] = emp
        for code, unit in units.items():
            if unit["manager"]:
                by_code[code].manager = employees[unit["manager"]]
                by_code[code].save(update_fields=["manager"])
        result.units, result.employees = len(by_code), len(employees)
        audit.record(actor=actor, action="orgchart.imported", object_type="core.orgunit", object_id="*",
                     data={"units": result.units, "employees": result.employees})
    return result
