"""Each outbox row gets a Message-ID chosen once, sent on every attempt.

Added empty, filled in one statement (a callable default would give every existing row the
same value; a loop in Python takes minutes over a million rows), then made unique.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations, models

import csa_portal.models

RANDOM_HEX = {
    "postgresql": "md5(random()::text || id::text)",
    "sqlite": "lower(hex(randomblob(16)))",
}


def give_each_row_a_message_id(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    random_hex = RANDOM_HEX.get(vendor)
    if random_hex is None:  # another database: row by row
        OutboundMessage = apps.get_model("portal", "OutboundMessage")
        for pk in OutboundMessage.objects.filter(message_id__isnull=True).values_list(
            "pk", flat=True
        ):
            OutboundMessage.objects.filter(pk=pk).update(
                message_id=csa_portal.models.new_message_id()
            )
        return
    # Only one of RANDOM_HEX's constants goes into the SQL; the domain is a parameter.
    update = (
        "UPDATE portal_outboundmessage SET message_id = "  # noqa: S608  # nosec B608 # constants and a parameter
        f"'<' || id || '.' || {random_hex} || '.outbox@' || %s || '>' "
        "WHERE message_id IS NULL"
    )
    schema_editor.execute(update, [domain])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_outbox"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboundmessage",
            name="message_id",
            field=models.CharField(
                editable=False, max_length=255, null=True, verbose_name="Message-ID"
            ),
        ),
        migrations.RunPython(give_each_row_a_message_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="outboundmessage",
            name="message_id",
            field=models.CharField(
                default=csa_portal.models.new_message_id,
                editable=False,
                max_length=255,
                unique=True,
                verbose_name="Message-ID",
            ),
        ),
    ]
