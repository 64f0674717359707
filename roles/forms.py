"""Forms of the role editor: the profile, its one-to-one sections and ordered children."""

from decimal import Decimal
from typing import NamedTuple

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


class PlainDecimalField(forms.DecimalField):
    """A decimal shown as a person writes it: 90, not the stored 90.00.

    The database keeps two decimal places, so a KPI of 90 came back as "90.00", which the
    row's narrow box cut to "9". Whole numbers lose the zeros; 17.50 stays 17.50.
    """

    def prepare_value(self, value):
        if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral():
            return str(value.quantize(Decimal(1)))
        return super().prepare_value(value)


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
        field_classes = {"minimum": PlainDecimalField, "maximum": PlainDecimalField}

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


class ChildForm(forms.ModelForm):
    """One row of an ordered section of the profile.

    A blank new row is optional as a whole, so its labels carry no "required" mark; once
    something is typed into it, its fields are required as usual and a missing one is an
    error. (Formsets already leave the HTML ``required`` attribute off every row.)
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.required_once_used = []
        if self.empty_permitted and self.instance.pk is None:
            self.required_once_used = [name for name, f in self.fields.items() if f.required]
            for name in self.required_once_used:
                self.fields[name].required = False

    def full_clean(self):
        if self.required_once_used and self.is_bound and self.has_changed():
            for name in self.required_once_used:
                self.fields[name].required = True
        super().full_clean()


class ResponsibilityForm(ChildForm):
    class Meta:
        model = Responsibility
        fields = ["category", "text"]
        labels = {"text": "What the person does"}
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class QualificationForm(ChildForm):
    class Meta:
        model = Qualification
        fields = ["kind", "category", "text"]
        labels = {"kind": "Required or preferred", "text": "Qualification"}
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class ScreeningQuestionForm(ChildForm):
    class Meta:
        model = ScreeningQuestion
        fields = ["text", "answer_type", "knockout_when", "knockout_value"]
        labels = {
            "text": "Question",
            "knockout_when": "Knock-out rule",
            "knockout_value": "Knock-out value",
        }
        field_classes = {"knockout_value": PlainDecimalField}

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


class CareerStepForm(ChildForm):
    class Meta:
        model = CareerStep
        fields = ["title", "after_months_min", "after_months_max", "typical_raise_percent"]
        labels = {
            "title": "Next role",
            "after_months_min": "After (months)",
            "after_months_max": "Up to (months)",
            "typical_raise_percent": "Raise (%)",
        }

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("after_months_min"), cleaned.get("after_months_max")
        if low is not None and high is not None and high < low:
            self.add_error("after_months_max", "The upper month must not be below the lower.")
        return cleaned


class KpiTargetForm(ChildForm):
    class Meta:
        model = KpiTarget
        fields = ["metric", "comparator", "value", "unit", "channel", "note"]
        labels = {"metric": "Measure", "comparator": "Target is"}
        field_classes = {"value": PlainDecimalField}

    def clean(self):
        cleaned = super().clean()
        value = cleaned.get("value")
        if cleaned.get("unit") == "percent" and value is not None and value > 100:
            self.add_error("value", "A percentage cannot be above 100.")
        return cleaned


class ChildFormSet(forms.BaseInlineFormSet):
    """An ordered section: rows are put in order by number and removed by a tick.

    The role editor's script (static/js/role_editor.js) turns both into buttons and adds rows
    from ``empty_form`` without a round trip; without the script the fields work as they are.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = "Order"
        form.fields["ORDER"].widget.attrs.update({"min": 1, "data-row-order": ""})
        form.fields["DELETE"].label = "Remove"
        form.fields["DELETE"].widget.attrs["data-row-remove"] = ""


def _formset(model, form, extra=1):
    return inlineformset_factory(
        RoleProfile,
        model,
        form=form,
        formset=ChildFormSet,
        extra=extra,
        can_delete=True,
        can_order=True,
        max_num=MAX_CHILDREN,
        validate_max=True,
    )


ResponsibilityFormSet = _formset(Responsibility, ResponsibilityForm, extra=2)
QualificationFormSet = _formset(Qualification, QualificationForm, extra=2)
KpiTargetFormSet = _formset(KpiTarget, KpiTargetForm)
CareerStepFormSet = _formset(CareerStep, CareerStepForm)
ScreeningQuestionFormSet = _formset(ScreeningQuestion, ScreeningQuestionForm)


class ChildSection(NamedTuple):
    relation: str  # a RoleProfile.CHILD_RELATIONS name, also the formset prefix
    heading: str
    item: str  # one row in words, for buttons and announcements: "Add a responsibility"
    formset_class: type
    rows: tuple  # crispy rows of (field, column classes); the row's actions come last


CHILD_SECTIONS = [
    ChildSection(
        "responsibilities",
        "Responsibilities",
        "responsibility",
        ResponsibilityFormSet,
        ((("category", "col-md-4"), ("text", "col-md-8")),),
    ),
    ChildSection(
        "qualifications",
        "Qualifications",
        "qualification",
        QualificationFormSet,
        ((("kind", "col-md-3"), ("category", "col-md-3"), ("text", "col-md-6")),),
    ),
    ChildSection(
        "kpi_targets",
        "How success is measured",
        "measure",
        KpiTargetFormSet,
        (
            (
                ("metric", "col-md-5"),
                ("comparator", "col-5 col-md-3"),
                ("value", "col-3 col-md-2"),
                ("unit", "col-4 col-md-2"),
            ),
            (("channel", "col-md-4"), ("note", "col-md-8")),
        ),
    ),
    ChildSection(
        "career_steps",
        "Career path",
        "career step",
        CareerStepFormSet,
        (
            (
                ("title", "col-md-6"),
                ("after_months_min", "col-6 col-md-2"),
                ("after_months_max", "col-6 col-md-2"),
                ("typical_raise_percent", "col-6 col-md-2"),
            ),
        ),
    ),
    ChildSection(
        "screening_questions",
        "Screening questions",
        "screening question",
        ScreeningQuestionFormSet,
        (
            (("text", "col-12"),),
            (
                ("answer_type", "col-md-4"),
                ("knockout_when", "col-md-5"),
                ("knockout_value", "col-md-3"),
            ),
        ),
    ),
]


def _child_helper(rows: tuple) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    actions = Div(
        Div("ORDER", css_class="formset-order"),
        Div("DELETE", css_class="formset-delete"),
        css_class="formset-actions d-flex flex-wrap align-items-center gap-3",
    )
    helper.layout = Layout(
        Div(
            *[Row(*[Column(name, css_class=css) for name, css in row]) for row in rows],
            actions,
            css_class="formset-row ps-3 pb-2 mb-3",
            data_formset_row="",
        )
    )
    return helper


def build_child_formsets(role: RoleProfile, data=None) -> dict:
    """Bound (on POST) or unbound formsets for every ordered section, keyed by relation."""
    formsets = {}
    for section in CHILD_SECTIONS:
        formset = section.formset_class(data, instance=role, prefix=section.relation)
        formset.heading = section.heading
        formset.item = section.item
        formset.helper = _child_helper(section.rows)
        formsets[section.relation] = formset
    return formsets
