from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from adalat.jurisdictions.current import get_pack

from .models import Petition
from .services import MAX_TEXT


class PetitionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT}),
        help_text=_("What you ask for, and why."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language() or get_pack().languages[0]
        self.fields["kind"].choices = [(k.code, k.label(language)) for k in get_pack().header.petitions]  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Petition.Outcome.choices, widget=forms.RadioSelect)
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_TEXT}))
