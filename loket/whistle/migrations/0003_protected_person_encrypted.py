"""The protection link leaves plain text: a keyed hash of the employee for the register,
and the employee and role encrypted. A migration cannot open a report's key (only a
handler's password can), so each existing link is sealed for the public key of every
handler who holds the report's key; the first of them to open the report re-encrypts it
with the report key (``protection.open_carried_over``)."""
from django.db import migrations, models


def seal_existing(apps, schema_editor):
    from loket.whistle import crypto
    from loket.whistle.protection import seal_for_holders

    ProtectedPerson = apps.get_model("whistle", "ProtectedPerson")
    ReportKey = apps.get_model("whistle", "ReportKey")
    HandlerKeyPair = apps.get_model("whistle", "HandlerKeyPair")
    for row in ProtectedPerson.objects.all().iterator():
        holders = ReportKey.objects.filter(report_id=row.report_id).values("user_id")
        public_keys = {p.user_id: bytes(p.public_key) for p in HandlerKeyPair.objects.filter(user_id__in=holders)}
        row.employee_tag = crypto.employee_tag(row.employee_id)
        row.legacy_sealed = seal_for_holders({"employee": row.employee_id, "role": row.role}, public_keys)
        row.save(update_fields=["employee_tag", "legacy_sealed"])


class Migration(migrations.Migration):

    dependencies = [
        ("whistle", "0002_report_queue_index"),
    ]

    operations = [
        migrations.AddField(model_name="protectedperson", name="employee_tag",
                            field=models.BinaryField(editable=False, max_length=32, null=True)),
        migrations.AddField(model_name="protectedperson", name="person_box",
                            field=models.BinaryField(editable=False, null=True)),
        migrations.AddField(model_name="protectedperson", name="legacy_sealed",
                            field=models.JSONField(blank=True, default=dict, editable=False)),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="protectedperson", name="protect_once_per_report"),
        migrations.RemoveField(model_name="protectedperson", name="employee"),
        migrations.RemoveField(model_name="protectedperson", name="role"),
        migrations.AlterField(model_name="protectedperson", name="employee_tag",
                              field=models.BinaryField(db_index=True, editable=False, max_length=32)),
        migrations.AddConstraint(
            model_name="protectedperson",
            constraint=models.UniqueConstraint(fields=("employee_tag", "report"), name="protect_tag_once_per_report")),
    ]
