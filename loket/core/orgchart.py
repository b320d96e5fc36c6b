"""Importing the organisation chart (organogram) from CSV.

One row per employee, or per unit when the employee columns are empty::

    unit_code,unit_name,parent_unit_code,employee_number,employee_name,email,is_manager,username

Rows may come in any order, and a unit may appear on many rows as long as they agree.
A file with any bad row stores nothing and lists every bad row with its line number;
importing the same file twice changes nothing. The file is the truth for the units it
lists: their name, parent and manager (none when no row marks one). Units and employees
that the file does not mention are left as they are.
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

COLUMNS = [
    "unit_code",
    "unit_name",
    "parent_unit_code",
    "employee_number",
    "employee_name",
    "email",
    "is_manager",
    "username",
]
TRUE = {"1", "yes", "ja", "true", "y", "j", "x"}
FALSE = {"", "0", "no", "nee", "false", "n"}


class OrgChartError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    units: int = 0
    employees: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Unit:
    line: int
    name: str = ""
    parent: str = ""
    manager: str = ""


@dataclass
class _Parsed:
    units: dict[str, _Unit] = field(default_factory=dict)
    employees: dict[str, tuple[int, dict]] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        self.problems.append((line, _("line %(line)d: %(message)s") % {"line": line, "message": message}))

    @property
    def errors(self) -> list[str]:
        """Every problem, in the order of the file's lines."""
        return [message for _line, message in sorted(self.problems, key=lambda p: p[0])]


def _parse(text: str) -> _Parsed:
    parsed = _Parsed()
    reader = csv.DictReader(io.StringIO(text))
    reader.fieldnames = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [c for c in ("unit_code", "unit_name") if c not in reader.fieldnames]
    if missing:
        parsed.problems.append((1, _("The file lacks the columns: %s.") % ", ".join(missing)))
        return parsed
    for row in reader:
        line = reader.line_num
        row = {k: (v or "").strip() for k, v in row.items() if k}
        code = row.get("unit_code", "")
        if not code:
            parsed.error(line, _("the unit code is empty"))
            continue
        unit = parsed.units.setdefault(code, _Unit(line=line))
        for attr, column in (("name", "unit_name"), ("parent", "parent_unit_code")):
            value = row.get(column, "")
            if value and getattr(unit, attr) and getattr(unit, attr) != value:
                parsed.error(
                    line,
                    _("unit %(unit)s has %(column)s “%(value)s” here but “%(earlier)s” on an earlier line")
                    % {"unit": code, "column": column, "value": value, "earlier": getattr(unit, attr)},
                )
            elif value:
                setattr(unit, attr, value)
        _parse_employee(parsed, line, code, unit, row)
    return parsed


def _parse_employee(parsed: _Parsed, line: int, code: str, unit: _Unit, row: dict) -> None:
    number = row.get("employee_number", "")
    if not number:
        if row.get("employee_name"):
            parsed.error(line, _("employee %(name)s has no employee number") % {"name": row["employee_name"]})
        return
    if not row.get("employee_name"):
        parsed.error(line, _("employee %(number)s has no name") % {"number": number})
        return
    if number in parsed.employees:
        parsed.error(
            line,
            _("employee %(number)s appears again (first on line %(first)d)")
            % {"number": number, "first": parsed.employees[number][0]},
        )
        return
    flag = row.get("is_manager", "").lower()
    if flag not in TRUE | FALSE:
        parsed.error(line, _("is_manager must be yes or no, not “%(value)s”") % {"value": row["is_manager"]})
    elif flag in TRUE:
        if unit.manager:
            parsed.error(line, _("unit %(unit)s has two managers") % {"unit": code})
        unit.manager = number
    parsed.employees[number] = (line, row)


def _check_tree(parsed: _Parsed) -> None:
    """Every unit has a name and a known parent, and no unit ends up inside itself."""
    in_db = dict(OrgUnit.objects.values_list("code", "parent__code"))
    for code, unit in parsed.units.items():
        if not unit.name:
            parsed.error(unit.line, _("unit %s has no name") % code)
        if unit.parent and unit.parent not in parsed.units and unit.parent not in in_db:
            parsed.error(
                unit.line,
                _("unit %(unit)s names an unknown parent unit %(parent)s") % {"unit": code, "parent": unit.parent},
            )

    def parent_of(code):
        return parsed.units[code].parent if code in parsed.units else in_db.get(code)

    reported: set[str] = set()
    for code, unit in parsed.units.items():
        path, current = [code], parent_of(code)
        while current and current not in path:
            path.append(current)
            current = parent_of(current)
        if current == code and not reported & set(path):
            reported.update(path)
            parsed.error(unit.line, _("the units form a cycle: %s") % " > ".join([*path, code]))


def _check_accounts(parsed: _Parsed) -> dict[str, object]:
    """Each account belongs to one employee at most."""
    users, seen = {}, {}
    User = get_user_model()
    for number, (line, row) in parsed.employees.items():
        username = row.get("username", "")
        if not username:
            continue
        if username in seen:
            parsed.error(
                line,
                _("user %(username)s is already given to employee %(number)s")
                % {"username": username, "number": seen[username]},
            )
            continue
        seen[username] = number
        user = User.objects.filter(username=username).first()
        other = Employee.objects.filter(user=user).exclude(number=number).first() if user else None
        if other is not None:
            parsed.error(
                line,
                _("user %(username)s is already given to employee %(number)s")
                % {"username": username, "number": other.number},
            )
        users[number] = user
    return users


def import_csv(text: str, *, actor=None) -> ImportResult:
    parsed = _parse(text)
    _check_tree(parsed)
    users = _check_accounts(parsed)
    if parsed.problems:
        raise OrgChartError(parsed.errors)

    result = ImportResult()
    with transaction.atomic():
        by_code = {
            code: OrgUnit.objects.update_or_create(code=code, defaults={"name": unit.name})[0]
            for code, unit in parsed.units.items()
        }
        for code, unit in parsed.units.items():
            by_code[code].parent = by_code.get(unit.parent) or OrgUnit.objects.filter(code=unit.parent).first()
        employees = {}
        for number, (line, row) in parsed.employees.items():
            user = users.get(number)
            if row.get("username") and user is None:
                result.warnings.append(
                    _("line %(line)d: no user %(username)s; the employee is stored without account")
                    % {"line": line, "username": row["username"]}
                )
            employees[number], _created = Employee.objects.update_or_create(
                number=number,
                defaults={
                    "name": row["employee_name"],
                    "email": row.get("email", ""),
                    "unit": by_code[row["unit_code"]],
                    **({"user": user} if user else {}),
                },
            )
        for code, unit in parsed.units.items():
            by_code[code].manager = employees.get(unit.manager)
            by_code[code].save(update_fields=["parent", "manager"])
        result.units, result.employees = len(by_code), len(employees)
        audit.record(
            actor=actor,
            action="orgchart.imported",
            object_type="core.orgunit",
            object_id="*",
            data={"units": result.units, "employees": result.employees},
        )
    return result
