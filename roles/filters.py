import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row, Submit
from django import forms

from .board_cache import board_cities
from .models import EmploymentType, RoleProfile, RoleRevision, RoleStatus, Workplace
from .selectors import search_revisions


class BoardFilter(django_filters.FilterSet):
    """The job board's search box and filters; unknown or malformed values are ignored."""

    q = django_filters.CharFilter(
        method="filter_search",
        label="Search",
        max_length=200,
        widget=forms.TextInput(
            attrs={"placeholder": "Job title, skill or keyword", "type": "search"}
        ),
    )
    location = django_filters.ChoiceFilter(
        field_name="city", label="Location", empty_label="Any location"
    )
    workplace = django_filters.ChoiceFilter(
        choices=Workplace.choices, label="Workplace", empty_label="Any workplace"
    )
    employment_type = django_filters.ChoiceFilter(
        choices=EmploymentType.choices, label="Employment type", empty_label="Any type"
    )
    pay_at_least = django_filters.NumberFilter(
        field_name="annual_pay_maximum",
        lookup_expr="gte",
        label="Pay at least (per year)",
        min_value=0,
        max_value=10_000_000,
        widget=forms.NumberInput(attrs={"placeholder": "e.g. 40000", "step": 1000}),
    )

    class Meta:
        model = RoleRevision
        fields = ["q", "location", "workplace", "employment_type", "pay_at_least"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["location"].extra["choices"] = [(city, city) for city in board_cities()]
        self.form.helper = FormHelper()
        self.form.helper.form_method = "get"
        self.form.helper.form_tag = True
        self.form.helper.disable_csrf = True
        self.form.helper.attrs = {"role": "search", "aria-label": "Search and filter roles"}
        self.form.helper.layout = Layout(
            Row(
                Column(Field("q"), css_class="col-lg-4"),
                Column("location", css_class="col-sm-6 col-lg-2"),
                Column("workplace", css_class="col-sm-6 col-lg-2"),
                Column("employment_type", css_class="col-sm-6 col-lg-2"),
                Column("pay_at_least", css_class="col-sm-6 col-lg-2"),
            ),
            Submit("", "Search roles", css_class="btn-portal"),
        )

    def filter_search(self, queryset, name, value):
        return search_revisions(queryset, value)


class StaffRoleFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=RoleStatus.choices, empty_label="All statuses", label="Status"
    )
    title = django_filters.CharFilter(lookup_expr="icontains", label="Title", max_length=120)

    class Meta:
        model = RoleProfile
        fields = ["status", "title"]
