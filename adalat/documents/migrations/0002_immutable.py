"""Triggers that keep documents immutable: a stored content (blob) or a version never changes,
and a document keeps its case, title and author; only its count of versions moves on.

As with the audit log, PostgreSQL also refuses row deletes (TRUNCATE, used by test teardown,
is not a row delete); SQLite refuses updates only, because Django's test flush deletes rows there.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER documents_blob_immutable BEFORE UPDATE ON documents_blob
       BEGIN SELECT RAISE(ABORT, 'stored document content is immutable'); END""",
    """CREATE TRIGGER documents_version_immutable BEFORE UPDATE ON documents_documentversion
       BEGIN SELECT RAISE(ABORT, 'document versions are immutable'); END""",
    """CREATE TRIGGER documents_document_immutable BEFORE UPDATE ON documents_document
       WHEN NEW.case_id IS NOT OLD.case_id OR NEW.title IS NOT OLD.title
         OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by_id IS NOT OLD.created_by_id
         OR NEW.latest_version < OLD.latest_version
       BEGIN SELECT RAISE(ABORT, 'documents are immutable'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS documents_blob_immutable",
    "DROP TRIGGER IF EXISTS documents_version_immutable",
    "DROP TRIGGER IF EXISTS documents_document_immutable",
]
POSTGRES = [
    """CREATE FUNCTION documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' rows are immutable'; END $$""",
    """CREATE TRIGGER documents_blob_immutable BEFORE UPDATE OR DELETE ON documents_blob
       FOR EACH ROW EXECUTE FUNCTION documents_immutable()""",
    """CREATE TRIGGER documents_version_immutable BEFORE UPDATE OR DELETE ON documents_documentversion
       FOR EACH ROW EXECUTE FUNCTION documents_immutable()""",
    """CREATE TRIGGER documents_document_delete BEFORE DELETE ON documents_document
       FOR EACH ROW EXECUTE FUNCTION documents_immutable()""",
    """CREATE TRIGGER documents_document_immutable BEFORE UPDATE ON documents_document
       FOR EACH ROW WHEN (NEW.case_id IS DISTINCT FROM OLD.case_id OR NEW.title IS DISTINCT FROM OLD.title
         OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.created_by_id IS DISTINCT FROM OLD.created_by_id
         OR NEW.latest_version < OLD.latest_version)
       EXECUTE FUNCTION documents_immutable()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS documents_blob_immutable ON documents_blob",
    "DROP TRIGGER IF EXISTS documents_version_immutable ON documents_documentversion",
    "DROP TRIGGER IF EXISTS documents_document_delete ON documents_document",
    "DROP TRIGGER IF EXISTS documents_document_immutable ON documents_document",
    "DROP FUNCTION IF EXISTS documents_immutable()",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE)


def backwards(apps, schema_editor):
    _run(schema_editor, POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
