"""Forms of the assessment pages (crispy layouts; the models and services hold the rules)."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from .models import AssessmentTemplate, RoleAssessment, TemplateStatus, TimeFactor


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
