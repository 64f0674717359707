import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from dashboard.management.commands.seed_demo import DEFAULT_DEMO_PASSWORD


@pytest.fixture
def development(settings):
    """``make run``: DEBUG on (the test runner turns it off)."""
    settings.DEBUG = True


@pytest.mark.django_db
def test_seed_demo_creates_one_user_per_group_and_is_idempotent(development, capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    users = get_user_model().objects.prefetch_related("groups")
    assert users.count() == 6
    groups = {user.username: {g.name for g in user.groups.all()} for user in users}
    assert groups == {
        "recruiter": {"recruiter"},
        "manager": {"hiring manager"},
        "reviewer": {"reviewer"},
        "admin": {"admin"},
        # Two more of the review panel, who cannot sign in: they have scored demo answers.
        "tomas.reyes": {"reviewer"},
        "mei.chen": {"reviewer"},
    }
    assert not users.get(username="mei.chen").has_usable_password()
    output = capsys.readouterr().out
    assert DEFAULT_DEMO_PASSWORD in output
    assert "http://127.0.0.1:8000/accounts/login/" in output


@pytest.mark.django_db
def test_seed_demo_uses_demo_password_from_the_environment(development, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-different-demo-secret")
    call_command("seed_demo", quiet=True)
    users = get_user_model().objects.in_bulk(field_name="username")
    assert users["recruiter"].check_password("a-different-demo-secret")
    assert not users["recruiter"].check_password(DEFAULT_DEMO_PASSWORD)


@pytest.mark.django_db
def test_only_the_demo_admin_may_use_django_admin(development):
    call_command("seed_demo", quiet=True)
    users = get_user_model().objects.in_bulk(field_name="username")
    assert users["admin"].is_superuser
    assert not any(users[name].is_staff for name in ("recruiter", "manager", "reviewer"))


@pytest.mark.django_db
def test_seed_demo_gives_every_role_an_assessment_and_attempts_in_every_state(development):
    from assessments.models import Attempt, RoleAssessment, TaskResponse
    from roles.models import RoleProfile

    call_command("seed_demo", quiet=True)
    call_command("seed_demo", quiet=True)  # a second run adds nothing
    published = RoleProfile.objects.filter(status="published").count()
    assert RoleAssessment.objects.count() == published
    states = set(Attempt.objects.values_list("status", flat=True))
    assert {"invited", "in_progress", "submitted", "expired"} <= states
    submitted = Attempt.objects.filter(status="submitted")
    assert all(a.submitted_at > a.invited_at for a in submitted)
    assert TaskResponse.objects.filter(kind="written_escalation").exclude(answers={}).exists()
    assert Attempt.objects.count() == Attempt.objects.values("application").distinct().count()


@pytest.mark.django_db
def test_demo_reviewer_has_work_and_the_manager_has_decisions_to_make(development, client):
    from django.contrib.auth import get_user_model

    from assessments.models import Decision, Result, Review

    call_command("seed_demo", quiet=True)
    users = get_user_model().objects.in_bulk(field_name="username")
    open_for_demo = Review.objects.filter(reviewer=users["reviewer"], submitted_at__isnull=True)
    assert open_for_demo.exists()
    assert Review.objects.filter(submitted_at__isnull=False).exists()
    assert Result.objects.filter(complete=True).exists()
    assert Decision.objects.exists()
    client.force_login(users["reviewer"])
    assert "waiting for your review" in client.get("/staff/").content.decode()
    client.force_login(users["manager"])
    assert client.get("/staff/").status_code == 200


@pytest.mark.django_db
def test_with_debug_off_demo_accounts_are_refused(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="looks like production"):
        call_command("seed_demo", quiet=True)
    monkeypatch.setenv("DEMO_PASSWORD", "Lantern-Orchard-Velvet-42")
    with pytest.raises(CommandError, match="--force-demo-accounts"):
        call_command("seed_demo", quiet=True)  # a password alone is not consent
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["", DEFAULT_DEMO_PASSWORD, "12345678", "password"])
def test_forcing_demo_accounts_needs_a_strong_password_of_ones_own(settings, monkeypatch, password):
    settings.DEBUG = False
    monkeypatch.setenv("DEMO_PASSWORD", password)
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        call_command("seed_demo", quiet=True, force_demo_accounts=True)
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_forced_demo_accounts_use_the_given_password_and_never_print_it(
    settings, monkeypatch, capsys
):
    settings.DEBUG = False
    monkeypatch.setenv("DEMO_PASSWORD", "Lantern-Orchard-Velvet-42")
    call_command("seed_demo", force_demo_accounts=True)
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password("Lantern-Orchard-Velvet-42")
    assert not admin.check_password(DEFAULT_DEMO_PASSWORD)
    output = capsys.readouterr().out
    assert "Lantern-Orchard-Velvet-42" not in output
    assert DEFAULT_DEMO_PASSWORD not in output
