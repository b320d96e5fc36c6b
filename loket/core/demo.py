"""Demo data for core: roles, an organisation chart and a member of staff per role."""

from __future__ import annotations

import base64

from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Employee, OrgUnit, User
from .roles import REPORT_READER_ROLES, Role

DEMO_PASSWORD = "demo-loket-2026"

# username, name, roles, unit, manages the unit
STAFF = [
    ("director", "Dirk de Directeur", [Role.TEAM_LEAD, Role.ADMINISTRATOR], "IND", True),
    ("integrity", "Ilse Integriteit", [Role.INTEGRITY_OFFICER], "INTEGRITY", True),
    ("handler", "Hamid Behandelaar", [Role.REPORT_HANDLER], "INTEGRITY", False),
    ("handler2", "Hanna Tweede", [Role.REPORT_HANDLER], "INTEGRITY", False),
    ("investigator", "Ivo Onderzoeker", [Role.INVESTIGATOR], "INTEGRITY", False),
    ("headobjections", "Heleen Hoofd Bezwaar", [Role.TEAM_LEAD], "OBJ", True),
    ("teamlead", "Tom Teamleider", [Role.TEAM_LEAD], "OBJ1", True),
    ("objection", "Olga Bezwaarbehandelaar", [Role.OBJECTION_OFFICER], "OBJ1", False),
    ("decision", "Daan Beslisser", [Role.DECISION_OFFICER], "OBJ1", False),
    ("reader", "Rita Tweede Lezer", [Role.SECOND_READER], "OBJ1", False),
    ("agent", "Ali Contact", [Role.CONTACT_AGENT], "CONTACT", False),
    ("counter", "Cora Balie", [Role.COUNTER_AGENT], "CONTACT", False),
    ("admin", "Anna Beheer", [Role.ADMINISTRATOR], "IND", False),
    # Corrects the client texts at /desk/translations/ (README "A translator corrects a text").
    ("translator", "Tara Vertaler", [Role.TRANSLATOR], "CONTACT", False),
]
UNITS = [
    ("IND", "Immigratie- en Naturalisatiedienst", None),
    ("INTEGRITY", "Bureau Integriteit", "IND"),
    ("OBJ", "Afdeling Bezwaar", "IND"),
    ("OBJ1", "Team Bezwaar 1", "OBJ"),
    ("CONTACT", "Klantcontact", "IND"),
]


#: Demo staff who sign decisions: signing needs the second factor (issue 15 item 5).
SIGNS_DECISIONS = {"teamlead"}


def totp_secret(device: TOTPDevice) -> str:
    return base64.b32encode(bytes.fromhex(device.key)).decode().rstrip("=")


def seed(out) -> list[tuple[str, str, str]]:
    """Create the demo staff; return (username, roles, TOTP secret or '') for the printout."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    units = {}
    for code, name, parent in UNITS:
        units[code], _ = OrgUnit.objects.update_or_create(
            code=code, defaults={"name": name, "parent": units.get(parent)}
        )
    logins = []
    for n, (username, name, roles, unit, manages) in enumerate(STAFF, start=1):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username,
                email=f"{username}@loket.example",
                password=DEMO_PASSWORD,
                first_name=name.split()[0],
                last_name=" ".join(name.split()[1:]),
                is_staff=Role.ADMINISTRATOR in roles,
                is_superuser=username == "admin",
            )
        user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
        employee, _ = Employee.objects.update_or_create(
            number=f"E{n:04d}", defaults={"name": name, "email": user.email, "unit": units[unit], "user": user}
        )
        if manages:
            units[unit].manager = employee
            units[unit].save(update_fields=["manager"])
        secret = ""
        if set(roles) & REPORT_READER_ROLES or Role.ADMINISTRATOR in roles or username in SIGNS_DECISIONS:
            device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
                user=user, name="demo authenticator", confirmed=True
            )
            secret = totp_secret(device)
        logins.append((username, ", ".join(str(r.label) for r in roles), secret))
    # Employees without an account, so that reports can name people in the line.
    for number, name, unit in [
        ("E0901", "Otto Ambtenaar", "OBJ1"),
        ("E0902", "Wim Getuige", "OBJ1"),
        ("E0903", "Karin Klantcontact", "CONTACT"),
    ]:
        Employee.objects.update_or_create(number=number, defaults={"name": name, "unit": units[unit]})
    return logins
