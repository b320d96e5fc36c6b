"""``loket apitoken create|list|revoke``: API tokens for partner systems (thin over services)."""

import getpass
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from loket.api import selectors, services
from loket.core.roles import Role


def _expiry(value: str):
    if not value:
        return None
    try:
        moment = parse_datetime(value) or datetime.combine(parse_date(value), time.min)
    except (TypeError, ValueError):  # parse_date gives None for a wrong shape, raises for a wrong day
        raise CommandError(f"--expires: not a date or time: {value}") from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _fail(exc: ValidationError):
    lines = [f"{field}: {message}" for field, messages in exc.message_dict.items() for message in messages]
    raise CommandError("; ".join(lines))


#: Short names partner documentation uses: an "agent" token acts as a contact agent.
ROLE_ALIASES = {"agent": Role.CONTACT_AGENT.value}


class Command(BaseCommand):
    help = "Make, list and revoke API tokens. A token acts as a service user holding one role."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="make a token; it is printed once and stored only as a hash")
        create.add_argument(
            "name", nargs="?", default="", help="the partner system, e.g. telephony-platform (default: role and date)"
        )
        roles = [r for r in Role.values if r not in services.REFUSED_ROLES]
        create.add_argument("--role", required=True, choices=roles + sorted(ROLE_ALIASES))
        create.add_argument("--unit", default="", help="unit code whose cases the token may see (case roles)")
        create.add_argument("--expires", default="", help="date or ISO time after which the token stops working")
        sub.add_parser("list", help="list tokens (never the token itself)")
        revoke = sub.add_parser("revoke", help="revoke a token for good")
        revoke.add_argument("name")

    def handle(self, *args, action, **options):
        actor = f"cli:{getpass.getuser()}"
        if action == "create":
            role = ROLE_ALIASES.get(options["role"], options["role"])
            name = options["name"] or f"{role.replace('_', '-')}-{timezone.now():%Y%m%d-%H%M%S}"
            try:
                token, raw = services.create_token(
                    name=name,
                    role=role,
                    actor=actor,
                    unit=options["unit"],
                    expires_at=_expiry(options["expires"]),
                )
            except ValidationError as exc:
                _fail(exc)
            self.stderr.write(f"Token {token.name} ({token.role}) made. Store it now: it is not shown again.")
            self.stdout.write(raw)
        elif action == "revoke":
            try:
                token = services.revoke_token(name=options["name"], actor=actor)
            except ValidationError as exc:
                _fail(exc)
            self.stdout.write(f"{token.name} revoked at {token.revoked_at:%Y-%m-%d %H:%M:%S %Z}")
        else:
            now = timezone.now()
            for t in selectors.tokens():
                state = "revoked" if t.revoked_at else ("expired" if not t.is_valid(now) else "active")
                employee = getattr(t.user, "employee", None)
                unit = employee.unit.code if employee and employee.unit else "-"
                used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
                expires = f"{t.expires_at:%Y-%m-%d %H:%M}" if t.expires_at else "-"
                self.stdout.write(
                    f"{t.name}\t{t.role}\t{unit}\t{t.prefix}…\t{state}\texpires {expires}\tlast used {used}"
                )
