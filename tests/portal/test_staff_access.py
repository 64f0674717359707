import pytest
from django.contrib.auth.models import Group

from csa_portal.access import StaffGroup
from tests.factories import TEST_PASSWORD


@pytest.mark.django_db
def test_the_four_staff_groups_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "recruiter",
        "hiring manager",
        "reviewer",
        "admin",
    }
    assert set(StaffGroup.values) == {"recruiter", "hiring manager", "reviewer", "admin"}


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/staff/"


@pytest.mark.django_db
def test_account_outside_every_staff_group_is_refused(outsider_client):
    response = outsider_client.get("/staff/")
    assert response.status_code == 403
    assert b"You do not have access to this page" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "client_fixture", ["recruiter_client", "manager_client", "reviewer_client", "admin_client_user"]
)
def test_every_staff_group_reaches_the_dashboard(request, client_fixture):
    response = request.getfixturevalue(client_fixture).get("/staff/")
    assert response.status_code == 200
    assert b"Welcome" in response.content


@pytest.mark.django_db
def test_staff_sign_in_with_the_right_password(client, recruiter):
    response = client.post(
        "/accounts/login/", {"username": recruiter.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("rita.recruiter", "wrong"),
        ("rita.recruiter", ""),
        ("", ""),
        ("nobody", TEST_PASSWORD),
        ("' OR 1=1 --", "x" * 5000),
        ("<script>alert(1)</script>", "x"),
    ],
)
def test_staff_sign_in_rejects_bad_credentials_clearly(client, recruiter, username, password):
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "Please enter a correct username and password" in content or "required" in content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_sign_out_needs_post_and_ends_the_session(recruiter_client):
    assert recruiter_client.get("/accounts/logout/").status_code == 405
    response = recruiter_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert recruiter_client.get("/staff/").status_code == 302


@pytest.mark.django_db
def test_admin_site_refuses_non_admin_staff(recruiter_client, admin_client_user):
    assert recruiter_client.get("/admin/").status_code == 302
    assert admin_client_user.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_repeated_failed_sign_ins_lock_the_account_out(client, recruiter, settings):
    for _ in range(settings.STAFF_LOCKOUT_PER_ADDRESS):
        client.post("/accounts/login/", {"username": recruiter.username, "password": "nope"})
    response = client.post(
        "/accounts/login/", {"username": recruiter.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_lockout_is_per_account_and_network_not_global(
    client, recruiter, hiring_manager, settings
):
    for _ in range(settings.STAFF_LOCKOUT_PER_ADDRESS):
        client.post("/accounts/login/", {"username": recruiter.username, "password": "nope"})
    response = client.post(
        "/accounts/login/", {"username": hiring_manager.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
@pytest.mark.parametrize("length", [151, 256, 5000])
def test_an_overlong_user_name_is_a_form_error_not_a_server_error(client, url, length):
    from axes.models import AccessAttempt

    response = client.post(url, {"username": "u" * length, "password": "x"})

    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()  # never reached authenticate() or django-axes
