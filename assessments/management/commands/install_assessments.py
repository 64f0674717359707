from django.core.management.base import BaseCommand

from assessments.content import TEMPLATES
from assessments.services import install_template


class Command(BaseCommand):
    help = (
        "Install the assessments shipped with the portal (the customer service and technical "
        "support ones) and publish them. One already installed is left as it is, edits included."
    )

    def handle(self, *args, **options):
        for content in TEMPLATES.values():
            template = install_template(content=content)
            self.stdout.write(f"{template.name}: revision {template.current_revision.number}.")
