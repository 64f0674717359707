"""Forms of the template editor: a template, its tasks, and each task's script, ticket,
questions and rubric, in the role editor's style (ordered formsets: type in a blank row to
add one, tick Remove to drop one, change the order numbers to reorder).

Edits change the draft rows only; candidates keep the published revision until the template
is published again, and every attempt keeps the revision it was given.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Layout, Row
from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from .models import (
    AssessmentTemplate,
    CallBranch,
    CallTurn,
    Criterion,
    Level,
    Option,
    Question,
    ResponsePart,
    Rubric,
    Task,
    TaskKind,
    TicketEntry,
)

MAX_ROWS = 40


def _row_helper(*columns: tuple[str, str]) -> FormHelper:
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


def _plain_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class FactsField(forms.CharField):
    """Facts shown beside a task, written one per line as ``Label: value``."""

    widget = forms.Textarea(attrs={"rows": 6})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{fact['label']}: {fact['value']}" for fact in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        facts = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            label, colon, rest = line.partition(":")
            if not colon or not label.strip() or not rest.strip():
                raise forms.ValidationError(
                    f"Line {number} needs a label, a colon and a value, like “Order number: "
                    "LH-4471902”."
                )
            facts.append({"label": label.strip()[:80], "value": rest.strip()[:300]})
        return facts


# --- the template and its tasks -------------------------------------------------------------


class TemplateForm(forms.ModelForm):
    class Meta:
        model = AssessmentTemplate
        fields = ["name", "summary", "pass_mark", "reviewers_per_response"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _plain_helper()
        self.helper.layout = Layout(
            "name",
            "summary",
            Row(
                Column("pass_mark", css_class="col-md-4"),
                Column("reviewers_per_response", css_class="col-md-4"),
            ),
        )


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = [
            "kind",
            "title",
            "time_limit_minutes",
            "weight",
            "instructions",
            "what_we_look_for",
            "scenario",
            "reviewer_notes",
        ]
        widgets = {
            "instructions": forms.Textarea(attrs={"rows": 3}),
            "what_we_look_for": forms.Textarea(attrs={"rows": 3}),
            "scenario": forms.Textarea(attrs={"rows": 3}),
            "reviewer_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A task's kind decides what its content is; it is chosen once, when added.
            self.fields["kind"].disabled = True
        self.fields["kind"].required = False

    def clean_kind(self):
        kind = self.cleaned_data.get("kind") or self.instance.kind
        if self.has_changed() and not kind:
            raise forms.ValidationError("Choose what kind of task this is.")
        return kind


class BaseTaskFormSet(BaseInlineFormSet):
    def save_new(self, form, commit=True):
        task = form.save(commit=False)
        task.template = self.instance
        task.key = _free_key(self.instance, task.kind)
        if commit:
            task.save()
        return task


def _free_key(template: AssessmentTemplate, kind: str) -> str:
    taken = set(template.tasks.values_list("key", flat=True))
    key, n = kind, 2
    while key in taken:
        key, n = f"{kind}-{n}", n + 1
    return key


def _formset(parent, model, form=None, fields=None, extra=1, formset=BaseInlineFormSet, **kw):
    options = {
        "extra": extra,
        "can_delete": True,
        "can_order": True,
        "max_num": MAX_ROWS,
        "validate_max": True,
        "formset": formset,
        **kw,
    }
    if form is not None:
        return inlineformset_factory(parent, model, form=form, **options)
    return inlineformset_factory(parent, model, fields=fields, **options)


TaskFormSet = _formset(AssessmentTemplate, Task, form=TaskForm, extra=0, formset=BaseTaskFormSet)


# --- the call -------------------------------------------------------------------------------


class CallDetailsForm(forms.ModelForm):
    facts = FactsField(
        label="On the candidate's screen",
        required=False,
        help_text="One per line: a label, a colon, the value (account, order, policies).",
    )

    class Meta:
        model = Task
        fields = ["customer_name", "facts"]
        help_texts = {"customer_name": "Shown with each of the customer's lines."}


TurnFormSet = _formset(
    Task, CallTurn, fields=["key", "stage", "text", "next_key", "contains_card_number"], extra=2,
    widgets={"text": forms.Textarea(attrs={"rows": 2})},
)  # fmt: skip


class BranchForm(forms.ModelForm):
    class Meta:
        model = CallBranch
        fields = ["turn", "label", "next_key"]

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["turn"].queryset = task.turns.order_by("position", "pk")
        self.fields["turn"].label = "After turn"


def branch_formset(task: Task, data=None):
    """Branches belong to turns; they are edited together for the whole call."""
    factory = forms.modelformset_factory(
        CallBranch, form=BranchForm, extra=1, can_delete=True, max_num=MAX_ROWS,
        validate_max=True,
    )  # fmt: skip
    formset = factory(
        data,
        queryset=CallBranch.objects.filter(turn__task=task).order_by("turn__position", "position"),
        prefix="branches",
        form_kwargs={"task": task},
    )
    formset.heading = "Branches: where the candidate chooses how to go on"
    formset.helper = _row_helper(
        ("turn", "col-md-3"), ("label", "col-md-5"), ("next_key", "col-md-2"),
        ("DELETE", "col-md-2"),
    )  # fmt: skip
    return formset


# --- the written escalation -----------------------------------------------------------------


class TicketDetailsForm(forms.ModelForm):
    facts = FactsField(
        label="About the customer",
        required=False,
        help_text="One per line: a label, a colon, the value.",
    )

    class Meta:
        model = Task
        fields = ["ticket_reference", "ticket_subject", "facts"]


class TicketEntryForm(forms.ModelForm):
    class Meta:
        model = TicketEntry
        fields = ["at", "author", "channel", "body"]
        widgets = {
            "at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "body": forms.Textarea(attrs={"rows": 2}),
        }


EntryFormSet = _formset(Task, TicketEntry, form=TicketEntryForm, extra=1)
PartFormSet = _formset(
    Task, ResponsePart, fields=["key", "label", "guidance", "min_words", "max_words"], extra=0,
    widgets={"guidance": forms.Textarea(attrs={"rows": 2})},
)  # fmt: skip


# --- the quiz -------------------------------------------------------------------------------


QuestionFormSet = _formset(
    Task, Question, fields=["key", "competency", "scenario", "prompt"], extra=1,
    widgets={"scenario": forms.Textarea(attrs={"rows": 2})},
)  # fmt: skip
OptionFormSet = _formset(
    Question, Option, fields=["key", "text", "credit", "rationale"], extra=1,
    widgets={"text": forms.Textarea(attrs={"rows": 2}),
             "rationale": forms.Textarea(attrs={"rows": 2})},
)  # fmt: skip


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["key", "competency", "scenario", "prompt"]
        widgets = {"scenario": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _plain_helper()


# --- rubrics --------------------------------------------------------------------------------


class RubricForm(forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _plain_helper()


CriterionFormSet = _formset(
    Rubric, Criterion, fields=["key", "name", "looks_for", "weight"], extra=1,
    widgets={"looks_for": forms.Textarea(attrs={"rows": 2})},
)  # fmt: skip


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "looks_for", "weight"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _plain_helper()


class LevelForm(forms.ModelForm):
    class Meta:
        model = Level
        fields = ["anchor", "feedback"]
        widgets = {
            "anchor": forms.Textarea(attrs={"rows": 2}),
            "feedback": forms.Textarea(attrs={"rows": 2}),
        }


def level_forms(criterion: Criterion, data=None) -> list[LevelForm]:
    """The criterion's five levels, each its own form (missing ones are created on save)."""
    existing = {level.score: level for level in criterion.levels.all()}
    forms_ = []
    for score in range(1, 6):
        level = existing.get(score) or Level(criterion=criterion, score=score)
        form = LevelForm(data, instance=level, prefix=f"level-{score}")
        form.score = score
        form.helper = _plain_helper()
        forms_.append(form)
    return forms_


# --- how each section shows -----------------------------------------------------------------

ROW_LAYOUTS = {
    "tasks": (("title", "col-md-5"), ("time_limit_minutes", "col-md-2"), ("weight", "col-md-2"),
              ("kind", "col-md-3"), ("instructions", "col-12"), ("what_we_look_for", "col-md-6"),
              ("scenario", "col-md-6"), ("reviewer_notes", "col-12"), ("ORDER", "col-md-2"),
              ("DELETE", "col-md-2")),
    "turns": (("key", "col-md-2"), ("stage", "col-md-3"), ("next_key", "col-md-2"),
              ("ORDER", "col-md-2"), ("DELETE", "col-md-3"), ("text", "col-12"),
              ("contains_card_number", "col-12")),
    "entries": (("at", "col-md-3"), ("author", "col-md-3"), ("channel", "col-md-2"),
                ("ORDER", "col-md-2"), ("DELETE", "col-md-2"), ("body", "col-12")),
    "parts": (("key", "col-md-2"), ("label", "col-md-4"), ("min_words", "col-md-2"),
              ("max_words", "col-md-2"), ("guidance", "col-12"), ("ORDER", "col-md-2"),
              ("DELETE", "col-md-2")),
    "questions": (("key", "col-md-2"), ("competency", "col-md-3"), ("prompt", "col-md-3"),
                  ("ORDER", "col-md-2"), ("DELETE", "col-md-2"), ("scenario", "col-12")),
    "options": (("key", "col-md-2"), ("credit", "col-md-2"), ("ORDER", "col-md-2"),
                ("DELETE", "col-md-2"), ("text", "col-md-6"), ("rationale", "col-md-6")),
    "criteria": (("key", "col-md-3"), ("name", "col-md-4"), ("weight", "col-md-1"),
                 ("ORDER", "col-md-2"), ("DELETE", "col-md-2"), ("looks_for", "col-12")),
}  # fmt: skip
NOTES = {
    "turns": "Each turn leads to the turn named in “next”, or, where the candidate chooses, "
    "through the branches below. Leave “next” blank on the last turn and on a turn with "
    "branches. Tick the card box on the turn where the customer reads out a card number.",
    "options": "Exactly one option is best (credit 2); one or two are acceptable (1).",
    "criteria": "Each criterion's five levels are edited on its own page, below.",
}
HEADINGS = {
    "tasks": "Tasks",
    "turns": "The customer's turns",
    "entries": "The ticket's history",
    "parts": "What the candidate writes",
    "questions": "Questions",
    "options": "Options (credit 2 best, 1 acceptable, 0 poor; exactly one best)",
    "criteria": "Criteria",
}


def prepared(formset, prefix: str):
    """Give a bound or unbound formset its heading, row layout and plain labels."""
    formset.heading = HEADINGS[prefix]
    formset.note = NOTES.get(prefix, "")
    formset.helper = _row_helper(*ROW_LAYOUTS[prefix])
    for form in formset.forms:
        for field in form.fields.values():
            field.help_text = ""  # said once in the section note, not under every row
        if "ORDER" in form.fields:
            form.fields["ORDER"].label = "Order"
            form.fields["ORDER"].widget.attrs["min"] = 1
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove"
    return formset


TASK_KIND_SECTIONS = {
    TaskKind.MOCK_CALL: (CallDetailsForm, [("turns", TurnFormSet)]),
    TaskKind.WRITTEN_ESCALATION: (
        TicketDetailsForm,
        [("entries", EntryFormSet), ("parts", PartFormSet)],
    ),
    TaskKind.SITUATIONAL_QUIZ: (None, [("questions", QuestionFormSet)]),
}
