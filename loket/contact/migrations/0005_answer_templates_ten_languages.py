"""The answer template (the e-mail and letter a client gets) in every client language; an
installation that edited a template in the admin keeps its own (get_or_create)."""

from django.db import migrations


def install(apps, schema_editor):
    from loket.contact.defaults import TEMPLATES

    AnswerTemplate = apps.get_model("contact", "AnswerTemplate")
    for language, (subject, body) in TEMPLATES.items():
        AnswerTemplate.objects.get_or_create(topic="", language=language, defaults={"subject": subject, "body": body})


class Migration(migrations.Migration):
    dependencies = [("contact", "0004_regroup_due")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
