import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from roles.models import RoleProfile, RoleRevision, RoleStatus
from tests.factories import UserFactory
from tests.roles.factories import KpiTargetFactory, complete_role, published_role

pytestmark = pytest.mark.django_db

PREFIXES = list(RoleProfile.CHILD_RELATIONS)


def role_payload(**overrides) -> dict:
    """A complete, valid POST for the role editor: profile, sections and one row per child."""
    closing = (timezone.localdate() + timedelta(days=30)).isoformat()
    data = {
        "title": "Customer Service Associate",
        "family": "customer_service",
        "level": "entry",
        "team": "Consumer Support",
        "summary": "You will help customers by phone and chat, with paid training.",
        "city": "Columbus",
        "region": "Ohio",
        "country": "us",
        "workplace": "on_site",
        "remote_eligibility": "",
        "employment_type": "full_time",
        "shift_pattern": "Day shifts",
        "hours_per_week": "40",
        "coverage": "Mon-Fri",
        "channels": ["voice", "chat"],
        "openings": "3",
        "valid_through": closing,
        "rejection_notice_delay_hours": "48",
        "training-onboarding_hours": "80",
        "training-classroom_weeks": "2",
        "training-mentored_weeks": "6",
        "training-ongoing_plan": "Monthly refreshers.",
        "pay-currency": "usd",
        "pay-pay_period": "year",
        "pay-minimum": "36000",
        "pay-maximum": "44000",
        "pay-bonus": "",
        "pay-benefits": "Health cover",
        "pay-perks": "",
    }
    for prefix in PREFIXES:
        data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "30"})  # fmt: skip
        data[f"{prefix}-0-ORDER"] = "1"
    data.update({
        "responsibilities-0-category": "support",
        "responsibilities-0-text": "Answer customer calls and chats and resolve billing questions.",
        "qualifications-0-kind": "required",
        "qualifications-0-category": "communication",
        "qualifications-0-text": "Clear written English.",
        "kpi_targets-0-metric": "csat", "kpi_targets-0-comparator": "at_least",
        "kpi_targets-0-value": "85", "kpi_targets-0-unit": "percent",
        "kpi_targets-0-channel": "any", "kpi_targets-0-note": "",
        "career_steps-0-title": "Senior associate", "career_steps-0-after_months_min": "12",
        "career_steps-0-after_months_max": "24", "career_steps-0-typical_raise_percent": "10",
        "screening_questions-0-text": "Can you work weekends?",
        "screening_questions-0-answer_type": "yes_no",
        "screening_questions-0-knockout_when": "never", "screening_questions-0-knockout_value": "",
    })  # fmt: skip
    data.update(overrides)
    return data


def test_recruiter_creates_a_role_with_every_section(recruiter_client, recruiter):
    response = recruiter_client.post("/staff/roles/new/", role_payload(preview="1"))
    role = RoleProfile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/roles/{role.pk}/"
    assert role.slug == "customer-service-associate"
    assert role.owner == recruiter
    assert role.country == "US"
    assert role.channels == ["voice", "chat"]
    assert role.status == RoleStatus.DRAFT
    assert role.responsibilities.get().position == 1
    assert role.qualifications.count() == role.kpi_targets.count() == 1
    assert role.career_steps.count() == role.screening_questions.count() == 1
    assert role.compensation.currency == "USD"
    assert role.training.onboarding_hours == 80


def test_blank_extra_rows_are_ignored(recruiter_client):
    data = role_payload()
    data["responsibilities-TOTAL_FORMS"] = "3"
    for n in (1, 2):  # what a browser sends for an untouched blank row
        data |= {f"responsibilities-{n}-category": "support", f"responsibilities-{n}-text": "",
                 f"responsibilities-{n}-ORDER": ""}  # fmt: skip
    assert recruiter_client.post("/staff/roles/new/", data).status_code == 302
    assert RoleProfile.objects.get().responsibilities.count() == 1


def test_children_are_reordered_and_removed_by_the_order_and_remove_fields(recruiter_client):
    role = complete_role()
    first, second = role.responsibilities.all()
    data = role_payload(title=role.title)
    data.update({
        "responsibilities-TOTAL_FORMS": "2", "responsibilities-INITIAL_FORMS": "2",
        "responsibilities-0-id": str(first.pk), "responsibilities-0-category": "support",
        "responsibilities-0-text": first.text, "responsibilities-0-ORDER": "2",
        "responsibilities-1-id": str(second.pk), "responsibilities-1-category": "support",
        "responsibilities-1-text": second.text, "responsibilities-1-ORDER": "1",
    })  # fmt: skip
    assert recruiter_client.post(f"/staff/roles/{role.pk}/edit/", data).status_code == 302
    assert list(role.responsibilities.values_list("pk", flat=True)) == [second.pk, first.pk]

    data["responsibilities-1-DELETE"] = "on"
    assert recruiter_client.post(f"/staff/roles/{role.pk}/edit/", data).status_code == 302
    assert list(role.responsibilities.values_list("pk", "position")) == [(first.pk, 1)]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "This field is required"),
        ({"title": "!!! ???"}, "Give the role a title made of words"),
        ({"title": "x" * 121}, "at most 120 characters"),
        ({"country": "USA"}, "two-letter country code"),
        ({"valid_through": "2001-01-01"}, "closing date cannot be in the past"),
        ({"valid_through": "not a date"}, "Enter a valid date"),
        ({"openings": "0"}, "greater than or equal to 1"),
        ({"hours_per_week": "500"}, "less than or equal to 80"),
        ({"channels": ["telepathy"]}, "Select a valid choice"),
        ({"pay-minimum": "50000", "pay-maximum": "40000"}, "must not be below the bottom"),
        ({"pay-minimum": "-1"}, "greater than or equal to 0"),
        ({"pay-currency": "dollars"}, "three-letter currency code"),
        ({"pay-minimum": "1e400"}, "no more than 10 digits in total"),
        ({"pay-minimum": "NaN"}, "Enter a number"),
        ({"kpi_targets-0-value": "150"}, "A percentage cannot be above 100"),
        ({"kpi_targets-0-metric": "happiness"}, "Select a valid choice"),
        ({"career_steps-0-after_months_max": "6"}, "upper month must not be below the lower"),
        ({"screening_questions-0-knockout_when": "number_below"}, "Only a number question"),
        ({"screening_questions-0-answer_type": "number",
          "screening_questions-0-knockout_when": "number_below"},
         "Give the lowest number that passes"),
        ({"responsibilities-0-text": "y" * 401}, "at most 400 characters"),
        ({"responsibilities-TOTAL_FORMS": "31"}, "Please submit at most 30 forms"),
        ({"summary": "z" * 2001}, "at most 2000 characters"),
    ],
)  # fmt: skip
def test_bad_input_gets_a_clear_message_a_400_and_no_rows(recruiter_client, overrides, message):
    response = recruiter_client.post("/staff/roles/new/", role_payload(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RoleProfile.objects.exists()


def test_hostile_text_is_escaped_everywhere(recruiter_client, client):
    script = "<script>alert('x')</script>"
    data = role_payload(title=f"Associate {script}", summary=script)
    data["responsibilities-0-text"] = script
    assert recruiter_client.post("/staff/roles/new/", data).status_code == 302
    role = RoleProfile.objects.get()
    preview = recruiter_client.get(f"/staff/roles/{role.pk}/").content.decode()
    assert script not in preview
    assert "&lt;script&gt;" in preview
    recruiter_client.post(f"/staff/roles/{role.pk}/publish/")
    public = client.get(RoleProfile.objects.get().get_absolute_url()).content.decode()
    assert script not in public


def test_forged_management_form_is_a_clear_error_not_a_crash(recruiter_client):
    data = role_payload()
    del data["kpi_targets-TOTAL_FORMS"]
    response = recruiter_client.post("/staff/roles/new/", data)
    assert response.status_code == 400
    assert "ManagementForm data is missing" in response.content.decode()
    assert not RoleProfile.objects.exists()


def test_preview_shows_the_role_as_candidates_will_with_checker_findings(recruiter_client):
    role = complete_role(summary="Join our rockstar ninjas. Other duties as assigned.")
    html = recruiter_client.get(f"/staff/roles/{role.pk}/").content.decode()
    assert "As candidates will see it" in html
    assert "What you will do" in html
    assert "Profile checker" in html
    assert "rockstar" in html.lower()


def test_preview_lists_what_blocks_publishing(recruiter_client):
    role = complete_role(valid_through=None)
    html = recruiter_client.get(f"/staff/roles/{role.pk}/").content.decode()
    assert "Before this role can be published" in html
    assert "Set a closing date" in html


def test_publish_button_publishes_and_problems_come_back_as_messages(recruiter_client):
    role = complete_role(valid_through=None)
    response = recruiter_client.post(f"/staff/roles/{role.pk}/publish/", follow=True)
    assert "Set a closing date" in response.content.decode()
    assert not RoleRevision.objects.exists()
    RoleProfile.objects.filter(pk=role.pk).update(
        valid_through=timezone.localdate() + timedelta(days=3)
    )
    response = recruiter_client.post(f"/staff/roles/{role.pk}/publish/", follow=True)
    assert "Published" in response.content.decode()
    assert RoleProfile.objects.get().status == RoleStatus.PUBLISHED


def test_close_archive_and_duplicate_from_the_preview(recruiter_client):
    role = published_role()
    recruiter_client.post(f"/staff/roles/{role.pk}/close/")
    recruiter_client.post(f"/staff/roles/{role.pk}/archive/")
    assert RoleProfile.objects.get(pk=role.pk).status == RoleStatus.ARCHIVED
    response = recruiter_client.get(f"/staff/roles/{role.pk}/edit/")
    assert response.status_code == 302
    response = recruiter_client.post(f"/staff/roles/{role.pk}/duplicate/")
    copy = RoleProfile.objects.exclude(pk=role.pk).get()
    assert response["Location"] == f"/staff/roles/{copy.pk}/edit/"


def test_invalid_state_change_is_a_message_not_an_error(recruiter_client):
    role = complete_role()
    response = recruiter_client.post(f"/staff/roles/{role.pk}/close/", follow=True)
    assert response.status_code == 200
    assert "Only a published role can be closed" in response.content.decode()


def test_actions_need_post(recruiter_client):
    role = published_role()
    for action in ["publish", "close", "archive", "duplicate"]:
        assert recruiter_client.get(f"/staff/roles/{role.pk}/{action}/").status_code == 405


def test_list_filters_by_status(recruiter_client):
    published_role(title="Live one")
    complete_role(title="Draft one")
    html = recruiter_client.get("/staff/roles/", {"status": "draft"}).content.decode()
    assert "Draft one" in html
    assert "Live one" not in html


def test_hiring_manager_sees_only_the_roles_they_manage(manager_client, hiring_manager):
    mine = complete_role(title="Managed by me")
    mine.hiring_managers.add(hiring_manager)
    other = complete_role(title="Someone else's")
    html = manager_client.get("/staff/roles/").content.decode()
    assert "Managed by me" in html
    assert "Someone else" not in html
    assert manager_client.get(f"/staff/roles/{mine.pk}/").status_code == 200
    assert manager_client.get(f"/staff/roles/{other.pk}/").status_code == 404


def test_hiring_manager_cannot_edit_or_publish_even_their_own_role(manager_client, hiring_manager):
    role = complete_role()
    role.hiring_managers.add(hiring_manager)
    assert manager_client.get(f"/staff/roles/{role.pk}/edit/").status_code == 403
    assert manager_client.post(f"/staff/roles/{role.pk}/publish/").status_code == 403
    assert not RoleRevision.objects.exists()


def test_hiring_manager_choices_are_only_hiring_managers(recruiter_client, hiring_manager):
    UserFactory(username="not-a-manager", groups=["reviewer"])
    html = recruiter_client.get("/staff/roles/new/").content.decode()
    assert hiring_manager.get_full_name() in html
    data = role_payload()
    reviewer = UserFactory(username="sneaky", groups=["reviewer"])
    data["hiring_managers"] = [str(reviewer.pk)]
    response = recruiter_client.post("/staff/roles/new/", data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_role_list_query_count_is_fixed(recruiter_client, django_assert_num_queries):
    """Session, user, groups, the count, the page of roles, and one for the stage counts
    (tests/applicants/test_role_list.py pins the same with applications in every stage)."""
    for n in range(30):
        complete_role(title=f"Listed {n}")
    with django_assert_num_queries(6):
        assert recruiter_client.get("/staff/roles/").status_code == 200


def test_publishing_changes_when_there_are_none_says_so(recruiter_client):
    role = published_role()
    preview = recruiter_client.get(f"/staff/roles/{role.pk}/").content.decode()
    assert "No changes since revision 1" in preview
    response = recruiter_client.post(f"/staff/roles/{role.pk}/publish/", follow=True)
    assert response.status_code == 200
    assert "Nothing has changed since revision 1" in response.content.decode()
    assert role.revisions.count() == 1


def test_preview_of_an_edited_published_role_offers_to_publish_the_changes(recruiter_client):
    role = published_role()
    RoleProfile.objects.filter(pk=role.pk).update(summary="A new summary for candidates to read.")
    preview = recruiter_client.get(f"/staff/roles/{role.pk}/").content.decode()
    assert "No changes since revision" not in preview
    assert "Publish changes" in preview
    response = recruiter_client.post(f"/staff/roles/{role.pk}/publish/", follow=True)
    assert "Published: the role is on the board." in response.content.decode()
    assert role.revisions.count() == 2


def _label_of(html: str, field_id: str) -> str:
    """The text of the <label for=field_id>, its "required" asterisk included."""
    start = html.index(f'for="{field_id}"')
    text = html[html.index(">", start) + 1 : html.index("</label>", start)]
    return " ".join(re.sub(r"<[^>]+>", "", text).split())


def test_the_kpi_value_shows_what_was_saved_not_its_stored_decimals(recruiter_client):
    role = complete_role()
    KpiTargetFactory(role=role, value=Decimal("90"))
    KpiTargetFactory(role=role, value=Decimal("12.5"), unit="seconds")
    html = recruiter_client.get(f"/staff/roles/{role.pk}/edit/").content.decode()
    assert 'name="kpi_targets-1-value" value="90"' in html
    assert 'name="kpi_targets-2-value" value="12.50"' in html
    assert 'name="pay-minimum" value="36000"' in html
    assert "90.00" not in html


def test_saving_the_editor_unchanged_keeps_the_kpi_value(recruiter_client):
    """The value the page shows goes back as it came: 90 stays 90, never 9."""
    role = complete_role()
    target = KpiTargetFactory(role=role, value=Decimal("90"))
    data = role_payload(title=role.title)
    data.update({
        "kpi_targets-TOTAL_FORMS": "1", "kpi_targets-INITIAL_FORMS": "1",
        "kpi_targets-0-id": str(target.pk), "kpi_targets-0-value": "90",
    })  # fmt: skip
    role.kpi_targets.exclude(pk=target.pk).delete()
    assert recruiter_client.post(f"/staff/roles/{role.pk}/edit/", data).status_code == 302
    target.refresh_from_db()
    assert target.value == Decimal("90")


def test_blank_rows_are_not_marked_required_but_saved_rows_are(recruiter_client):
    role = complete_role()
    html = recruiter_client.get(f"/staff/roles/{role.pk}/edit/").content.decode()
    assert _label_of(html, "id_responsibilities-0-text").endswith("*")  # saved
    assert not _label_of(html, "id_responsibilities-2-text").endswith("*")  # blank
    assert not _label_of(html, "id_kpi_targets-1-metric").endswith("*")
    assert not _label_of(html, "id_kpi_targets-__prefix__-metric").endswith("*")  # template
    rows = "|".join(PREFIXES)
    assert not re.search(rf'<(input|select|textarea) [^>]*name="({rows})-[^>]* required', html)


def test_a_blank_row_once_started_needs_its_required_fields(recruiter_client):
    data = role_payload()
    data |= {"kpi_targets-0-metric": "csat", "kpi_targets-0-value": ""}
    response = recruiter_client.post("/staff/roles/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required" in html
    assert _label_of(html, "id_kpi_targets-0-value") == "Value*"
    assert not RoleProfile.objects.exists()


def test_every_row_label_is_its_own_words(recruiter_client):
    """No two labels of a row read as one ("Knock-out rule*Order"): each field is labelled."""
    html = recruiter_client.get("/staff/roles/new/").content.decode()
    for field_id, label in [
        ("id_screening_questions-0-knockout_when", "Knock-out rule"),
        ("id_screening_questions-0-knockout_value", "Knock-out value"),
        ("id_career_steps-0-after_months_min", "After (months)"),
        ("id_career_steps-0-typical_raise_percent", "Raise (%)"),
        ("id_responsibilities-0-ORDER", "Order"),
    ]:
        assert _label_of(html, field_id) == label
    assert 'data-formset="responsibilities"' in html
    assert "Add a responsibility" in html
    assert "<template data-formset-empty>" in html
