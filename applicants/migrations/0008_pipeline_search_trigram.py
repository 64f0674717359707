"""Trigram indexes for the pipeline board's search, on PostgreSQL only.

The board's search finds every word anywhere in the name on the application, the
candidate's email or the resume text (Django's ``icontains``: ``UPPER(x::text) LIKE
UPPER('%word%')``). Trigram GIN indexes on those same expressions let PostgreSQL find the
matches without reading every resume of the role; ``applicants.selectors.search_applications``
asks in a form the planner can use them for. SQLite has no such index and scans, as before.

``pg_trgm`` ships with PostgreSQL (contrib); creating the extension needs the right to
create it in the database (a superuser, or a trusted-extension grant on PostgreSQL 13+).
"""

from django.db import migrations

INDEXES = {
    "application_name_trgm": "applicants_application (UPPER(name::text) gin_trgm_ops)",
    "application_resume_trgm": "applicants_application (UPPER(resume_text::text) gin_trgm_ops)",
    "candidate_email_trgm": "applicants_candidate (UPPER(email::text) gin_trgm_ops)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, target in INDEXES.items():
        table, expression = target.split(" ", 1)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin {expression}"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("applicants", "0007_stage_change_undo")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
