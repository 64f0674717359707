from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST

from csa_portal.access import HIRING_TEAM, RECRUITING, is_recruiting, staff_view

from . import board_cache, extensions, selectors, services
from .board_cache import cached_for_visitors
from .checker import check_profile, has_blocking_findings
from .drafts import profile_draft
from .filters import BoardFilter, StaffRoleFilter, board_query_string, cacheable_board_query
from .forms import CompensationForm, RoleProfileForm, TrainingForm, build_child_formsets
from .jsonld import job_posting
from .models import Compensation, RoleProfile, RoleStatus, Training
from .snapshot import build_snapshot

BOARD_PAGE_SIZE = 20
STAFF_PAGE_SIZE = 25


# --- public ---------------------------------------------------------------------------------


class CountedPaginator(Paginator):
    """A paginator told its count, so the unfiltered board skips a COUNT(*) per request."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


class SinglePassPaginator(Paginator):
    """A filtered board's page and its count in one query (``COUNT(*) OVER ()``).

    A search visited every match twice, once to list a page and once to count them all
    (1,320 matches for "billing" + remote on the bench: two passes of about 10 ms each in
    PostgreSQL). The window count rides on the page's own rows. A page past the end has no
    row to carry the count, so it falls back to counting, then shows the last page.
    """

    def get_page(self, number):
        try:
            number = max(int(number), 1)
        except (TypeError, ValueError):
            number = 1
        bottom = (number - 1) * self.per_page
        if bottom > MAX_PAGE_OFFSET:
            return super().get_page(number)
        rows, total = self.rows_and_count(bottom, bottom + self.per_page)
        if rows:
            self.__dict__["count"] = total  # Paginator.count is cached
        elif number == 1:
            self.__dict__["count"] = 0
        else:
            return super().get_page(number)
        return self._get_page(rows, number, self)

    def rows_and_count(self, bottom: int, top: int) -> tuple[list, int | None]:
        rows = list(self.object_list.annotate(window_total=Window(Count("*")))[bottom:top])
        return rows, (rows[0].window_total if rows else None)


class ListingPaginator(SinglePassPaginator):
    """A search's page over the board's listing (``BoardListing``): revisions for the cards.

    ``object_list`` holds listing rows; each page is read by ``selectors.listing_cards``,
    which joins the revision and role of the page's rows only.
    """

    def rows_and_count(self, bottom: int, top: int) -> tuple[list, int | None]:
        return selectors.listing_cards(self.object_list, bottom, top)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows, _ = self.rows_and_count(bottom, bottom + self.per_page)
        return self._get_page(rows, number, self)


# Further than this, a made-up page number is not worth an OFFSET in the database.
MAX_PAGE_OFFSET = 100_000


@cached_for_visitors(canonical_query=cacheable_board_query)
def board(request):
    filters = BoardFilter(request.GET or None)  # what it filters is chosen below
    # Only the plain board (no search, no filter) can use the cached count of live roles.
    plain = not filters.is_bound or (
        filters.form.is_valid() and not any(filters.form.cleaned_data.values())
    )
    if plain:
        revisions = selectors.board_list(filters.revisions())
        count = board_cache.live_role_count()
        paginator = CountedPaginator(revisions, BOARD_PAGE_SIZE, count=count)
    elif filters.searching:
        paginator = ListingPaginator(filters.listings(), BOARD_PAGE_SIZE)
    else:
        paginator = SinglePassPaginator(selectors.board_list(filters.revisions()), BOARD_PAGE_SIZE)
    asked_for = request.GET.get("page")
    page = paginator.get_page(asked_for)
    query_string = board_query_string(request.GET)
    response = render(
        request,
        "roles/board.html",
        {
            "filters": filters,
            "page": page,
            "cards": (
                board_cache.plain_board_cards(page)
                if plain
                else board_cache.role_cards(page.object_list)
            ),
            "query_string": query_string,
            "is_filtered": bool(query_string),
            # no value in any field: the same form for everyone, kept per process
            "filters_html": board_cache.unfiltered_form_html(filters) if plain else None,
        },
    )
    if asked_for and asked_for != str(page.number):
        # Page 9999 shows the last page: one entry per real page is enough for the cache.
        patch_cache_control(response, private=True)
    return response


@cached_for_visitors
def detail(request, slug: str):
    revision = board_cache.live_revision_for_slug(slug)
    if revision is None:
        if RoleProfile.objects.filter(slug=slug).exclude(status=RoleStatus.DRAFT).exists():
            return render(request, "roles/closed.html", status=410)
        raise Http404("No open role at this address.")
    # Absolute URLs from settings, never from the request's Host header: this page is cached
    # and served to everyone.
    url = f"{settings.SITE_URL}{revision.role.get_absolute_url()}"
    return render(
        request,
        "roles/detail.html",
        {
            "revision": revision,
            "role": revision.snapshot,
            "body": board_cache.role_body(revision),
            "job_posting": job_posting(
                revision.snapshot,
                url=url,
                date_posted=revision.published_at,
                organization=settings.HIRING_ORGANIZATION,
                organization_url=f"{settings.SITE_URL}/",
            ),
        },
    )


# --- staff ----------------------------------------------------------------------------------


def _visible_role(request, pk: int) -> RoleProfile:
    """The role, if this user may see it; 404 otherwise so other roles are not revealed."""
    return get_object_or_404(selectors.roles_visible_to(request.user), pk=pk)


@staff_view(HIRING_TEAM)
def role_list(request):
    roles = (
        selectors.roles_visible_to(request.user)
        .with_is_live()
        .select_related("owner")
        .order_by("-updated_at", "-pk")
    )
    filters = StaffRoleFilter(request.GET or None, queryset=roles)
    page = Paginator(filters.qs, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    columns = extensions.list_columns(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "roles/staff/list.html",
        {
            "filters": filters,
            "page": page,
            "columns": columns,
            "query_string": query.urlencode(),
            "can_edit": is_recruiting(request.user),
            "statuses": RoleStatus,
        },
    )


@staff_view(RECRUITING)
def role_create(request):
    return _edit(request, RoleProfile())


@staff_view(RECRUITING)
def role_edit(request, pk: int):
    role = _visible_role(request, pk)
    if role.status == RoleStatus.ARCHIVED:
        messages.error(request, "An archived role cannot be edited. Duplicate it instead.")
        return redirect("staff:roles:preview", pk=role.pk)
    return _edit(request, role)


def _edit(request, role: RoleProfile):
    training = Training.objects.filter(role=role).first() if role.pk else None
    pay = Compensation.objects.filter(role=role).first() if role.pk else None
    data = request.POST if request.method == "POST" else None
    profile_form = RoleProfileForm(data, instance=role)
    training_form = TrainingForm(data, instance=training)
    compensation_form = CompensationForm(data, instance=pay)
    formsets = build_child_formsets(role, data)
    forms_ok = all(
        [profile_form.is_valid(), training_form.is_valid(), compensation_form.is_valid()]
        + [formset.is_valid() for formset in formsets.values()]
    )
    if request.method == "POST" and forms_ok:
        role = services.save_role_draft(
            profile_form=profile_form,
            training_form=training_form,
            compensation_form=compensation_form,
            children=formsets,
            by=request.user,
        )
        if role.status == RoleStatus.PUBLISHED:
            messages.info(
                request,
                "Saved. Candidates still see the published version until you publish again.",
            )
        else:
            messages.success(request, "Saved.")
        if "preview" in request.POST:
            return redirect("staff:roles:preview", pk=role.pk)
        return redirect("staff:roles:edit", pk=role.pk)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST":
        messages.error(request, "Some fields need attention: see the messages next to them.")
    return render(
        request,
        "roles/staff/edit.html",
        {
            "role": role,
            "profile_form": profile_form,
            "training_form": training_form,
            "compensation_form": compensation_form,
            "formsets": formsets.values(),
        },
        status=status,
    )


@staff_view(HIRING_TEAM)
def role_preview(request, pk: int):
    """The role exactly as candidates will see it, with the checker's findings beside it."""
    role = selectors.role_for_editing(_visible_role(request, pk).pk)
    snapshot = build_snapshot(role)
    findings = check_profile(profile_draft(role))
    return render(
        request,
        "roles/staff/preview.html",
        {
            "profile": role,
            "role": snapshot,
            "findings": findings,
            "has_warnings": has_blocking_findings(findings),
            "problems": services.publication_problems(role),
            "unchanged": services.matches_current_revision(role, snapshot),
            "revisions": role.revisions.select_related("published_by")[:10],
            "can_edit": is_recruiting(request.user),
            "is_preview": True,
        },
    )


def _role_action(request, pk: int, action, success: str):
    role = _visible_role(request, pk)
    try:
        result = action(role=role, by=request.user)
    except services.RoleNotPublishable as error:
        for problem in error.problems:
            messages.error(request, problem)
        return redirect("staff:roles:preview", pk=role.pk)
    except services.RoleUnchanged as error:
        messages.info(request, str(error))
        return redirect("staff:roles:preview", pk=role.pk)
    except services.RoleStateError as error:
        messages.error(request, str(error))
        return redirect("staff:roles:preview", pk=role.pk)
    messages.success(request, success)
    target = result if isinstance(result, RoleProfile) else role
    return redirect("staff:roles:preview", pk=target.pk)


@require_POST
@staff_view(RECRUITING)
def role_publish(request, pk: int):
    return _role_action(request, pk, services.publish_role, "Published: the role is on the board.")


@require_POST
@staff_view(RECRUITING)
def role_close(request, pk: int):
    return _role_action(
        request, pk, services.close_role, "Closed: the role is off the board; applications stay."
    )


@require_POST
@staff_view(RECRUITING)
def role_archive(request, pk: int):
    return _role_action(request, pk, services.archive_role, "Archived.")


@require_POST
@staff_view(RECRUITING)
def role_duplicate(request, pk: int):
    role = _visible_role(request, pk)
    copy = services.duplicate_role(role=role, by=request.user)
    messages.success(request, "This is a new draft copied from the original. Edit and publish.")
    return redirect(reverse("staff:roles:edit", kwargs={"pk": copy.pk}))
