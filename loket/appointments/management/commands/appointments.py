"""``loket appointments generate|remind``: thin commands over the appointments services.

loket appointments generate --days 28   # slots from rosters for every active location
loket appointments remind               # reminders due, no-shows, lapsed offers (cron: every 15 min)
loket appointments remind --queue       # the same, as a task on the database queue
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...models import Location
from ...services import slots
from ...tasks import send_reminders


class Command(BaseCommand):
    help = "Generate slots from rosters, or send the reminders that are due."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action")
        generate = sub.add_parser("generate", help="make slots from rosters for the coming days")
        generate.add_argument("--days", type=int, default=28)
        remind = sub.add_parser("remind", help="reminders, no-shows, lapsed waiting-list offers")
        remind.add_argument("--queue", action="store_true", help="enqueue the task instead of running it here")

    def handle(self, *args, action=None, **options):
        if action == "generate":
            if not 1 <= options["days"] <= 366:
                raise CommandError("--days is 1 to 366")
            today = timezone.localdate()
            for location in Location.objects.filter(active=True):
                done = slots.generate(
                    location=location, start=today, end=today + timedelta(days=options["days"]), actor="command"
                )
                self.stdout.write(f"{location.code}: {done}")
        elif action == "remind":
            if options["queue"]:
                result = send_reminders.enqueue()
                self.stdout.write(f"queued {result.id}")
            else:
                self.stdout.write(str(send_reminders.call()))
        else:
            raise CommandError("Say what to do: generate or remind")
