import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from applicants.demo import reset_candidates, seed_candidates
from assessments.demo import reset_assessments, seed_assessments
from csa_portal.access import StaffGroup
from roles.demo import demo_slugs, reset_roles, seed_roles

DEFAULT_DEMO_PASSWORD = "csa-demo-2026"  # noqa: S105  # nosec B105 # documented; DEBUG only

DEMO_STAFF = [
    # username, first name, last name, group
    ("recruiter", "Rosa", "Martins", StaffGroup.RECRUITER),
    ("manager", "Hamid", "Okafor", StaffGroup.HIRING_MANAGER),
    ("reviewer", "Renee", "Lindqvist", StaffGroup.REVIEWER),
    ("admin", "Ada", "Moreau", StaffGroup.ADMIN),
]


REFUSED_RESET = (
    "seed_demo --reset deletes the demo roles, every application to them and the demo "
    "candidates. It runs only with DEBUG on, on a development database."
)

REFUSED_IN_PRODUCTION = (
    "seed_demo creates staff accounts, a superuser among them, and DEBUG is off: this looks "
    "like production, where a known password on /admin/ is an open door. To seed a "
    "production-shaped demo anyway, pass --force-demo-accounts and set DEMO_PASSWORD to a "
    "strong password of your own."
)


class Command(BaseCommand):
    help = "Create (or refresh) the demo staff users and demo content. Safe to run repeatedly."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print nothing on success.")
        parser.add_argument(
            "--force-demo-accounts",
            action="store_true",
            help="With DEBUG off, create the demo accounts anyway (DEMO_PASSWORD must be set).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo content (roles, their applications, demo candidates, "
            "assessments taken) and seed it again. DEBUG only.",
        )

    def handle(
        self,
        *args,
        quiet: bool = False,
        force_demo_accounts: bool = False,
        reset: bool = False,
        **options,
    ):
        if reset and not settings.DEBUG:
            raise CommandError(REFUSED_RESET)
        password = self.demo_password(force=force_demo_accounts)
        if reset:
            with transaction.atomic():
                for step in self.reset_steps():
                    step(role_slugs=demo_slugs(), stdout=None if quiet else self.stdout)
        with transaction.atomic():
            users = self.seed_staff(password)
        # Each step commits its own work, so mail and tasks queued on commit run inside it.
        for step in self.content_steps():
            step(users=users, stdout=self.stdout)
        if quiet:
            return
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write("Sign in at http://127.0.0.1:8000/accounts/login/ as any of:")
        for username, _first, _last, group in DEMO_STAFF:
            self.stdout.write(f"  {username:<10} ({group.label.lower()})")
        if settings.DEBUG:
            source = "DEMO_PASSWORD" if os.environ.get("DEMO_PASSWORD") else "the default"
            self.stdout.write(f"Password for all of them ({source}): {password}")
        else:  # the operator chose it; it has no business in a deployment log
            self.stdout.write("Password for all of them: the one in DEMO_PASSWORD.")
        self.stdout.write(
            "Candidates sign in by email link: at http://127.0.0.1:8000/candidate/login/ enter "
            "amara.adeyemi.0@demo.example.org; the link is printed here, in the mail console."
        )

    def demo_password(self, *, force: bool) -> str:
        """The shared demo password: the default only with DEBUG on.

        With DEBUG off the accounts are refused unless forced, and then only with a password
        given in DEMO_PASSWORD that Django's validators accept.
        """
        given = os.environ.get("DEMO_PASSWORD", "")
        if settings.DEBUG:
            return given or DEFAULT_DEMO_PASSWORD
        if not force:
            raise CommandError(REFUSED_IN_PRODUCTION)
        if not given or given == DEFAULT_DEMO_PASSWORD:
            raise CommandError(
                "--force-demo-accounts needs DEMO_PASSWORD: a strong password of your own, "
                "not the documented default."
            )
        try:
            validate_password(given)
        except ValidationError as weak:
            raise CommandError(f"DEMO_PASSWORD is too weak: {' '.join(weak.messages)}") from None
        return given

    def seed_staff(self, password: str) -> dict:
        User = get_user_model()
        users = {}
        for username, first, last, group_name in DEMO_STAFF:
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@example.com"
            is_admin = group_name == StaffGroup.ADMIN
            user.is_staff = is_admin
            user.is_superuser = is_admin
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=group_name))
            users[group_name] = user
        return users

    def content_steps(self) -> list:
        """Demo content added by the domain apps, in dependency order."""
        return [seed_roles, seed_candidates, seed_assessments]

    def reset_steps(self) -> list:
        """Each app removes its demo content, in the reverse order."""
        return [reset_assessments, reset_candidates, reset_roles]
