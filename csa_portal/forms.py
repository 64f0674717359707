from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class BoundedUsernameMixin:
    """Refuse a user name longer than the user model allows, before anyone looks it up.

    ``AuthenticationForm`` copies the model's length onto the field after the field was built,
    so the limit reached the HTML ``maxlength`` but no validator: an overlong name went on to
    ``authenticate()``, and django-axes then failed to store it (a 500 on PostgreSQL).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class StaffLoginForm(BoundedUsernameMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        self.helper = FormHelper()
        self.helper.form_tag = False  # login.html writes the one <form>, with "next" inside it
        self.helper.add_input(Submit("submit", "Sign in", css_class="w-100"))


class AdminLoginForm(BoundedUsernameMixin, AdminAuthenticationForm):
    """The Django admin's sign-in, with the same bound (``admin.site.login_form``)."""
