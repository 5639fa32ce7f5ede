"""The forms of the log-in pages and of the API tokens page; the services check again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from adalat.core.errors import ApplicationError

from .models import ApiToken
from .tokens import MAX_DAYS, NAME_MAX, WORKING_SCOPES


class _Form(forms.Form):
    """Labels without a trailing colon."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class LoginForm(_Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True, "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(_Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=9,
        help_text=_("The code your authenticator app shows now."),
        validators=[RegexValidator(r"^\s*(\d\s*){6}$", _("Enter the 6-digit code from your authenticator app."))],
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 9}
        ),
    )


class TokenForm(_Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        help_text=_("What the token is for, for example the system that will use it."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=ApiToken.Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"days": settings.API_TOKEN_DAYS, "scopes": list(WORKING_SCOPES)})
        super().__init__(*args, **kwargs)


def add_service_error(form: forms.Form, error: ApplicationError, rename: Mapping[str, str] | None = None) -> None:
    """Show a service's refusal beside the field it names, or above the form."""
    names = dict(rename or {})
    placed = False
    for field, message in error.fields.items():
        name = names.get(field, field)
        if name in form.fields:
            form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)
