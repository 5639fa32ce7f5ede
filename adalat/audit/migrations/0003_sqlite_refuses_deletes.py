"""SQLite refuses to delete audit entries too, as PostgreSQL does since 0002.

One delete is let through: that of the oldest row left (the lowest ``id``, which SQLite keeps as
the row id). Django's test flush empties the table with ``DELETE FROM``, which walks the rows in
that order, so it still works; and a log cut at its
start fails ``adalat audit verify`` (entry #1 is missing), as a log cut anywhere else would. What
the trigger refuses is the delete that verification alone cannot see: the newest entries, with
the head moved back.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry
       WHEN old.id > (SELECT min(id) FROM audit_auditentry)
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_entry_no_delete"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_head_and_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
