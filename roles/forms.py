"""Forms of the role editor: the profile, its one-to-one sections and ordered children."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Fieldset, Layout, Row
from django import forms
from django.contrib.auth import get_user_model
from django.forms import inlineformset_factory
from django.utils import timezone

from csa_portal.access import StaffGroup

from .models import (
    CareerStep,
    Channel,
    Compensation,
    KnockoutRule,
    KpiTarget,
    Qualification,
    Responsibility,
    RoleProfile,
    ScreeningQuestion,
    Training,
    Workplace,
)

MAX_CHILDREN = 30


class RoleProfileForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Where the person in this role talks to customers.",
    )
    hiring_managers = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="They can see this role, its candidates and decide.",
    )

    class Meta:
        model = RoleProfile
        fields = [
            "title",
            "family",
            "level",
            "team",
            "summary",
            "city",
            "region",
            "country",
            "workplace",
            "remote_eligibility",
            "employment_type",
            "shift_pattern",
            "hours_per_week",
            "coverage",
            "channels",
            "openings",
            "valid_through",
            "rejection_notice_delay_hours",
            "hiring_managers",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "valid_through": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "country": forms.TextInput(attrs={"placeholder": "US", "class": "text-uppercase"}),
        }
        labels = {
            "valid_through": "Closing date",
            "hours_per_week": "Hours per week",
            "rejection_notice_delay_hours": "Hours before a rejection is sent",
        }
        error_messages = {
            "country": {"max_length": "Use the two-letter country code, such as US or GB."}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hiring_managers"].queryset = (
            get_user_model()
            .objects.filter(groups__name=StaffGroup.HIRING_MANAGER, is_active=True)
            .order_by("first_name", "last_name", "username")
        )
        self.fields["hiring_managers"].label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                "The role",
                "title",
                Row(Column("family"), Column("level"), Column("team")),
                "summary",
            ),
            Fieldset(
                "Where and when",
                Row(Column("workplace"), Column("remote_eligibility")),
                Row(Column("city"), Column("region"), Column("country", css_class="col-md-2")),
                Row(Column("employment_type"), Column("hours_per_week"), Column("openings")),
                Row(Column("shift_pattern"), Column("coverage")),
                "channels",
            ),
            Fieldset(
                "Hiring",
                Row(
                    Column("valid_through"),
                    Column("rejection_notice_delay_hours"),
                    Column("hiring_managers"),
                ),
            ),
        )

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not any(ch.isalnum() for ch in title):
            raise forms.ValidationError("Give the role a title made of words.")
        return title

    def clean_country(self):
        return self.cleaned_data["country"].strip().upper()

    def clean_valid_through(self):
        value = self.cleaned_data["valid_through"]
        if value and value < timezone.localdate():
            raise forms.ValidationError("The closing date cannot be in the past.")
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("workplace") != Workplace.REMOTE:
            cleaned["remote_eligibility"] = ""
        return cleaned


class TrainingForm(forms.ModelForm):
    prefix = "training"

    class Meta:
        model = Training
        fields = ["onboarding_hours", "classroom_weeks", "mentored_weeks", "ongoing_plan"]
        widgets = {"ongoing_plan": forms.Textarea(attrs={"rows": 2})}
        labels = {"ongoing_plan": "Ongoing training"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("onboarding_hours"), Column("classroom_weeks"), Column("mentored_weeks")),
            "ongoing_plan",
        )


class CompensationForm(forms.ModelForm):
    prefix = "pay"

    class Meta:
        model = Compensation
        fields = ["currency", "pay_period", "minimum", "maximum", "bonus", "benefits", "perks"]
        widgets = {
            "currency": forms.TextInput(attrs={"placeholder": "USD", "class": "text-uppercase"}),
            "benefits": forms.Textarea(attrs={"rows": 2}),
            "perks": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"minimum": "Pay from", "maximum": "Pay up to"}
        error_messages = {
            "currency": {"max_length": "Use the three-letter currency code, such as USD."}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("currency", css_class="col-md-2"),
                Column("minimum"),
                Column("maximum"),
                Column("pay_period"),
            ),
            "bonus",
            Row(Column("benefits"), Column("perks")),
        )

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("minimum"), cleaned.get("maximum")
        if low is not None and high is not None and low > high:
            self.add_error("maximum", "The top of the range must not be below the bottom.")
        return cleaned


class ScreeningQuestionForm(forms.ModelForm):
    class Meta:
        model = ScreeningQuestion
        fields = ["text", "answer_type", "knockout_when", "knockout_value"]
        labels = {"text": "Question", "knockout_when": "Knock-out rule"}

    def clean(self):
        cleaned = super().clean()
        rule, value = cleaned.get("knockout_when"), cleaned.get("knockout_value")
        answer = cleaned.get("answer_type")
        if rule == KnockoutRule.NUMBER_BELOW:
            if answer != "number":
                self.add_error("knockout_when", "Only a number question can rule out low numbers.")
            if value is None:
                self.add_error("knockout_value", "Give the lowest number that passes.")
        if rule in {KnockoutRule.ANSWER_IS_NO, KnockoutRule.ANSWER_IS_YES} and answer != "yes_no":
            self.add_error("knockout_when", "Only a yes-or-no question can rule out an answer.")
        if rule != KnockoutRule.NUMBER_BELOW:
            cleaned["knockout_value"] = None
        return cleaned


class CareerStepForm(forms.ModelForm):
    class Meta:
        model = CareerStep
        fields = ["title", "after_months_min", "after_months_max", "typical_raise_percent"]
        labels = {
            "title": "Next role",
            "after_months_min": "After (months, from)",
            "after_months_max": "After (months, up to)",
            "typical_raise_percent": "Typical raise (%)",
        }

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("after_months_min"), cleaned.get("after_months_max")
        if low is not None and high is not None and high < low:
            self.add_error("after_months_max", "The upper month must not be below the lower.")
        return cleaned


class KpiTargetForm(forms.ModelForm):
    class Meta:
        model = KpiTarget
        fields = ["metric", "comparator", "value", "unit", "channel", "note"]

    def clean(self):
        cleaned = super().clean()
        value = cleaned.get("value")
        if cleaned.get("unit") == "percent" and value is not None and value > 100:
            self.add_error("value", "A percentage cannot be above 100.")
        return cleaned


def _child_helper(*columns: tuple[str, str]) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(
        Div(
            Row(*[Column(name, css_class=css) for name, css in columns]),
            css_class="formset-row ps-3 mb-2",
        )
    )
    return helper


def _formset(model, form=None, fields=None, extra=1):
    options = {
        "extra": extra,
        "can_delete": True,
        "can_order": True,
        "max_num": MAX_CHILDREN,
        "validate_max": True,
    }
    if form:
        return inlineformset_factory(RoleProfile, model, form=form, **options)
    return inlineformset_factory(RoleProfile, model, fields=fields, **options)


ResponsibilityFormSet = _formset(Responsibility, fields=["category", "text"], extra=2)
QualificationFormSet = _formset(Qualification, fields=["kind", "category", "text"], extra=2)
KpiTargetFormSet = _formset(KpiTarget, form=KpiTargetForm)
CareerStepFormSet = _formset(CareerStep, form=CareerStepForm)
ScreeningQuestionFormSet = _formset(ScreeningQuestion, form=ScreeningQuestionForm)

CHILD_SECTIONS = [
    # relation name (RoleProfile.CHILD_RELATIONS, also the formset prefix), heading,
    # formset class, crispy columns
    (
        "responsibilities",
        "Responsibilities",
        ResponsibilityFormSet,
        (
            ("category", "col-md-3"),
            ("text", "col-md-6"),
            ("ORDER", "col-md-1"),
            ("DELETE", "col-md-2"),
        ),
    ),
    (
        "qualifications",
        "Qualifications",
        QualificationFormSet,
        (
            ("kind", "col-md-2"),
            ("category", "col-md-2"),
            ("text", "col-md-5"),
            ("ORDER", "col-md-1"),
            ("DELETE", "col-md-2"),
        ),
    ),
    (
        "kpi_targets",
        "How success is measured",
        KpiTargetFormSet,
        (
            ("metric", "col-md-3"),
            ("comparator", "col-md-2"),
            ("value", "col-md-1"),
            ("unit", "col-md-1"),
            ("channel", "col-md-2"),
            ("ORDER", "col-md-1"),
            ("DELETE", "col-md-2"),
            ("note", "col-12"),
        ),
    ),
    (
        "career_steps",
        "Career path",
        CareerStepFormSet,
        (
            ("title", "col-md-3"),
            ("after_months_min", "col-md-2"),
            ("after_months_max", "col-md-2"),
            ("typical_raise_percent", "col-md-2"),
            ("ORDER", "col-md-1"),
            ("DELETE", "col-md-2"),
        ),
    ),
    (
        "screening_questions",
        "Screening questions",
        ScreeningQuestionFormSet,
        (
            ("text", "col-md-4"),
            ("answer_type", "col-md-2"),
            ("knockout_when", "col-md-2"),
            ("knockout_value", "col-md-1"),
            ("ORDER", "col-md-1"),
            ("DELETE", "col-md-2"),
        ),
    ),
]


def build_child_formsets(role: RoleProfile, data=None) -> dict:
    """Bound (on POST) or unbound formsets for every ordered section, keyed by relation."""
    formsets = {}
    for prefix, heading, formset_class, columns in CHILD_SECTIONS:
        formset = formset_class(data, instance=role, prefix=prefix)
        formset.heading = heading
        formset.helper = _child_helper(*columns)
        for form in formset.forms:
            form.fields["ORDER"].label = "Order"
            form.fields["ORDER"].widget.attrs["min"] = 1
            if "DELETE" in form.fields:
                form.fields["DELETE"].label = "Remove"
        formsets[prefix] = formset
    return formsets
