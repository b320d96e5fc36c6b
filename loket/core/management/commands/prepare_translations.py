"""``loket prepare_translations``: write the translators' catalogues (settings.TRANSLATIONS_DIR).

Run at every deployment (after the code, before the web processes start) and once before a
translator starts: each client language gets one catalogue of all client texts; texts a
translator corrected are kept.
"""

from django.core.management.base import BaseCommand

from loket.core import translations


class Command(BaseCommand):
    help = "Write the translators' catalogues of the client texts; keep every correction a translator made."

    def handle(self, *args, **options):
        kept = translations.prepare()
        root = translations.translations_dir()
        for lang, count in kept.items():
            self.stdout.write(f"{lang}: {root / lang / 'LC_MESSAGES' / 'django.po'} ({count} corrections kept)")
