"""Each application keeps the details and consent it was submitted with.

Until now the public apply form overwrote the person's record; applications made before
this migration are given what that record says today, the best that is known of them.
"""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_details_from_candidates(apps, schema_editor):
    Application = apps.get_model("applicants", "Application")
    Candidate = apps.get_model("applicants", "Candidate")
    person = Candidate.objects.filter(pk=OuterRef("candidate_id"))
    Application.objects.update(
        **{
            field: Subquery(person.values(field)[:1])
            for field in ("name", "phone", "location", "consent_given_at", "privacy_notice_version")
        }
    )


class Migration(migrations.Migration):
    dependencies = [
        ("applicants", "0002_default_rejection_reasons"),
    ]

    operations = [
        migrations.AddField(
            model_name="candidate",
            name="details_updated_at",
            field=models.DateTimeField(
                blank=True, help_text="When the candidate last changed their details.", null=True
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="name",
            field=models.CharField(default="", max_length=200),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="application",
            name="phone",
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.AddField(
            model_name="application",
            name="location",
            field=models.CharField(blank=True, max_length=120),
        ),
        migrations.AddField(
            model_name="application",
            name="consent_given_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="application",
            name="privacy_notice_version",
            field=models.CharField(default="", max_length=20),
            preserve_default=False,
        ),
        migrations.RunPython(copy_details_from_candidates, migrations.RunPython.noop),
    ]
