"""Forms of the pipeline pages: board filters, moves, rejections, bulk actions, notes, reasons."""

import re

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Layout, Row
from django import forms

from roles.models import RoleProfile

from . import extensions
from .models import Application, ApplicationStatus, Note, RejectionReason, Stage
from .selectors import BoardFilters, active_rejection_reasons
from .templatetags.mail_text import PLACEHOLDER

MAX_DELAY_HOURS = 24 * 14
MAX_BULK_SELECTION = 500

_DELAY_MESSAGE = f"Choose a delay between 0 and {MAX_DELAY_HOURS} hours (14 days)."
_TEMPLATE_SYNTAX = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\}\}|\{%|%\}|\{#|#\}", re.S)


def _stage_choices(stages: list[Stage], *, blank: str | None = None) -> list[tuple]:
    choices = [(stage.pk, stage.name) for stage in stages]
    return [("", blank), *choices] if blank is not None else choices


def _stage_by_pk(stages: list[Stage], pk: int | None) -> Stage | None:
    return next((stage for stage in stages if stage.pk == pk), None)


# --- the board ------------------------------------------------------------------------------


class BoardFilterForm(forms.Form):
    """Search and filters of the board. Unknown or malformed values are ignored, not errors."""

    q = forms.CharField(
        label="Search",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name, email, resume"}),
    )
    stage = forms.TypedChoiceField(label="Stage", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="Status", required=False, choices=ApplicationStatus.choices)
    knocked_out = forms.BooleanField(label="Knocked out only", required=False)

    def __init__(self, data=None, *, stages: list[Stage], **kwargs):
        super().__init__(data, **kwargs)
        self.stages = stages
        self.fields["stage"].choices = _stage_choices(stages, blank="Every stage")
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.form_id = "board-filters"
        self.helper.attrs = {"role": "search", "aria-label": "Search and filter applications"}
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-md-3"),
                Column("stage", css_class="col-sm-4 col-md-3"),
                Column("status", css_class="col-sm-4 col-md-2"),
                Column("knocked_out", css_class="col-sm-4 col-md-2 align-self-end"),
                Column(
                    StrictButton("Filter", type="submit", css_class="btn-outline-secondary"),
                    css_class="col-md-2 align-self-end mb-3",
                ),
            )
        )

    def filters(self) -> BoardFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return BoardFilters(
            q=(data.get("q") or "").strip(),
            stage=_stage_by_pk(self.stages, data.get("stage")),
            knocked_out=bool(data.get("knocked_out")),
            status=data.get("status") or ApplicationStatus.ACTIVE,
        )


class MoveForm(forms.Form):
    """Move one application to another stage of its role."""

    prefix = "move"

    to_stage = forms.TypedChoiceField(
        label="Move to",
        coerce=int,
        error_messages={
            "required": "Choose the stage to move to.",
            "invalid_choice": "Choose one of the other stages of this role's pipeline.",
        },
    )
    reason = forms.CharField(
        label="Reason for the record (optional)", max_length=500, required=False
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *, stages: list[Stage], current: Stage | None = None, **kwargs):
        super().__init__(data, **kwargs)
        self.stages = stages
        choices = [stage for stage in stages if current is None or stage.pk != current.pk]
        self.fields["to_stage"].choices = _stage_choices(choices, blank="Choose a stage")
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.layout = Layout(
            "to_stage",
            "reason",
            "next",
            StrictButton("Move", type="submit", css_class="btn-portal"),
        )

    def clean_to_stage(self) -> Stage:
        return _stage_by_pk(self.stages, self.cleaned_data["to_stage"])


class ApplicationIdsField(forms.TypedMultipleChoiceField):
    """Ids ticked on the board's cards; the form checks they belong to the role."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        super().__init__(coerce=int, **kwargs)

    def valid_value(self, value) -> bool:
        return True


class RejectionFields(forms.Form):
    """A structured reason, an optional note and the delay before the candidate is told."""

    reason = forms.ModelChoiceField(
        label="Reason",
        queryset=RejectionReason.objects.none(),
        required=False,
        empty_label="Choose a reason",
        help_text="The candidate receives the email written for this reason.",
        error_messages={"invalid_choice": "That reason is no longer in use. Choose another."},
    )
    note = forms.CharField(
        label="Note for the record (optional)",
        max_length=500,
        required=False,
        help_text="Kept in the history; never sent to the candidate.",
    )
    delay_hours = forms.IntegerField(
        label="Hours before the candidate is told",
        required=False,
        min_value=0,
        max_value=MAX_DELAY_HOURS,
        error_messages={
            "min_value": _DELAY_MESSAGE,
            "max_value": _DELAY_MESSAGE,
            "invalid": _DELAY_MESSAGE,
        },
    )

    def __init__(self, data=None, *, role: RoleProfile, **kwargs):
        super().__init__(data, **kwargs)
        self.role = role
        self.fields["reason"].queryset = active_rejection_reasons()
        self.fields["delay_hours"].initial = role.rejection_notice_delay_hours
        self.fields["delay_hours"].help_text = (
            f"This role's default is {role.rejection_notice_delay_hours} hours, so the news is "
            "never instant."
        )

    def clean_delay_hours(self) -> int:
        delay = self.cleaned_data.get("delay_hours")
        return self.role.rejection_notice_delay_hours if delay is None else delay

    def require_reason(self) -> None:
        if not self.cleaned_data.get("reason") and "reason" not in self.errors:
            self.add_error("reason", "Choose a reason: the candidate's email depends on it.")


class RejectForm(RejectionFields):
    """Reject one application (it is then "not progressing")."""

    prefix = "reject"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        self.fields["reason"].error_messages["required"] = (
            "Choose a reason: the candidate's email depends on it."
        )
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.layout = Layout(
            "reason",
            "note",
            "delay_hours",
            StrictButton("Reject", type="submit", css_class="btn-outline-danger"),
        )


class BulkActionForm(RejectionFields):
    """Act on every selected application of one role: move, reject, or an action another app
    offers (``extensions.BULK_ACTIONS``, such as inviting to the assessment).

    Each field belongs to one action (``FIELDS_OF``); the board's script shows only the chosen
    action's fields, and without a script every field shows, each saying what it is for.
    """

    MOVE = "move"
    REJECT = "reject"
    FIELDS_OF = {MOVE: ("to_stage", "note"), REJECT: ("reason", "note", "delay_hours")}

    applications = ApplicationIdsField(
        label="Selected applications",
        error_messages={
            "required": "Select at least one application first.",
            "invalid_choice": "The selection could not be read. Reload the board and try again.",
        },
    )
    action = forms.ChoiceField(
        label="Action",
        widget=forms.RadioSelect,
        initial=MOVE,
        error_messages={
            "required": "Choose what to do with the selected applications.",
            "invalid_choice": "Choose one of the actions listed.",
        },
    )
    to_stage = forms.TypedChoiceField(
        label="Stage",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "That stage is not part of this role's pipeline."},
    )

    field_order = ["action", "to_stage", "reason", "note", "delay_hours", "applications"]

    def __init__(
        self, data=None, *, role: RoleProfile, stages: list[Stage], action: str = "", **kwargs
    ):
        super().__init__(data, role=role, **kwargs)
        self.stages = stages
        self.extra_actions = {extra.key: extra for extra in extensions.BULK_ACTIONS}
        self.fields["action"].choices = [
            (self.MOVE, "Move to a stage"),
            (self.REJECT, "Reject (not progressing)"),
            *((extra.key, extra.label) for extra in self.extra_actions.values()),
        ]
        self.fields["to_stage"].choices = _stage_choices(stages, blank="Choose a stage")
        self.fields["note"].label = "Note for the record (optional, moves and rejections)"
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = action
        self.helper.form_id = "bulk-form"
        self.helper.attrs = {"aria-label": "Act on the selected applications"}
        self.helper.layout = Layout(
            Row(
                Column("action", css_class="col-md-3"),
                Column(
                    Div("to_stage", data_bulk_fields="move"),
                    Div("reason", data_bulk_fields="reject"),
                    css_class="col-md-4",
                ),
                Column(Div("delay_hours", data_bulk_fields="reject"), css_class="col-md-5"),
            ),
            Div("note", data_bulk_fields="move reject"),
            HTML(
                '<p class="small text-body-secondary" data-bulk-fields="'
                + " ".join(self.extra_actions)
                + '">Nothing more to choose for this action.</p>'
            )
            if self.extra_actions
            else HTML(""),
            StrictButton(
                "Apply to selected", type="submit", css_class="btn-portal", data_bulk_submit=""
            ),
        )

    @property
    def extra_action(self) -> extensions.BulkAction | None:
        return self.extra_actions.get(self.cleaned_data.get("action", ""))

    def clean_applications(self) -> list[int]:
        ids = list(dict.fromkeys(self.cleaned_data["applications"]))
        if len(ids) > MAX_BULK_SELECTION:
            raise forms.ValidationError(
                f"Select at most {MAX_BULK_SELECTION} applications at a time."
            )
        return ids

    def clean_to_stage(self) -> Stage | None:
        return _stage_by_pk(self.stages, self.cleaned_data.get("to_stage"))

    def clean(self):
        cleaned = super().clean()
        moving = cleaned.get("action") == self.MOVE
        if moving and not cleaned.get("to_stage") and "to_stage" not in self.errors:
            self.add_error("to_stage", "Choose the stage to move them to.")
        if cleaned.get("action") == self.REJECT:
            self.require_reason()
        ids = cleaned.get("applications")
        if ids:
            found = list(Application.objects.filter(role=self.role, pk__in=ids).order_by("pk"))
            if len(found) != len(ids):
                self.add_error(
                    None,
                    "Some of the selected applications are not on this role's board. "
                    "Reload the board and select again.",
                )
            cleaned["selected"] = found
        return cleaned


class UndoBatchForm(forms.Form):
    """Take back the last bulk action (the board's "Undo" button)."""

    batch = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "There is no action to undo.",
            "invalid": "That action could not be found. Reload the board.",
        },
    )


class UndoChangeForm(forms.Form):
    """Take back one change of an application (its "Undo" button)."""

    change = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": "There is no change to undo.",
            "invalid": "That change could not be found. Reload the page.",
            "min_value": "That change could not be found. Reload the page.",
        },
    )


class ReopenForm(forms.Form):
    """Reopen a rejected application after the candidate was told, with the reason."""

    prefix = "reopen"

    reason = forms.CharField(
        label="Why reopen it?",
        max_length=400,
        help_text="Kept in the history. The candidate is not emailed: tell them yourself.",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Say why the application is reopened: it is kept in the history.",
            "max_length": "Keep the reason under %(limit_value)d characters "
            "(it has %(show_value)d).",
        },
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = action
        self.helper.layout = Layout(
            "reason",
            StrictButton("Reopen the application", type="submit", css_class="btn-outline-primary"),
        )

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(
                "Say why the application is reopened: it is kept in the history."
            )
        return reason


# --- notes ----------------------------------------------------------------------------------


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["body"]
        labels = {"body": "Add a note"}
        help_texts = {"body": "Seen by recruiters and this role's hiring managers. Plain text."}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "body": {
                "required": "Write the note before saving it.",
                "max_length": "Keep a note under %(limit_value)d characters "
                "(it has %(show_value)d).",
            }
        }

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = action
        self.helper.layout = Layout(
            "body", StrictButton("Save note", type="submit", css_class="btn-portal")
        )


# --- rejection reasons ----------------------------------------------------------------------


class RejectionReasonForm(forms.ModelForm):
    class Meta:
        model = RejectionReason
        fields = ["label", "email_subject", "email_body", "is_active", "position"]
        labels = {
            "label": "Reason",
            "email_subject": "Email subject",
            "email_body": "Email to the candidate",
            "is_active": "In use (offered when rejecting)",
            "position": "Position in the list",
        }
        help_texts = {
            "label": "What recruiters choose from, such as “Not available for the shifts”.",
            "email_body": (
                "Plain text; a blank line starts a new paragraph. Two placeholders are filled in: "
                "{{ candidate_name }} (the candidate's name) and {{ role_title }} (the role's "
                "title as advertised). “Hello <name>,” and the team's sign-off are added for you."
            ),
            "position": "Lower numbers come first.",
        }
        widgets = {"email_body": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "label": {"unique": "There is already a reason with this name."},
            "email_body": {
                "max_length": "Keep the email under %(limit_value)d characters "
                "(it has %(show_value)d)."
            },
        }

    def __init__(self, *args, action: str = "", submit: str = "Save reason", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = action
        self.helper.layout = Layout(
            Row(Column("label", css_class="col-md-8"), Column("position", css_class="col-md-4")),
            "email_subject",
            "email_body",
            "is_active",
            StrictButton(submit, type="submit", css_class="btn-portal"),
        )

    def clean_email_subject(self) -> str:
        return _only_placeholders(self.cleaned_data["email_subject"])

    def clean_email_body(self) -> str:
        return _only_placeholders(self.cleaned_data["email_body"])


def _only_placeholders(text: str) -> str:
    """Refuse template syntax other than the two placeholders the mail fills in."""
    leftover = _TEMPLATE_SYNTAX.search(PLACEHOLDER.sub("", text))
    if leftover:
        raise forms.ValidationError(
            "Only {{ candidate_name }} and {{ role_title }} can be filled in. "
            "Remove or correct “%(found)s”.",
            code="placeholder",
            params={"found": leftover.group(0)[:60]},
        )
    return text
