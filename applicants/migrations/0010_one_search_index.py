"""One trigram index for the pipeline's search instead of three, on PostgreSQL only.

The search asks every word of the name, the address and the resume text of a role's
applications. With an index on each (0008, 0009), a word cost three bitmap index scans,
each walking every application of every role that holds the word's trigrams: about 1-2 ms
each for a common name fragment on a million applications, twice a page (the counts and
the cards). ``Application.searched_text()`` joins the three into one upper-cased text, and
this index covers that expression: one scan a word.

The expression is written out here as it was when the index was made (a migration must not
follow the model's code); ``tests/applicants/test_pipeline_search_index.py`` fails if the
selector's expression and this index drift apart.

Built and dropped ``CONCURRENTLY`` (so the migration is not atomic): on a large table,
applying and the board keep working while the index is built. After it, the old indexes'
space is free; ``VACUUM (ANALYZE)`` of ``applicants_application`` is worth running once
(docs/operations.md).
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations
from django.db.models import TextField, Value
from django.db.models.functions import Concat, Upper

NAME = "application_search_trgm"
OLD = {
    "application_name_trgm": "UPPER(name::text) gin_trgm_ops",
    "application_email_trgm": "UPPER(email::text) gin_trgm_ops",
    "application_resume_trgm": "UPPER(resume_text::text) gin_trgm_ops",
}


def search_index() -> GinIndex:
    text = Upper(
        Concat("name", Value(" "), "email", Value(" "), "resume_text", output_field=TextField())
    )
    return GinIndex(OpClass(text, name="gin_trgm_ops"), name=NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Application = apps.get_model("applicants", "Application")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    sql = str(search_index().create_sql(Application, schema_editor, concurrently=True))
    schema_editor.execute(sql.replace(" CONCURRENTLY ", " CONCURRENTLY IF NOT EXISTS ", 1))
    for name in OLD:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


def restore_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in OLD.items():
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} "
            f"ON applicants_application USING gin ({expression})"
        )
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("applicants", "0009_application_email")]

    operations = [migrations.RunPython(create_index, restore_indexes, elidable=False)]
