from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from adalat.cases.models import Participant
from adalat.jurisdictions.schema import MeasureKind
from adalat.organizations.models import Organization

from .models import Measure
from .services import MAX_TEXT

TERM_MAX = 87600


def _term_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Term"),
        required=False,
        min_value=1,
        max_value=TERM_MAX,
        help_text=_("In the measure's unit: hours for an arrest, days otherwise. Empty for a measure without a term."),
    )


class MeasureForm(forms.Form):
    """Apply a measure, or move the court for one (``courts`` given)."""

    kind = forms.ChoiceField(label=_("Measure"))
    participant = forms.TypedChoiceField(label=pgettext_lazy("measure", "Person"), coerce=int)
    term = _term_field()
    note = forms.CharField(
        label=_("Grounds"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_TEXT}),
    )
    court = forms.TypedChoiceField(label=_("Court"), coerce=int, required=False, empty_value=None)
    started_at = forms.DateTimeField(
        label=_("It began at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "Only if before now, in the local time of the case (a suspect arrested while Adalat was "
            "unavailable): the term counts from then."
        ),
    )

    def __init__(
        self,
        *args: Any,
        kinds: list[MeasureKind],
        persons: list[Participant],
        courts: list[Organization] | None = None,
        language: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, k.label(language)) for k in kinds]  # type: ignore[attr-defined]
        self.fields["participant"].choices = [(p.pk, p.party.name) for p in persons]  # type: ignore[attr-defined]
        if courts is None:
            del self.fields["court"]
        else:
            del self.fields["started_at"]
            self.fields["court"].choices = [(c.pk, c.name) for c in courts]  # type: ignore[attr-defined]
            self.fields["note"].required = True


class ExtendForm(forms.Form):
    """Extend a measure, or move the court to (``grounds`` required then)."""

    term = _term_field()
    note = forms.CharField(
        label=_("Grounds"), required=False, widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_TEXT})
    )


class EndForm(forms.Form):
    end = forms.ChoiceField(
        label=_("How it ends"),
        choices=[
            (Measure.End.LIFTED.value, _("Lifted")),
            (Measure.End.RELEASED.value, _("Released at the end of its term")),
        ],
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_TEXT})
    )


class DecisionForm(forms.Form):
    granted = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Grant the motion")), ("no", _("Refuse the motion"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    term = _term_field()
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_TEXT}))
