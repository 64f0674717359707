"""Each outbox row gets a Message-ID chosen once, sent on every attempt.

Added empty, filled row by row (a callable default would give every existing row the same
value), then made unique and required.
"""

from django.db import migrations, models

import csa_portal.models


def give_each_row_a_message_id(apps, schema_editor):
    OutboundMessage = apps.get_model("portal", "OutboundMessage")
    for message in OutboundMessage.objects.filter(message_id__isnull=True).only("pk").iterator():
        OutboundMessage.objects.filter(pk=message.pk).update(
            message_id=csa_portal.models.new_message_id()
        )


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
