from django.db import migrations

CLOSING = (
    "\n\nThank you again for your interest. You are welcome to apply for other roles on our "
    "careers page at any time."
)

# Written out here rather than imported: a migration must not change when the code does.
REASONS = [
    (
        "Another candidate was a closer match",
        "Thank you for applying for the {{ role_title }} role. We had many strong applicants "
        "and have chosen to move forward with people whose experience matches this role a "
        "little more closely." + CLOSING,
    ),
    (
        "Not enough relevant experience yet",
        "Thank you for applying for the {{ role_title }} role. For this role we need a bit "
        "more hands-on experience than your application shows today, so we will not take it "
        "further. Entry-level roles may be a good fit." + CLOSING,
    ),
    (
        "Did not meet a stated requirement",
        "Thank you for applying for the {{ role_title }} role. One of the requirements we "
        "listed for this role is essential, and your answers show it is not met at the "
        "moment, so we cannot take your application further." + CLOSING,
    ),
    (
        "Did not complete the assessment",
        "Thank you for applying for the {{ role_title }} role. We did not receive the online "
        "tasks within the time we allowed, so we have closed your application." + CLOSING,
    ),
    (
        "The role has been filled or closed",
        "Thank you for applying for the {{ role_title }} role. The role has now been filled "
        "or closed, so we cannot take your application further." + CLOSING,
    ),
]


def create_reasons(apps, schema_editor):
    RejectionReason = apps.get_model("applicants", "RejectionReason")
    for position, (label, body) in enumerate(REASONS, 1):
        RejectionReason.objects.get_or_create(
            label=label,
            defaults={
                "email_subject": "Your application for {{ role_title }}",
                "email_body": body,
                "position": position,
            },
        )


def remove_reasons(apps, schema_editor):
    apps.get_model("applicants", "RejectionReason").objects.filter(
        label__in=[label for label, _ in REASONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("applicants", "0001_initial")]

    operations = [migrations.RunPython(create_reasons, remove_reasons)]
