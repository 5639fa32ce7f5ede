from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import MAX_TEXT


class InstructionForm(forms.Form):
    text = forms.CharField(
        label=_("Instruction"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_TEXT}),
        help_text=_("What the investigation must do; the answer is due within the time the law gives."),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_TEXT}))
