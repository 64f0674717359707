import re
from functools import lru_cache
from urllib.parse import urlencode

import django_filters
from django import forms
from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .board_cache import board_cities
from .models import EmploymentType, RoleProfile, RoleRevision, RoleStatus, Workplace
from .selectors import live_listings, live_revisions, search_listings


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
        label="Minimum yearly pay",
        min_value=0,
        max_value=10_000_000,
        widget=forms.NumberInput(attrs={"placeholder": "e.g. 40000", "step": 1000}),
    )

    class Meta:
        model = RoleRevision
        fields = ["q", "location", "workplace", "employment_type", "pay_at_least"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._cities = board_cities()
        self.filters["location"].extra["choices"] = [(city, city) for city in self._cities]

    @property
    def cities(self) -> list[str]:
        return self._cities

    @property
    def searching(self) -> bool:
        """Valid search words were given: the board pages over the listing (``listings``).

        As on the filtered board, a field with a bad value is left out and explained; the
        words and the other fields still apply.
        """
        if not self.is_bound or self.form.errors.get("q"):
            return False
        return bool(self.form.cleaned_data.get("q"))

    def revisions(self):
        """The live revisions a board without search words lists, every filter applied.

        Built only when the page needs it: a search pages over the listing instead, and
        building this queryset for nothing was a tenth of a search's CPU.
        """
        revisions = live_revisions()
        return self.filter_queryset(revisions) if self.is_bound else revisions

    def listings(self):
        """The search's matches among the live roles' listings, every other filter applied."""
        return self.filter_queryset(live_listings())

    def filter_search(self, queryset, name, value):
        """Search words page over the listing (``listings``), never over revisions."""
        return search_listings(queryset, value)

    def select_options(self) -> dict[str, SafeString]:
        """The ``<option>`` elements of each select, the visitor's choice selected.

        The board's form is written out in ``roles/_board_filters.html`` rather than through
        crispy-forms: crispy rendered each field through its templates and the city list
        option by option, half of a board page's time when the page cache missed.
        """
        data = self.form.data
        return {
            "location": _options(tuple(self._cities), "Any location", data.get("location")),
            "workplace": _options(_choices(Workplace), "Any workplace", data.get("workplace")),
            "employment_type": _options(
                _choices(EmploymentType), "Any type", data.get("employment_type")
            ),
        }

    @property
    def narrowed(self) -> bool:
        """A filter other than the search words has a value: the folded filters start open."""
        data = self.form.data
        return any(data.get(name) for name in BOARD_PARAMETERS if name != "q")


def _choices(choices) -> tuple[tuple[str, str], ...]:
    return tuple((str(value), str(label)) for value, label in choices.choices)


@lru_cache(maxsize=16)
def _escaped_options(values: tuple) -> tuple[tuple[str, str], ...]:
    """(value, ``<option>`` markup) for each choice; cached per list, the city list included."""
    options = []
    for value in values:
        value, label = value if isinstance(value, tuple) else (value, value)
        options.append((value, f'<option value="{escape(value)}">{escape(label)}</option>'))
    return tuple(options)


def _options(values: tuple, empty_label: str, selected: str | None) -> SafeString:
    parts = [f'<option value="">{escape(empty_label)}</option>']
    for value, markup in _escaped_options(values):
        if value == selected:
            markup = markup.replace("<option ", "<option selected ", 1)
        parts.append(markup)
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308, B703 # every part escaped above


# Every parameter the board reads, in the order its links write them.
BOARD_PARAMETERS = ("q", "location", "workplace", "employment_type", "pay_at_least")
# Free text and free numbers: each new value would be a new cache entry, so a board page that
# uses them is rendered every time (and is measured that way).
UNCACHED_BOARD_PARAMETERS = frozenset({"q", "pay_at_least"})
MAX_CACHED_PAGE = 500  # 10,000 roles at 20 a page
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")


def board_query_string(query: QueryDict) -> str:
    """The board's own parameters with a value, for its page links (never "page" itself).

    Anything else a visitor's URL carried is left out, so a link on the page holds only what
    the board understands.
    """
    return urlencode([(name, query[name]) for name in BOARD_PARAMETERS if query.get(name)])


def cacheable_board_query(query: QueryDict) -> str | None:
    """The part of the board's cache key for this query string; None: render, do not cache.

    Canonical means what the board's own form and links write: each known parameter once,
    with a value a visitor can pick (a city on the board, a workplace, a type, a page
    number), empty fields dropped, in a fixed order. Anything else (an unknown parameter, a
    repeated one, a value no filter offers, a search) is rendered and never cached, so the
    number of entries is bounded by what the board offers, whatever clients type.
    """
    canonical = []
    for name, values in query.lists():
        if len(values) != 1:
            return None
        value = values[0]
        if name not in BOARD_PARAMETERS and name != "page":
            return None
        if not value:
            continue
        if name in UNCACHED_BOARD_PARAMETERS or not _is_offered(name, value):
            return None
        canonical.append((name, value))
    return urlencode(sorted(canonical))


def _is_offered(name: str, value: str) -> bool:
    if name == "page":
        return bool(_PAGE_NUMBER.fullmatch(value)) and int(value) <= MAX_CACHED_PAGE
    if name == "location":
        return value in board_cities()
    if name == "workplace":
        return value in Workplace.values
    return value in EmploymentType.values  # employment_type


class StaffRoleFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=RoleStatus.choices, empty_label="All statuses", label="Status"
    )
    title = django_filters.CharFilter(lookup_expr="icontains", label="Title", max_length=120)

    class Meta:
        model = RoleProfile
        fields = ["status", "title"]
