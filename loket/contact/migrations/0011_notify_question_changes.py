"""PostgreSQL: every statement that changes a question, a contact or an answer notifies
``loket_questions_changed``, so an import can tell whether another connection changed what
its grouping index holds between two of its batches (``import_index.questions_changed``)."""

from django.db import migrations

from loket.core.migration_ops import notify_on_change

# As they were when this migration was written (a test checks the current ones).
TABLES = ("contact_question", "contact_contact", "contact_answer")


class Migration(migrations.Migration):
    dependencies = [("contact", "0010_plain_text_indexes")]

    operations = [notify_on_change("loket_questions_changed", TABLES)]
