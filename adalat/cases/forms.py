"""Forms of the case screens. They only parse what the browser sends (types, dates, choices of
what is on offer); the services validate the rest and their errors are placed beside the
fields by ``screens.errors_onto``."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from adalat.accounts import screens
from adalat.accounts.models import User
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import CaseKind, Subject, label_of
from adalat.organizations.models import Organization

from .directory import Entry, parse_choice
from .models import Case, Party
from .selectors import SORTS, CaseFilters
from .services import ParticipantData, PartyData

Choices = list[tuple[Any, Any]]
ARTICLE_SEPARATORS = re.compile(r"[,;\n]")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def language_name(code: str) -> str:
    """A language's name in the reader's language (its code when Django does not know it)."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def kind_choices(language: str) -> Choices:
    return [(code, kind.label(language)) for code, kind in get_pack().kinds.items()]


def stage_choices(language: str) -> Choices:
    """Every stage of every kind, once per code (the names of kinds sharing a code joined)."""
    names: dict[str, list[str]] = {}
    for kind in get_pack().kinds.values():
        for stage in kind.stages:
            labels = names.setdefault(stage.code, [])
            if stage.label(language) not in labels:
                labels.append(stage.label(language))
    return [(code, " / ".join(labels)) for code, labels in names.items()]


def judge_choices(judges: Mapping[int, Sequence[User]], courts: Sequence[Organization]) -> Choices:
    """The judges, grouped by court when there are several courts."""
    if len(courts) == 1:
        return [(judge.pk, judge.display_name) for judge in judges.get(courts[0].pk, [])]
    return [
        (court.name, [(judge.pk, judge.display_name) for judge in judges.get(court.pk, [])])
        for court in courts
        if judges.get(court.pk)
    ]


# --- the case list ---------------------------------------------------------------------------


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Number or party name"), required=False, max_length=100)
    holder = forms.TypedChoiceField(label=gettext_lazy("Held by"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    judge = forms.TypedChoiceField(label=gettext_lazy("Judge"), required=False, coerce=int, empty_value=None)
    received_from = forms.DateField(label=gettext_lazy("Received from"), required=False, widget=DateInput())
    received_to = forms.DateField(label=gettext_lazy("Received until"), required=False, widget=DateInput())
    resolved_from = forms.DateField(label=gettext_lazy("Resolved from"), required=False, widget=DateInput())
    resolved_to = forms.DateField(label=gettext_lazy("Resolved until"), required=False, widget=DateInput())
    no_judge = forms.BooleanField(label=gettext_lazy("No judge assigned"), required=False)
    pending = forms.BooleanField(label=gettext_lazy("Not yet resolved"), required=False)
    overdue = forms.BooleanField(label=gettext_lazy("Overdue only"), required=False)
    sort = forms.ChoiceField(label=gettext_lazy("Order"), required=False)

    # The filters beside the search, which the form may fold away (the search and the order stay).
    FILTERS = (
        "holder", "kind", "stage", "status", "judge", "no_judge", "received_from", "received_to",
        "resolved_from", "resolved_to", "pending", "overdue",
    )  # fmt: skip
    SORT_LABELS = {
        "-received": gettext_lazy("Received, newest first"),
        "received": gettext_lazy("Received, oldest first"),
        "number": gettext_lazy("Number, A to Z"),
        "-number": gettext_lazy("Number, Z to A"),
        "due": gettext_lazy("Deadline, soonest first"),
        "-due": gettext_lazy("Deadline, latest first"),
    }

    def __init__(
        self,
        data: QueryDict,
        *,
        courts: Sequence[Organization],
        judges: Mapping[int, Sequence[User]],
        language: str,
    ) -> None:
        super().__init__(data)
        anything = [("", _("Any"))]
        self.fields["holder"].choices = anything + [(c.pk, c.name) for c in courts]  # type: ignore[attr-defined]
        self.fields["kind"].choices = anything + kind_choices(language)  # type: ignore[attr-defined]
        self.fields["stage"].choices = anything + stage_choices(language)  # type: ignore[attr-defined]
        self.fields["status"].choices = anything + list(Case.Status.choices)  # type: ignore[attr-defined]
        self.fields["judge"].choices = anything + judge_choices(judges, courts)  # type: ignore[attr-defined]
        # The default order first, so that the list's own order is the one shown when none is asked for.
        self.fields["sort"].choices = [(code, label) for code, label in self.SORT_LABELS.items() if code in SORTS]  # type: ignore[attr-defined]

    def filters_set(self) -> int:
        """How many of the filters beside the search the query sets."""
        return sum(1 for name in self.FILTERS if self.data.get(name) not in (None, ""))

    def filter_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.FILTERS]

    def filters(self) -> CaseFilters:
        data = self.cleaned_data
        return CaseFilters(
            holder=data.get("holder"),
            kind=data.get("kind") or None,
            stage=data.get("stage") or None,
            status=data.get("status") or None,
            judge=data.get("judge"),
            no_judge=bool(data.get("no_judge")),
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            resolved_from=data.get("resolved_from"),
            resolved_to=data.get("resolved_to"),
            pending=bool(data.get("pending")),
            overdue=bool(data.get("overdue")),
            q=data.get("q") or "",
            sort=data.get("sort") or CaseFilters.sort,
        )


# --- participants ---------------------------------------------------------------------------


class ParticipantForm(forms.Form):
    """A participant: a role, and who it is. Typing the name searches the directory (organizations
    and the known parties the user may attach, ``directory``); what is found is offered as
    ``known`` (``organization:5``, ``party:12``, or ``new`` for a new party as typed). The service
    checks the role against the kind and the choice against the policy."""

    role = forms.CharField(label=gettext_lazy("Role"), required=False, widget=forms.Select)
    kind = forms.CharField(
        label=gettext_lazy("Person or organization"),
        required=False,
        initial=Party.Kind.PERSON,
        widget=forms.Select(choices=Party.Kind.choices),
    )
    name = forms.CharField(
        label=gettext_lazy("Name"),
        required=False,
        help_text=gettext_lazy("Type to find organizations and known parties; choose one, or fill in a new party."),
    )
    known = forms.CharField(required=False, widget=forms.HiddenInput)
    national_id = forms.CharField(label=gettext_lazy("National id or registration number"), required=False)
    birth_date = forms.DateField(label=gettext_lazy("Date of birth"), required=False, widget=DateInput())
    email = forms.CharField(label=gettext_lazy("E-mail"), required=False, max_length=254, widget=forms.EmailInput)
    phone = forms.CharField(label=gettext_lazy("Phone"), required=False, widget=forms.TextInput(attrs={"type": "tel"}))
    address = forms.CharField(label=gettext_lazy("Address"), required=False, max_length=300)
    postal_code = forms.CharField(label=gettext_lazy("Postal code"), required=False, max_length=16)
    e_service_consent = forms.BooleanField(label=gettext_lazy("Consents to electronic service"), required=False)

    # The service's names for the party's fields, after ``participants[i].party.`` or ``party.``.
    PARTY_FIELDS = (
        "kind",
        "name",
        "national_id",
        "birth_date",
        "email",
        "phone",
        "address",
        "postal_code",
        "e_service_consent",
    )
    # What only a new party has: typed beside a choice from the directory, it would not be used.
    DETAILS = ("national_id", "birth_date", "email", "phone", "address", "postal_code", "e_service_consent")

    def __init__(self, *args: Any, roles: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].widget.choices = [("", _("Choose a role")), *roles]
        self.offers: list[Entry] = []  # what the directory offers to choose from, shown under the name
        self.offered = False  # whether the directory was asked for this form
        self.known_by_number: Entry | None = None  # a known party with the identity number typed, named otherwise
        self.fields["name"].widget.attrs.update(
            {
                "autocomplete": "off",
                "hx-get": reverse("cases:directory"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{self.directory_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
                "hx-vals": json.dumps({"field": self.prefix or ""}),
                "aria-controls": self.directory_id,
            }
        )

    @property
    def directory_id(self) -> str:
        """The id of the place under the name where what the directory finds is shown."""
        return f"{self.prefix}-directory" if self.prefix else "directory"

    @property
    def known_name(self) -> str:
        return self.add_prefix("known")

    def party_fields(self) -> list[forms.BoundField]:
        return [self["kind"], self["name"]]

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.DETAILS]

    def clean_known(self) -> str:
        known = (self.cleaned_data.get("known") or "").strip()
        if known not in ("", "new") and parse_choice(known) is None:
            raise forms.ValidationError(_("Choose one of the entries found in the directory, or a new party."))
        return known

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if parse_choice(data.get("known") or "") is not None and any(data.get(name) for name in self.DETAILS):
            self.add_error(
                "known",
                _(
                    "The details of an entry of the directory are the ones it has: clear the details typed "
                    "for a new party, or choose a new party."
                ),
            )
        return data

    def chosen(self) -> str:
        """What was chosen: ``organization:5``, ``party:12``, ``new``, or "" (nothing yet)."""
        return str(self.cleaned_data.get("known") or "") if hasattr(self, "cleaned_data") else ""

    def undecided(self) -> bool:
        """A new party typed without saying whether it is one of the directory's."""
        if not hasattr(self, "cleaned_data"):
            return False
        return not self.chosen() and bool((self.cleaned_data.get("name") or "").strip())

    def offer(self, entries: Sequence[Entry]) -> None:
        """Offer ``entries`` to choose from (the organizations first), besides a new party."""
        merged = {entry.choice: entry for entry in [*self.offers, *entries]}
        self.offers = sorted(merged.values(), key=lambda entry: entry.source != "organization")

    def participant_data(self) -> ParticipantData:
        data = self.cleaned_data
        role = data.get("role") or ""
        chosen = parse_choice(self.chosen())
        if chosen is not None:
            source, pk = chosen
            if source == "organization":
                return ParticipantData(role=role, organization_id=pk)
            return ParticipantData(role=role, party_id=pk)
        return ParticipantData(
            role=role,
            party=PartyData(
                kind=data.get("kind") or "",
                name=data.get("name") or "",
                national_id=(data.get("national_id") or "").strip(),
                birth_date=data.get("birth_date"),
                email=(data.get("email") or "").strip(),
                phone=(data.get("phone") or "").strip(),
                address=(data.get("address") or "").strip(),
                postal_code=(data.get("postal_code") or "").strip().upper(),
                e_service_consent=bool(data.get("e_service_consent")),
            ),
            keep_new=self.chosen() == "new",
        )

    def add_service_errors(self, fields: Mapping[str, str], prefix: str = "") -> None:
        """Errors named like ``role``, ``party.name`` (after ``prefix``) beside their fields."""
        rename = {f"{prefix}role": "role", f"{prefix}party_id": "known", f"{prefix}organization_id": "known"}
        rename.update({f"{prefix}party.{name}": name for name in self.PARTY_FIELDS})
        screens.errors_onto(self, {k: v for k, v in fields.items() if k.startswith(prefix)}, rename=rename)


def role_choices(kind: CaseKind | None, language: str) -> Choices:
    pack = get_pack()
    if kind is None:
        return [(role.code, role.label(language)) for role in pack.header.participant_roles]
    return [(code, pack.participant_role(code).label(language)) for code in kind.participant_roles]


class BaseParticipantFormSet(forms.BaseFormSet[ParticipantForm]):
    def clean(self) -> None:
        if any(self.errors):
            return
        if not self.filled():
            raise forms.ValidationError(_("Add at least one participant."))

    def filled(self) -> list[tuple[int, ParticipantForm]]:
        """The rows someone filled in, with their position in the formset; empty rows are skipped."""
        return [(i, form) for i, form in enumerate(self.forms) if form.has_changed()]


def participant_formset(
    data: QueryDict | None, *, roles: Choices, extra: int = 2, initial: list[dict[str, Any]] | None = None
) -> BaseParticipantFormSet:
    formset_class = forms.formset_factory(
        ParticipantForm, formset=BaseParticipantFormSet, extra=extra, max_num=50, absolute_max=50
    )
    formset = formset_class(data, initial=initial, prefix="participants", form_kwargs={"roles": roles})
    return cast(BaseParticipantFormSet, formset)


def formset_errors_onto(formset: BaseParticipantFormSet, fields: Mapping[str, str]) -> None:
    """Map ``participants[i].…`` errors of the service onto the i-th filled row."""
    for position, (_index, form) in enumerate(formset.filled()):
        prefix = f"participants[{position}]."
        mine = {k: v for k, v in fields.items() if k.startswith(prefix)}
        if mine:
            form.add_service_errors(mine, prefix)


# --- registering a case -----------------------------------------------------------------------


class CaseRegisterForm(forms.Form):
    organization = forms.TypedChoiceField(label=gettext_lazy("Court"), coerce=int)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of case"))
    title = forms.CharField(
        label=gettext_lazy("Subject"), required=False, help_text=gettext_lazy("What the case is about, in a line.")
    )
    received_on = forms.DateField(label=gettext_lazy("Received on"), widget=DateInput())
    confidentiality = forms.ChoiceField(
        label=gettext_lazy("Confidentiality"), choices=Case.Confidentiality.choices, initial=Case.Confidentiality.NORMAL
    )
    language = forms.ChoiceField(label=gettext_lazy("Language of the proceedings"), required=False)
    articles = forms.CharField(
        label=gettext_lazy("Legal articles"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Separated by commas or on separate lines, for example 158(2)(a)."),
    )
    category = forms.CharField(label=gettext_lazy("Claim category"), required=False, widget=forms.Select)
    judge = forms.TypedChoiceField(
        label=gettext_lazy("Judge"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=gettext_lazy("Optional: a judge can be assigned later."),
    )

    def __init__(
        self,
        *args: Any,
        organizations: Sequence[Organization],
        judges: Mapping[int, Sequence[User]],
        language: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organizations = {organization.pk: organization for organization in organizations}
        self.judges = {judge.pk: judge for group in judges.values() for judge in group}
        self.fields["organization"].choices = [(o.pk, o.name) for o in organizations]  # type: ignore[attr-defined]
        languages = get_pack().languages
        self.fields["language"].choices = [(code, language_name(code)) for code in languages]  # type: ignore[attr-defined]
        self.fields["language"].initial = language if language in languages else languages[0]
        if not all(o.is_court for o in organizations):
            self.fields["organization"].label = _("Registered at")
        refresh = {"hx-post": reverse("cases:register"), "hx-trigger": "change", "hx-vals": '{"_refresh": "1"}'}
        self.fields["organization"].widget.attrs.update(refresh)
        self.fields["kind"].widget.attrs.update(refresh)
        chosen = self.chosen_organization()
        courts = [o for o in ([chosen] if chosen is not None else organizations) if o.is_court]
        self.fields["judge"].choices = [("", _("Not yet")), *judge_choices(judges, courts)]  # type: ignore[attr-defined]
        self.show_judge = bool(courts)
        kind = self.chosen_kind()
        pack = get_pack()
        startable = [
            k
            for k in pack.kinds.values()
            if k.standalone and any(k.starting_stage(o.kind) is not None for o in organizations)
        ]
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose the kind of case")),
            *[(k.code, k.label(language)) for k in startable],
        ]
        kinds = [kind] if kind else startable
        with_category = [k for k in kinds if k.subject == Subject.CATEGORY]
        categories: Choices = (
            [(c.code, c.label(language)) for c in kind.categories]
            if kind
            else [(k.label(language), [(c.code, c.label(language)) for c in k.categories]) for k in with_category]
        )
        self.fields["category"].widget.choices = [("", _("Choose a category")), *categories]
        self.show_articles = any(k.subject == Subject.ARTICLES for k in kinds)
        self.show_category = bool(with_category)
        if kind is None:
            article_kinds = ", ".join(k.label(language) for k in kinds if k.subject == Subject.ARTICLES)
            category_kinds = ", ".join(k.label(language) for k in with_category)
            self.fields["articles"].help_text = (
                _("For these kinds of case: %(kinds)s.") % {"kinds": article_kinds}
                + " "
                + str(self.fields["articles"].help_text)
            )
            self.fields["category"].help_text = _("For these kinds of case: %(kinds)s.") % {"kinds": category_kinds}

    def _raw(self, name: str) -> str:
        value = self.data.get(name) if self.is_bound else self.initial.get(name)
        return "" if value is None else str(value)

    def chosen_kind(self) -> CaseKind | None:
        return get_pack().kinds.get(self._raw("kind"))

    def chosen_organization(self) -> Organization | None:
        try:
            return self.organizations.get(int(self._raw("organization")))
        except ValueError:
            return None

    def articles_list(self) -> list[str]:
        return [a.strip() for a in ARTICLE_SEPARATORS.split(self.cleaned_data.get("articles") or "") if a.strip()]

    def clean_judge(self) -> User | None:
        judge_id = self.cleaned_data.get("judge")
        return None if judge_id is None else self.judges[judge_id]


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    receiver = forms.TypedChoiceField(label=gettext_lazy("Send to"), required=False, coerce=int, empty_value=None)
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, receivers: Sequence[Organization] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.receivers = {organization.pk: organization for organization in receivers}
        self.fields["receiver"].choices = [(o.pk, o.name) for o in receivers]  # type: ignore[attr-defined]

    def chosen_receiver(self) -> Organization | None:
        receiver = self.cleaned_data.get("receiver")
        return None if receiver is None else self.receivers.get(receiver)


class ReceiveForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReturnForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=gettext_lazy("Why is it returned?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Say why the case is returned.")},
    )


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("This case is"))
    number = forms.CharField(label=gettext_lazy("Number of the other case"), max_length=64)

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (kind.code, label_of(kind.source_label, language)) for kind in get_pack().header.link_kinds
        ]


class AssignJudgeForm(forms.Form):
    judge = forms.TypedChoiceField(label=gettext_lazy("Judge"), coerce=int)
    reason = forms.CharField(label=gettext_lazy("Reason (optional)"), required=False)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, judges: Sequence[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.judges = {judge.pk: judge for judge in judges}
        self.fields["judge"].choices = [("", _("Choose a judge"))] + [(j.pk, j.display_name) for j in judges]  # type: ignore[attr-defined]

    def clean_judge(self) -> User:
        return self.judges[self.cleaned_data["judge"]]


class ParticipantRemoveForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        error_messages={"required": gettext_lazy("Say why the participant is removed.")},
    )
