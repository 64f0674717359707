"""Every closed application gets a closing time: retention counts from it.

The services have always set ``closed_at`` when an application is rejected, withdrawn or
hired; a row closed some other way (by hand, an import) takes the time of its last stage
change into that status, or failing that its last update.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

CLOSED = ["hired", "rejected", "withdrawn"]


def backfill(apps, schema_editor):
    Application = apps.get_model("applicants", "Application")
    StageChange = apps.get_model("applicants", "StageChange")
    last_change = (
        StageChange.objects.filter(application=OuterRef("pk"), to_status=OuterRef("status"))
        .order_by("-at")
        .values("at")[:1]
    )
    Application.objects.filter(status__in=CLOSED, closed_at__isnull=True).update(
        closed_at=Coalesce(Subquery(last_change), "updated_at")
    )


class Migration(migrations.Migration):
    dependencies = [("applicants", "0005_talent_pool_consent")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
