from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from adalat.cases.forms import DateInput, language_name
from adalat.cases.labels import role_name
from adalat.cases.services import PartyData
from adalat.documents.forms import FileInput
from adalat.jurisdictions.current import get_pack
from adalat.organizations.models import Organization, Territory

from .services import MAX_CLAIM, OtherParty

OTHER_ROWS = 3


class FilingForm(forms.Form):
    territory = forms.TypedChoiceField(
        label=_("Where you live"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Choose it and press “Suggest the court” to see the courts for it."),
    )
    court = forms.TypedChoiceField(label=_("Court"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind of claim"))
    category = forms.ChoiceField(label=_("Claim category"))
    language = forms.ChoiceField(label=_("Language of the proceedings"))
    title = forms.CharField(label=_("Subject"), max_length=300, help_text=_("What the claim is about, in a line."))
    amount = forms.IntegerField(
        label=_("Amount claimed"),
        required=False,
        min_value=1,
        max_value=10**12,
        help_text=_("In whole units, for a claim for money or property: the court fee depends on it."),
    )
    claim = forms.CharField(
        label=_("Your claim"),
        max_length=MAX_CLAIM,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What happened, what you ask the court to decide, and the evidence you rely on."),
    )
    name = forms.CharField(label=_("Your full name"), max_length=300)
    national_id = forms.CharField(label=_("Your national id"), max_length=32, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=16, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    e_service_consent = forms.BooleanField(
        label=_("I agree to receive the court's papers electronically"), required=False
    )

    def __init__(
        self,
        *args: Any,
        courts: list[Organization],
        territories: list[Territory],
        language: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        pack = get_pack()
        rules = pack.header.filing
        self.fields["territory"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose")),
            *[(t.pk, f"{t.parent.name} — {t.name}" if t.parent else t.name) for t in territories],
        ]
        self.fields["court"].choices = [(c.pk, c.name) for c in courts]  # type: ignore[attr-defined]
        kinds = [pack.kind(code) for code in rules.kinds]
        self.fields["kind"].choices = [(k.code, k.label(language)) for k in kinds]  # type: ignore[attr-defined]
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            (k.label(language), [(c.code, c.label(language)) for c in k.categories]) for k in kinds
        ]
        self.fields["language"].choices = [(code, language_name(code)) for code in pack.languages]  # type: ignore[attr-defined]
        self.fields["language"].initial = language if language in pack.languages else pack.languages[0]
        roles = sorted({role for k in kinds for role in k.participant_roles} & set(rules.other_roles))
        self.others = [OtherPartyForm(*args, prefix=f"p{i}", roles=roles) for i in range(OTHER_ROWS)]

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return all([valid, *(other.is_valid() for other in self.others)])

    def filer(self) -> PartyData:
        data = self.cleaned_data
        return PartyData(
            kind="person",
            name=data["name"],
            national_id=data["national_id"],
            birth_date=data["birth_date"],
            address=data["address"],
            postal_code=data["postal_code"],
            phone=data["phone"],
            email=data["email"],
            e_service_consent=data["e_service_consent"],
        )

    def other_parties(self) -> list[OtherParty]:
        return [other.party() for other in self.others if other.filled()]


class OtherPartyForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), required=False)
    kind = forms.ChoiceField(
        label=_("Person or organization"),
        choices=[("person", _("Person")), ("organization", _("Organization"))],
        required=False,
    )
    name = forms.CharField(label=_("Name"), max_length=300, required=False)
    national_id = forms.CharField(label=_("National id or registration number"), max_length=32, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "—"), *[(r, role_name(r)) for r in roles]]  # type: ignore[attr-defined]

    def filled(self) -> bool:
        return bool(self.cleaned_data.get("name") or self.cleaned_data.get("national_id"))

    def party(self) -> OtherParty:
        data = self.cleaned_data
        return OtherParty(
            role=data["role"],
            party=PartyData(
                kind=data["kind"] or "person",
                name=data["name"],
                national_id=data["national_id"],
                address=data["address"],
            ),
        )


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    file = forms.FileField(label=_("File"), widget=FileInput())


class ReturnForm(forms.Form):
    reasons = forms.CharField(
        label=_("Why is it returned?"), max_length=MAX_CLAIM, widget=forms.Textarea(attrs={"rows": 3})
    )
