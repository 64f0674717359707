"""The pipeline: a role's board, one application's page, resumes and rejection reasons.

Recruiters and admins see every role and act on applications. A hiring manager reads the
boards and application pages of the roles they manage and adds notes; other roles answer 404
so they are not revealed. Reviewers and people outside the staff groups get a 403 here.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from crispy_forms.utils import render_crispy_form
from django.contrib import messages
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from csa_portal.access import HIRING_TEAM, RECRUITING, is_recruiting, staff_view
from roles.models import RoleProfile
from roles.selectors import roles_visible_to

from . import extensions, selectors, services
from .models import Application, ApplicationStatus, RejectionReason, StageChange
from .pipeline_forms import (
    BoardFilterForm,
    BulkActionForm,
    MoveForm,
    NoteForm,
    RejectForm,
    RejectionReasonForm,
    ReopenForm,
    UndoBatchForm,
    UndoChangeForm,
)
from .resumes import ResumeKind, safe_download_name

# The last bulk action of this session, offered for undo on its role's board.
UNDO_SESSION_KEY = "pipeline_undo"


def _visible_role(request, slug: str) -> RoleProfile:
    return get_object_or_404(roles_visible_to(request.user), slug=slug)


def _visible_application(request, pk: int) -> Application:
    application = selectors.application_for_staff(request.user, pk)
    if application is None:
        raise Http404("No application at this address.")
    return application


def _errors_text(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


# --- the board ------------------------------------------------------------------------------


@require_GET
@staff_view(HIRING_TEAM)
def pipeline(request, slug: str):
    role = _visible_role(request, slug)
    return _render_board(request, role, query=request.GET)


def _board_query(request, role: RoleProfile) -> QueryDict:
    """The board's filters: this request's query, or the page's for an htmx request."""
    if not request.htmx:
        return request.GET
    current = urlsplit(request.htmx.current_url or "")
    board_path = reverse("staff:applicants:pipeline", kwargs={"slug": role.slug})
    return QueryDict(current.query if current.path == board_path else "")


# Rendered search and bulk forms, by everything they show (see _form_html). Bounded: a new
# query string is a new entry, so the dictionary is emptied when it grows past this.
_FORM_HTML: dict[tuple, str] = {}
FORM_HTML_ENTRIES = 512


def _form_html(form, key: tuple) -> str:
    """A crispy form's HTML, rendered once per process for the same fields and values.

    The board's two forms were a third of its time (docs/performance.md), and they come out
    the same for every request of a role with the same query: the key holds the role's
    stages, the reasons offered and the query. Only forms without a CSRF token are kept: the
    bulk form's ``<form>`` tag and token are in ``board.html``.
    """
    html = _FORM_HTML.get(key)
    if html is None:
        if len(_FORM_HTML) >= FORM_HTML_ENTRIES:
            _FORM_HTML.clear()
        html = _FORM_HTML[key] = render_crispy_form(form)
    return html


@dataclass(frozen=True)
class PageForm:
    """A form of the application page: its fields' HTML, and where the form posts."""

    action: str
    html: str


def _page_form(form, action: str, key: tuple) -> PageForm:
    """Fields rendered once per process while unbound (``_form_html``); with errors, afresh.

    The page's ``<form>`` tags, with their CSRF tokens, are in the template
    (``_page_form.html``), so the fields' HTML is the same for every application.
    """
    form.helper.form_tag = False
    html = render_crispy_form(form) if form.is_bound else _form_html(form, key)
    return PageForm(action=action, html=html)


def _read_reasons_once(form) -> tuple:
    """The reasons a form offers, read in one query that serves as the rendered form's key
    and, when it is rendered, as its choices (the field would read them again)."""
    field = form.fields["reason"]
    reasons = tuple(field.queryset.values_list("pk", "label"))
    if not form.is_bound:
        field.choices = [("", field.empty_label), *reasons]
    return reasons


def _stages_key(stages) -> tuple:
    return tuple((stage.pk, stage.name) for stage in stages)


def _board_context(request, role: RoleProfile, *, query: QueryDict, **extra) -> dict:
    stages = services.ensure_stages(role)
    filter_form = BoardFilterForm(query or None, stages=stages)
    board = selectors.pipeline_for_role(
        role, stages=stages, filters=filter_form.filters(), page_number=query.get("page")
    )
    board_path = reverse("staff:applicants:pipeline", kwargs={"slug": role.slug})
    without_page = query.copy()
    without_page.pop("page", None)
    query_string = without_page.urlencode()
    board_url = f"{board_path}?{query.urlencode()}" if query else board_path
    for column in board.columns:
        column.more_url = f"{board_path}?{_with(without_page, stage=column.stage.pk)}"
    can_act = is_recruiting(request.user)
    if can_act:
        _attach_move_choices(board)
    return {
        "role": role,
        "board": board,
        "filter_form": filter_form,
        "filter_html": _form_html(
            filter_form,
            ("filters", _stages_key(stages), tuple((k, tuple(v)) for k, v in query.lists())),
        ),
        "can_act": can_act,
        "query_string": query_string,
        "page": board.page,
        "board_path": board_path,
        "board_url": board_url,
        "status_links": _status_links(board, board_path, without_page),
        **_card_paths(),
        **extra,
    }


def _attach_move_choices(board: selectors.Board) -> None:
    """The stages each column's cards can move to, worked out once per column.

    A card's move form is written out (``templatetags/pipeline_board.py``), not rendered by
    crispy: a board shows up to 15 cards a stage (105 in all), and rendering a crispy form per
    card multiplied the board's time several times over. The post is still validated by
    ``MoveForm`` in the ``move`` view.
    """
    for column in board.columns:
        column.move_choices = [stage for stage in board.stages if stage.pk != column.stage.pk]
        # The same <option>s repeat on every card of a column: render them once per column.
        column.move_options = format_html_join(
            "", '<option value="{}">{}</option>', ((s.pk, s.name) for s in column.move_choices)
        )


def _card_paths() -> dict:
    """URL prefixes for the cards, reversed once per board instead of twice per card."""
    application = reverse("staff:applicants:application", kwargs={"pk": 0})
    move = reverse("staff:applicants:move", kwargs={"pk": 0})
    return {
        "application_path": application.removesuffix("0/"),
        "move_path": move.removesuffix("0/move/"),
    }


def _with(query: QueryDict, **changes) -> str:
    changed = query.copy()
    for key, value in changes.items():
        changed[key] = value
    return changed.urlencode()


def _status_links(board: selectors.Board, board_path: str, query: QueryDict) -> list[dict]:
    return [
        {
            "label": label,
            "count": board.status_counts.get(value, 0),
            "url": f"{board_path}?{_with(query, status=value)}",
            "current": value == board.filters.status,
        }
        for value, label in ApplicationStatus.choices
    ]


def _render_board(
    request,
    role: RoleProfile,
    *,
    query: QueryDict,
    bulk_form=None,
    selected_ids=(),
    status: int = 200,
):
    selected = {str(pk) for pk in selected_ids}
    context = _board_context(request, role, query=query, selected_ids=selected)
    if context["can_act"]:
        action = reverse("staff:applicants:bulk", kwargs={"slug": role.slug})
        undo_action = reverse("staff:applicants:bulk_undo", kwargs={"slug": role.slug})
        if context["query_string"]:
            action = f"{action}?{context['query_string']}"
            undo_action = f"{undo_action}?{context['query_string']}"
        form = bulk_form or BulkActionForm(role=role, stages=context["board"].stages, action=action)
        form.helper.form_tag = False  # board.html writes the tag, with the CSRF token
        context["bulk_form"], context["bulk_action"] = form, action
        if form.is_bound:
            context["bulk_html"] = render_crispy_form(form)
        else:
            reasons = _read_reasons_once(form)
            key = (
                "bulk",
                role.pk,
                role.rejection_notice_delay_hours,
                _stages_key(context["board"].stages),
                reasons,
                tuple(form.extra_actions),
            )
            context["bulk_html"] = _form_html(form, key)
        undo = request.session.get(UNDO_SESSION_KEY)
        if undo and undo.get("role") == role.pk:
            context["undo"] = {**undo, "action": undo_action}
    return render(request, "applicants/pipeline/board.html", context, status=status)


def _board_partial(
    request,
    role: RoleProfile,
    *,
    message: str,
    is_error: bool,
    moved_pk: int | None = None,
    status: int = 200,
):
    """The columns, re-rendered after an htmx move, with the outcome for the live region."""
    context = _board_context(
        request,
        role,
        query=_board_query(request, role),
        status_message=message,
        status_is_error=is_error,
        moved_pk=moved_pk,
        oob=True,
    )
    return render(request, "applicants/pipeline/_columns.html", context, status=status)


@require_POST
@staff_view(RECRUITING)
def bulk(request, slug: str):
    role = _visible_role(request, slug)
    stages = services.ensure_stages(role)
    action = request.get_full_path()
    form = BulkActionForm(request.POST, role=role, stages=stages, action=action)
    if not form.is_valid():
        messages.error(request, f"Nothing was changed. {_errors_text(form)}")
        return _render_board(
            request,
            role,
            query=request.GET,
            bulk_form=form,
            selected_ids=request.POST.getlist("applications"),
            status=400,
        )
    data = form.cleaned_data
    selected = data["selected"]
    extra = form.extra_action
    if extra is not None:
        return _run_extra_action(request, role, extra, selected)
    batch = services.new_batch()
    try:
        if data["action"] == BulkActionForm.MOVE:
            done = services.bulk_move(
                applications=selected,
                to_stage=data["to_stage"],
                by=request.user,
                reason=data["note"],
                batch=batch,
            )
            outcome = f"Moved {_applications(done)} to {data['to_stage']}."
        else:
            done = services.bulk_reject(
                applications=selected,
                reason=data["reason"],
                by=request.user,
                note=data["note"],
                delay_hours=data["delay_hours"],
                batch=batch,
            )
            outcome = (
                f"{_applications(done)} marked as not progressing. "
                f"{_when_told(data['delay_hours'])}"
            )
    except (services.ApplicationClosed, ValueError) as error:
        messages.error(request, f"Nothing was changed. {error}")
        return _render_board(
            request,
            role,
            query=request.GET,
            bulk_form=form,
            selected_ids=data["applications"],
            status=409,
        )
    skipped = len(selected) - done
    if skipped:
        outcome += (
            f" {skipped} {'was' if skipped == 1 else 'were'} already closed and left as "
            f"{'it was' if skipped == 1 else 'they were'}."
        )
    if done:
        # The board offers to take the action back while its candidates are not yet told.
        request.session[UNDO_SESSION_KEY] = {
            "role": role.pk,
            "batch": str(batch),
            "summary": outcome.split(".")[0] + ".",
        }
    messages.success(request, outcome)
    return redirect(_board_return(role, request.GET))


def _applications(count: int) -> str:
    return f"{count} application{'s' if count != 1 else ''}"


def _board_return(role: RoleProfile, query: QueryDict) -> str:
    board = reverse("staff:applicants:pipeline", kwargs={"slug": role.slug})
    return f"{board}?{query.urlencode()}" if query else board


def _run_extra_action(request, role: RoleProfile, extra, selected: list[Application]):
    """An action another app offers (inviting to the assessment, say): each application on its
    own, the refused ones named. Not undoable: such actions tell the candidate at once."""
    result = extra.run(applications=selected, by=request.user)
    if result.done:
        messages.success(request, f"{_applications(result.done)} {extra.done_label}.")
    if result.refused:
        messages.warning(
            request,
            f"{_applications(len(result.refused))} left as they were: "
            + "; ".join(result.refused[:10])
            + (" …" if len(result.refused) > 10 else ""),
        )
    return redirect(_board_return(role, request.GET))


@require_POST
@staff_view(RECRUITING)
def bulk_undo(request, slug: str):
    """Take back the last bulk move or rejection, for every candidate not yet told."""
    role = _visible_role(request, slug)
    form = UndoBatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was undone. {_errors_text(form)}")
        return redirect(_board_return(role, request.GET))
    try:
        outcome = services.undo_batch(
            batch=form.cleaned_data["batch"], role_id=role.pk, by=request.user
        )
    except services.UndoRefused as refused:
        request.session.pop(UNDO_SESSION_KEY, None)
        messages.error(request, f"Nothing was undone. {refused}")
        return _render_board(request, role, query=request.GET, status=409)
    request.session.pop(UNDO_SESSION_KEY, None)
    text = f"Undone for {_applications(outcome.undone)}."
    if outcome.told:
        text += (
            f" Already told, so left as they were (reopen them one by one if needed): "
            f"{', '.join(outcome.told)}."
        )
    if outcome.changed:
        text += f" Changed since, so left as they were: {', '.join(outcome.changed)}."
    (messages.success if outcome.undone else messages.warning)(request, text)
    return redirect(_board_return(role, request.GET))


def _when_told(delay_hours: int) -> str:
    if delay_hours == 0:
        return "The candidates are told now."
    return f"The candidates are told in {delay_hours} hour{'s' if delay_hours != 1 else ''}."


# --- moving and rejecting one application ---------------------------------------------------


@require_POST
@staff_view(RECRUITING)
def move(request, pk: int):
    application = _visible_application(request, pk)
    stages = services.ensure_stages(application.role)
    form = MoveForm(request.POST, stages=stages, current=application.stage)
    name = application.name
    error, status = "", 200
    if not form.is_valid():
        error, status = f"{name} was not moved. {_errors_text(form)}", 400
    else:
        to_stage = form.cleaned_data["to_stage"]
        try:
            services.move_application(
                application=application,
                to_stage=to_stage,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except services.ApplicationClosed as closed:
            error, status = f"{name} was not moved. {closed}", 409
    if request.htmx:
        message = error or f"Moved {name} to {form.cleaned_data['to_stage']}."
        return _board_partial(
            request,
            application.role,
            message=message,
            is_error=bool(error),
            moved_pk=application.pk,
            status=status,
        )
    if error:
        messages.error(request, error)
        application.refresh_from_db()
        return _render_application(request, application, move_form=form, status=status)
    messages.success(request, f"Moved {name} to {form.cleaned_data['to_stage']}.")
    return redirect(_local_path(form.cleaned_data["next"]) or _application_url(application))


def _local_path(target: str) -> str:
    """Where a form asked to return to, if it is a path on this site; never another host."""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return target
    return ""


@require_POST
@staff_view(RECRUITING)
def reject(request, pk: int):
    application = _visible_application(request, pk)
    form = RejectForm(request.POST, role=application.role)
    if not form.is_valid():
        messages.error(request, "The application was not rejected: see the form below.")
        return _render_application(request, application, reject_form=form, status=400)
    delay = form.cleaned_data["delay_hours"]
    try:
        services.reject_application(
            application=application,
            reason=form.cleaned_data["reason"],
            by=request.user,
            note=form.cleaned_data["note"],
            delay_hours=delay,
        )
    except (services.ApplicationClosed, ValueError) as error:
        messages.error(request, f"The application was not rejected. {error}")
        application.refresh_from_db()
        return _render_application(request, application, reject_form=form, status=409)
    told = "now" if delay == 0 else f"in {delay} hour{'s' if delay != 1 else ''}"
    undo = " Until then you can undo it." if delay else ""
    messages.success(
        request, f"{application.name} is not progressing. They will be told {told}.{undo}"
    )
    return redirect(_application_url(application))


@require_POST
@staff_view(RECRUITING)
def undo(request, pk: int):
    """Take back a rejection (or a move) before the candidate is told of it."""
    application = _visible_application(request, pk)
    form = UndoChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was undone. {_errors_text(form)}")
        return _render_application(request, application, status=400)
    change = get_object_or_404(StageChange, pk=form.cleaned_data["change"], application=application)
    try:
        services.undo_change(change=change, by=request.user)
    except services.UndoRefused as refused:
        messages.error(request, f"Nothing was undone. {refused}")
        application.refresh_from_db()
        return _render_application(request, application, status=409)
    messages.success(
        request, f"Undone: {application.name} is active again and will not be emailed about it."
    )
    return redirect(_application_url(application))


@require_POST
@staff_view(RECRUITING)
def reopen(request, pk: int):
    """Make a rejected application active again after the candidate was told, with a reason."""
    application = _visible_application(request, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The application was not reopened: see the form below.")
        return _render_application(request, application, reopen_form=form, status=400)
    try:
        services.reopen_application(
            application=application, by=request.user, reason=form.cleaned_data["reason"]
        )
    except (services.ApplicationClosed, ValueError) as error:
        messages.error(request, f"The application was not reopened. {error}")
        application.refresh_from_db()
        return _render_application(request, application, status=409)
    messages.success(
        request,
        f"{application.name}'s application is active again. They have not been emailed: "
        "tell them yourself.",
    )
    return redirect(_application_url(application))


# --- one application ------------------------------------------------------------------------


def _application_url(application: Application) -> str:
    return reverse("staff:applicants:application", kwargs={"pk": application.pk})


@require_GET
@staff_view(HIRING_TEAM)
def application(request, pk: int):
    return _render_application(request, _visible_application(request, pk))


def _render_application(
    request,
    application: Application,
    *,
    move_form=None,
    reject_form=None,
    note_form=None,
    reopen_form=None,
    status: int = 200,
):
    can_act = is_recruiting(request.user)
    is_active = application.status == ApplicationStatus.ACTIVE
    pk = application.pk
    move = reject = reopen = None
    if can_act and is_active:
        stages = services.ensure_stages(application.role)
        move_form = move_form or MoveForm(stages=stages, current=application.stage)
        move = _page_form(
            move_form,
            reverse("staff:applicants:move", kwargs={"pk": pk}),
            ("move", _stages_key(stages), application.stage_id),
        )
        reject_form = reject_form or RejectForm(role=application.role)
        reasons = _read_reasons_once(reject_form)
        reject = _page_form(
            reject_form,
            reverse("staff:applicants:reject", kwargs={"pk": pk}),
            ("reject", application.role.rejection_notice_delay_hours, reasons),
        )
    note = _page_form(
        note_form or NoteForm(),
        reverse("staff:applicants:note", kwargs={"pk": pk}) + "#notes",
        ("note",),
    )
    detail = selectors.application_detail(application)
    undoable = selectors.undoable_rejection(detail) if can_act else None
    if can_act and application.status == ApplicationStatus.REJECTED and undoable is None:
        reopen = _page_form(
            reopen_form or ReopenForm(),
            reverse("staff:applicants:reopen", kwargs={"pk": pk}),
            ("reopen",),
        )
    context = {
        "undoable": undoable,
        "reopen_form": reopen,
        "detail": detail,
        "application": application,
        "candidate": application.candidate,
        "role": application.role,
        "revision": application.revision,
        "can_act": can_act,
        "move_form": move,
        "reject_form": reject,
        "note_form": note,
        "panels": extensions.panels(extensions.APPLICATION_PANELS, request, application),
    }
    return render(request, "applicants/pipeline/application.html", context, status=status)


@require_POST
@staff_view(HIRING_TEAM)
def note(request, pk: int):
    application = _visible_application(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The note was not saved: see the message next to it.")
        return _render_application(request, application, note_form=form, status=400)
    services.add_note(application=application, author=request.user, body=form.cleaned_data["body"])
    messages.success(request, "Note saved.")
    return redirect(f"{_application_url(application)}#notes")


@require_GET
@staff_view(HIRING_TEAM)
def resume(request, pk: int):
    """The resume file, to staff who may see the application, as a download only."""
    application = _visible_application(request, pk)
    try:
        kind = ResumeKind(application.resume_kind)
        handle = application.resume.storage.open(application.resume.name, "rb")
    except (ValueError, FileNotFoundError, OSError) as missing:
        raise Http404("This resume is no longer available.") from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_download_name(application.name, kind),
        content_type=kind.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- rejection reasons ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_view(RECRUITING)
def reasons(request):
    form = RejectionReasonForm(
        request.POST if request.method == "POST" else None,
        action=reverse("staff:applicants:reasons"),
        submit="Add reason",
    )
    if request.method == "POST":
        if form.is_valid():
            reason = form.save()
            messages.success(request, f"Added “{reason.label}”.")
            return redirect("staff:applicants:reasons")
        messages.error(request, "The reason was not added: see the messages next to the fields.")
    return render(
        request,
        "applicants/pipeline/reasons.html",
        {"reasons": RejectionReason.objects.order_by("position", "label"), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_view(RECRUITING)
def reason_edit(request, pk: int):
    reason = get_object_or_404(RejectionReason, pk=pk)
    saved_label = reason.label  # the form writes the posted label onto the instance
    form = RejectionReasonForm(
        request.POST if request.method == "POST" else None,
        instance=reason,
        action=reverse("staff:applicants:reason_edit", kwargs={"pk": reason.pk}),
    )
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, f"Saved “{reason.label}”.")
            return redirect("staff:applicants:reasons")
        messages.error(request, "The reason was not saved: see the messages next to the fields.")
    return render(
        request,
        "applicants/pipeline/reason_edit.html",
        {"reason": reason, "saved_label": saved_label, "form": form},
        status=400 if request.method == "POST" else 200,
    )
