"""Forms of the assessment pages (crispy layouts; the models and services hold the rules)."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms

from applicants.models import RejectionReason

from .models import (
    AssessmentTemplate,
    DecisionOutcome,
    Recommendation,
    RoleAssessment,
    TemplateStatus,
    TimeFactor,
)


class AccommodationRequestForm(forms.Form):
    message = forms.CharField(
        label="What would help you take the tasks?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "For example more time, typing your answers to the practice call instead of "
            "speaking them, or anything else. Only the recruiter reads this."
        ),
        error_messages={
            "required": "Tell us what would help, in a sentence or two.",
            "max_length": "Keep it under 1,000 characters; the recruiter can ask for more.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("send", "Send to the recruiter", css_class="btn-portal"))

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError("Tell us what would help, in a sentence or two.")
        return message


class AccommodationForm(forms.Form):
    time_factor = forms.TypedChoiceField(
        label="Time for each task",
        choices=TimeFactor.choices,
        coerce=Decimal,
        error_messages={"invalid_choice": "Choose one of the time options offered."},
    )
    typed_call = forms.BooleanField(
        label="Answer the practice call by typing instead of speaking", required=False
    )
    note = forms.CharField(
        label="Note for the record (recruiters only)",
        max_length=300,
        required=False,
        help_text="What was agreed and why. Reviewers and hiring managers never see it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save adjustments", css_class="btn-portal"))


class RoleAssessmentForm(forms.ModelForm):
    class Meta:
        model = RoleAssessment
        fields = [
            "template",
            "invite_automatically",
            "days_to_complete",
            "blind_review",
            "share_feedback",
        ]
        labels = {"template": "Assessment"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = AssessmentTemplate.objects.filter(
            status=TemplateStatus.PUBLISHED
        ).order_by("name")
        self.fields["template"].error_messages["invalid_choice"] = (
            "Choose one of the published assessments."
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save", css_class="btn-portal"))


def level_choices(criterion: dict) -> list[tuple[int, str]]:
    """Each level with its anchor, so the reviewer reads what the level means as they pick it."""
    return [
        (score, f"{score} · {criterion['levels'][str(score)]['anchor']}") for score in range(1, 6)
    ]


class ReviewForm(forms.Form):
    """A level and an optional comment per criterion, then the overall view and why."""

    recommendation = forms.ChoiceField(
        label="Overall, should this candidate go further?",
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an overall recommendation."},
    )
    justification = forms.CharField(
        label="Why? Cite what you saw or heard in the answer.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say briefly why, citing the answer."},
    )
    confirm = forms.BooleanField(
        label="I have checked: my recommendation and my levels say what I mean.", required=False
    )

    def __init__(self, data=None, *, rubric: dict, ask_confirm: bool = False, **kwargs):
        super().__init__(data, **kwargs)
        self.rubric = rubric
        sections = []
        for criterion in rubric["criteria"]:
            key = criterion["key"]
            self.fields[f"level_{key}"] = forms.TypedChoiceField(
                label=criterion["name"],
                choices=level_choices(criterion),
                coerce=int,
                widget=forms.RadioSelect,
                help_text=criterion["looks_for"],
                error_messages={
                    "required": f"Choose a level for {criterion['name']}.",
                    "invalid_choice": "Choose one of the five levels.",
                },
            )
            self.fields[f"comment_{key}"] = forms.CharField(
                label=f"Comment on {criterion['name'].lower()} (optional)",
                max_length=1000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            sections.append(
                Fieldset(criterion["name"], f"level_{key}", f"comment_{key}", css_class="mb-4")
            )
        if not ask_confirm:
            self.fields.pop("confirm")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *sections,
            Fieldset(
                "Overall",
                "recommendation",
                "justification",
                *(["confirm"] if ask_confirm else []),
            ),
            Submit("submit", "Submit review", css_class="btn-portal"),
        )

    def scores(self) -> dict:
        from .services import ScoreInput

        data = self.cleaned_data
        return {
            c["key"]: ScoreInput(data[f"level_{c['key']}"], data.get(f"comment_{c['key']}", ""))
            for c in self.rubric["criteria"]
        }


class CalibrationForm(forms.Form):
    """One level per criterion for each sample of the calibration set."""

    def __init__(self, data=None, *, task: dict, **kwargs):
        super().__init__(data, **kwargs)
        self.task = task
        sections = []
        for sample in task["calibration"]:
            names = []
            for criterion in task["rubric"]["criteria"]:
                name = f"{sample['key']}__{criterion['key']}"
                self.fields[name] = forms.TypedChoiceField(
                    label=criterion["name"],
                    choices=level_choices(criterion),
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={"required": f"Choose a level for {criterion['name']}."},
                )
                names.append(name)
            sections.append(Fieldset(sample["label"], *names, css_class="mb-4"))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*sections)

    def levels(self) -> dict[str, dict[str, int]]:
        found: dict[str, dict[str, int]] = {}
        for name, value in self.cleaned_data.items():
            sample, criterion = name.split("__", 1)
            found.setdefault(sample, {})[criterion] = value
        return found


class SettlementForm(forms.Form):
    method = forms.ChoiceField(
        label="How to settle it",
        choices=[
            ("agreed_level", "Set the agreed level"),
            ("third_review", "Ask a third reviewer"),
        ],
        widget=forms.RadioSelect,
    )
    criterion = forms.CharField(widget=forms.HiddenInput)
    level = forms.TypedChoiceField(
        label="Agreed level",
        choices=[("", "—")] + [(n, str(n)) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    reason = forms.CharField(
        label="Reason for the record",
        max_length=500,
        error_messages={"required": "Give the reason for the record."},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("method") == "agreed_level" and cleaned.get("level") is None:
            self.add_error("level", "Choose the agreed level.")
        return cleaned


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose advance, hold or reject."},
    )
    reason = forms.CharField(
        label="Reason (kept on record; never sent to the candidate)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for your decision."},
    )
    rejection_reason = forms.ModelChoiceField(
        label="If rejecting: the message the candidate receives",
        queryset=RejectionReason.objects.none(),
        required=False,
        empty_label="Not selected after the assessment and review (default)",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rejection_reason"].queryset = RejectionReason.objects.filter(
            is_active=True
        ).order_by("position", "label")
        self.helper = FormHelper()
        self.helper.add_input(Submit("decide", "Record the decision", css_class="btn-portal"))

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give the reason for your decision.")
        return reason
