"""A GIN index for the board's full-text search, on PostgreSQL only.

The expression must match ``roles.selectors.SEARCH_VECTOR`` exactly, or the planner will not
use it. SQLite has no full-text index of this kind; the board falls back to LIKE there.
"""

from django.db import migrations

INDEX = "revision_search_gin_idx"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON roles_rolerevision "
    "USING gin (to_tsvector('english'::regconfig, COALESCE(search_document, '')))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("roles", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
