"""A signature, once recorded, never changes (as a version never does); PostgreSQL also refuses
deleting it, as it does for versions (decision in 0002)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER documents_signature_immutable BEFORE UPDATE ON documents_signature
       BEGIN SELECT RAISE(ABORT, 'signatures are immutable'); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS documents_signature_immutable"]
POSTGRES = [
    """CREATE TRIGGER documents_signature_immutable BEFORE UPDATE OR DELETE ON documents_signature
       FOR EACH ROW EXECUTE FUNCTION documents_immutable()""",
]
POSTGRES_DROP = ["DROP TRIGGER IF EXISTS documents_signature_immutable ON documents_signature"]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE)


def backwards(apps, schema_editor):
    _run(schema_editor, POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_signature")]

    operations = [migrations.RunPython(forwards, backwards)]
