from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Fieldset, Layout, Row, Submit
from django import forms
from django.conf import settings

from .models import SelfIdentification
from .resumes import ResumeRejected, check_resume

YES_NO = [("yes", "Yes"), ("no", "No")]


class ContactDetailsForm(forms.Form):
    """Name, phone and city, checked the same way wherever a candidate gives them."""

    name = forms.CharField(label="Full name", max_length=200)
    phone = forms.CharField(label="Phone", max_length=30, required=False)
    location = forms.CharField(label="Where you live (city)", max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["location"].widget.attrs["autocomplete"] = "address-level2"

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not any(ch.isalpha() for ch in name):
            raise forms.ValidationError("Please enter your name.")
        return name

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        allowed = set("0123456789+-() .")
        if phone and (set(phone) - allowed or sum(ch.isdigit() for ch in phone) < 6):
            raise forms.ValidationError(
                "Enter a phone number with digits, such as +1 555 010 0199."
            )
        return phone


class CandidateDetailsForm(ContactDetailsForm):
    """The signed-in candidate's own details, in the portal."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", "Save my details", css_class="btn-portal"))


class ApplicationForm(ContactDetailsForm):
    """The apply form: contact details, resume, the role's questions, consent."""

    email = forms.EmailField(label="Email", max_length=254)
    resume = forms.FileField(
        label="Resume",
        help_text="PDF or Word (.docx), up to 5 MB.",
        error_messages={"required": "Please attach your resume as a PDF or Word (.docx) file."},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    cover_letter = forms.CharField(
        label="Anything you would like to add (optional)",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label="I have read the privacy notice and agree that my application is processed to "
        "consider me for this role.",
        error_messages={"required": "We can only consider your application with your consent."},
    )
    talent_pool = forms.BooleanField(
        label="Keep my details for other roles (optional)",
        required=False,
        initial=False,
    )
    # Left empty by people; bots fill every field. Hidden from sight and from screen readers.
    website = forms.CharField(required=False, label="Leave this empty")
    gender = forms.ChoiceField(
        label="Gender",
        required=False,
        choices=[("", "—"), *SelfIdentification.Gender.choices],
    )
    ethnicity = forms.ChoiceField(
        label="Race or ethnicity",
        required=False,
        choices=[("", "—"), *SelfIdentification.Ethnicity.choices],
    )
    veteran = forms.ChoiceField(
        label="Protected veteran",
        required=False,
        choices=[("", "—"), *SelfIdentification.Answer.choices],
    )
    disability = forms.ChoiceField(
        label="Disability",
        required=False,
        choices=[("", "—"), *SelfIdentification.Answer.choices],
    )

    field_order = ["name", "email", "phone", "location"]

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        question_fields = []
        for question in questions:
            name = f"question_{question['id']}"
            self.fields[name] = self._question_field(question)
            question_fields.append(name)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["talent_pool"].help_text = talent_pool_help()
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data", "novalidate": ""}
        self.helper.layout = Layout(
            Fieldset(
                "About you",
                "name",
                Row(Column("email"), Column("phone")),
                "location",
            ),
            Fieldset("Your resume", "resume", "cover_letter"),
            *([Fieldset("A few questions about the role", *question_fields)] if questions else []),
            Fieldset(
                "Voluntary equal-opportunity questions",
                HTML(
                    '<p class="small text-body-secondary">Answering is optional and has no '
                    "effect on your application. Your answers are stored separately, never "
                    "shown to the people who assess you, and only used in anonymous totals to "
                    "check that our hiring is fair.</p>"
                ),
                Row(Column("gender"), Column("ethnicity")),
                Row(Column("veteran"), Column("disability")),
            ),
            Div("website", css_class="visually-hidden", aria_hidden="true"),
            HTML(
                '<p class="small">Read how we use your data in our <a href="{% url '
                '\'applicants:privacy\' %}" target="_blank" rel="noopener">privacy notice'
                "</a> (opens in a new tab).</p>"
            ),
            "consent",
            "talent_pool",
            Submit("submit", "Send application", css_class="btn-portal btn-lg w-100 w-md-auto"),
        )

    @staticmethod
    def _question_field(question: dict) -> forms.Field:
        label = question["text"]
        if question["answer_type"] == "yes_no":
            return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect)
        if question["answer_type"] == "number":
            return forms.DecimalField(
                label=label, min_value=0, max_value=1000, max_digits=6, decimal_places=1
            )
        return forms.CharField(label=label, max_length=500)

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError("Please leave this field empty.")
        return ""

    def clean_resume(self):
        upload = self.cleaned_data["resume"]
        limit = settings.RESUME_MAX_BYTES
        if upload.size > limit:  # before reading a byte of it
            raise forms.ValidationError(
                f"This file is {upload.size / 1_048_576:.1f} MB; the limit is {limit // 1_048_576} MB. "  # noqa: E501
                "Please upload a shorter or compressed version."
            )
        data = upload.read(limit + 1)
        try:
            self.checked_resume = check_resume(data, max_bytes=limit)
        except ResumeRejected as rejected:
            raise forms.ValidationError(str(rejected), code=rejected.code) from None
        self.resume_data = data
        return upload

    def screening_answers(self) -> dict[str, str]:
        return {
            str(q["id"]): str(self.cleaned_data.get(f"question_{q['id']}", "")).strip()
            for q in self.questions
        }

    def self_identification(self) -> dict[str, str]:
        return {
            key: self.cleaned_data.get(key, "")
            for key in ("gender", "ethnicity", "veteran", "disability")
        }


def talent_pool_help() -> str:
    months = settings.CANDIDATE_RETENTION_MONTHS
    return (
        "We may then contact you about similar roles later. If you leave this unticked, we "
        f"delete your details {months} months after your applications close. You can change "
        "this at any time on your candidate page."
    )


class MagicLinkForm(forms.Form):
    email = forms.EmailField(label="The email you applied with", max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Email me a sign-in link", css_class="btn-portal"))


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that erasing my data cannot be undone, and that any application "
        "still open will be withdrawn.",
        error_messages={"required": "Tick the box to confirm that you want your data erased."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Erase my data", css_class="btn-danger"))


class TalentPoolForm(forms.Form):
    """Join or leave the talent pool, from the portal (two plain choices, nothing ticked)."""

    choice = forms.ChoiceField(
        label="Do you want us to keep your details for other roles?",
        choices=[
            ("join", "Yes, keep my details and contact me about similar roles"),
            ("leave", "No, delete my details once my applications have been closed a while"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether we may keep your details for other roles.",
            "invalid_choice": "Choose one of the two answers below.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        months = settings.CANDIDATE_RETENTION_MONTHS
        self.fields["choice"].choices = [
            ("join", "Yes, keep my details and contact me about similar roles"),
            ("leave", f"No, delete my details {months} months after my applications close"),
        ]
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", "Save my choice", css_class="btn-portal"))
