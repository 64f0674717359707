"""The reports' filter: role, dates, source (and, for adverse impact, which groups)."""

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms

from . import selectors
from .catalogue import DIMENSIONS

UNKNOWN_ROLE = "That role is not one you can report on. Choose one from the list."
UNKNOWN_SOURCE = "No application came from that source. Choose one from the list."
DATES_REVERSED = "The start date is after the end date. Swap them, or change one."


class ReportFilterForm(forms.Form):
    """Every field may be left empty (everything you may see). A value that names nothing you
    may report on is an error, shown next to its field, and the page answers 400."""

    role = forms.TypedChoiceField(
        label="Role",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": UNKNOWN_ROLE},
    )
    date_from = forms.DateField(
        label="Applied from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="Applied until", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    source = forms.ChoiceField(
        label="Source", required=False, error_messages={"invalid_choice": UNKNOWN_SOURCE}
    )
    groups = forms.ChoiceField(
        label="Groups",
        required=False,
        choices=[(key, title) for key, (title, _) in DIMENSIONS.items()],
    )

    def __init__(self, data=None, *, user, with_groups: bool = False, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        chosen = self._chosen_role(data)
        self.fields["role"].choices = [("", "Every role you can see")] + [
            (pk, title) for pk, title in selectors.role_choices(user, include=chosen)
        ]
        self.fields["source"].choices = [("", "Every source")] + [
            (s, s) for s in selectors.known_sources()
        ]
        if not with_groups:
            del self.fields["groups"]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.form_id = "report-filters"
        self.helper.attrs = {"role": "search", "aria-label": "Filter the report"}
        columns = [
            Column("role", css_class="col-md-6 col-xl-3"),
            Column("date_from", css_class="col-6 col-md-3 col-xl-2"),
            Column("date_to", css_class="col-6 col-md-3 col-xl-2"),
            Column("source", css_class="col-sm-6 col-md-4 col-xl-3"),
        ]
        if with_groups:
            columns.append(Column("groups", css_class="col-sm-6 col-md-4 col-xl-3"))
        columns.append(
            Column(
                StrictButton("Show", type="submit", css_class="btn-portal"),
                css_class="col-auto align-self-end mb-3",
            )
        )
        self.helper.layout = Layout(Row(*columns))

    @property
    def narrowed(self) -> bool:
        """Whether a filter leaves something out: a phone shows the filters folded unless so."""
        return any(self.data.get(name) for name in ("role", "date_from", "date_to", "source"))

    @staticmethod
    def _chosen_role(data) -> int | None:
        try:
            return int((data or {}).get("role") or "")
        except (TypeError, ValueError):
            return None

    def clean_role(self):
        role = self.cleaned_data.get("role")
        if role is not None and not selectors.visible_role(self.user, role):
            raise forms.ValidationError(UNKNOWN_ROLE)
        return role

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", DATES_REVERSED)
        return data

    def scope(self) -> selectors.Scope:
        data = self.cleaned_data
        return selectors.scope_for(
            self.user,
            role_id=data.get("role"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            source=data.get("source") or None,
        )
