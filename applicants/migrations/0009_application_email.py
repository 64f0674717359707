"""The address each application was sent with, on the application, for the board's search.

The board's search looked for each word in the candidate's email across a join; ``garc``
matches 8,597 of a million candidates' addresses, and PostgreSQL fetched them all to keep
the few of one role (about 25 ms of the search's 30). With the address on the application,
every part of the search is one table filtered by role, answered from the role's index and
three trigram indexes.

- Adds ``Application.email`` and fills it from each candidate's address (a person's address
  never changes but by erasure). Applications of candidates already anonymised stay blank:
  erasure clears this copy like the name and phone (``services.data_rights``).
- On PostgreSQL: a trigram GIN index on ``UPPER(email)`` of the applications (the
  expression ``icontains`` compares) and drops the one on the candidates' email, which only
  this search used.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

APPLICATION_INDEX = (
    "CREATE INDEX IF NOT EXISTS application_email_trgm ON applicants_application "
    "USING gin (UPPER(email::text) gin_trgm_ops)"
)
CANDIDATE_INDEX = (
    "CREATE INDEX IF NOT EXISTS candidate_email_trgm ON applicants_candidate "
    "USING gin (UPPER(email::text) gin_trgm_ops)"
)


def copy_emails(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # One statement joined on the candidate's key; the correlated form below is the same
        # update for other databases (a million rows here take about a minute).
        schema_editor.execute(
            "UPDATE applicants_application a SET email = c.email "
            "FROM applicants_candidate c "
            "WHERE c.id = a.candidate_id AND c.anonymised_at IS NULL"
        )
        schema_editor.execute("ANALYZE applicants_application")
        return
    Application = apps.get_model("applicants", "Application")
    Candidate = apps.get_model("applicants", "Candidate")
    Application.objects.filter(candidate__anonymised_at__isnull=True).update(
        email=Subquery(Candidate.objects.filter(pk=OuterRef("candidate_id")).values("email"))
    )


def move_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(APPLICATION_INDEX)
    schema_editor.execute("DROP INDEX IF EXISTS candidate_email_trgm")


def move_index_back(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CANDIDATE_INDEX)
    schema_editor.execute("DROP INDEX IF EXISTS application_email_trgm")


class Migration(migrations.Migration):
    dependencies = [("applicants", "0008_pipeline_search_trigram")]

    operations = [
        migrations.AddField(
            model_name="application",
            name="email",
            field=models.EmailField(blank=True, max_length=254),
        ),
        migrations.RunPython(copy_emails, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(move_index, move_index_back, elidable=False),
    ]
