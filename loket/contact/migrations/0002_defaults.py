from django.db import migrations


def install(apps, schema_editor):
    from loket.contact.defaults import install as install_defaults

    install_defaults(apps.get_model("contact", "ServiceNorm"), apps.get_model("contact", "AnswerTemplate"))


class Migration(migrations.Migration):
    dependencies = [("contact", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
