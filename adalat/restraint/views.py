"""Measures of restraint on the case page (applied, moved for, extended, ended, and motions decided
there) and the list of custody terms."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from adalat.accounts import screens
from adalat.cases import selectors as case_selectors
from adalat.cases.models import Case
from adalat.cases.views import case_page, screen
from adalat.core.errors import NotFound, ValidationFailed
from adalat.jurisdictions.current import get_pack
from adalat.organizations.models import Organization

from . import selectors, services
from .forms import DecisionForm, EndForm, ExtendForm, MeasureForm
from .plugin import measure_persons


def _measure_form(request: HttpRequest, case: Case, *, move: bool) -> MeasureForm:
    kinds = [k for k in get_pack().header.measures.kinds if k.court or not move]
    return MeasureForm(
        request.POST,
        kinds=kinds,
        persons=measure_persons(case),
        courts=services.motion_courts(case=case) if move else None,
        language=get_language() or get_pack().languages[0],
        auto_id="id_move_%s" if move else "id_apply_%s",
    )


def _measure(request: HttpRequest, case_id: int, *, move: bool) -> HttpResponse:
    user = screens.screen_user(request)
    case = case_selectors.case_get(user=user, case_id=case_id)
    form = _measure_form(request, case, move=move)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                case = case_selectors.case_get(user=user, case_id=case_id, for_update=True)
                if move:
                    court = Organization.objects.filter(pk=data["court"]).first() if data["court"] else None
                    motion = services.motion_file(
                        actor=user,
                        case=case,
                        kind=data["kind"],
                        participant_id=data["participant"],
                        term=data["term"],
                        grounds=data["note"],
                        court=court,
                    )
                else:
                    began = data["started_at"]
                    services.measure_apply(
                        actor=user,
                        case=case,
                        kind=data["kind"],
                        participant_id=data["participant"],
                        term=data["term"],
                        note=data["note"],
                        # typed in the case's local time
                        started_at=timezone.make_naive(began).replace(tzinfo=ZoneInfo(case.holder.time_zone))
                        if began
                        else None,
                    )
        except ValidationFailed as exc:
            screens.errors_onto(form, exc.fields, rename={"grounds": "note"})
        else:
            if move:
                messages.success(
                    request,
                    _("The motion %(number)s is on its way to %(court)s.")
                    % {"number": motion.motion_case.number, "court": getattr(motion.motion_case.receiving, "name", "")},
                )
            else:
                messages.success(request, _("The measure is applied."))
            return redirect("cases:detail", case_id=case_id)
    return case_page(request, case, status=422, **{"move" if move else "apply": form})


@screen
@require_POST
def apply(request: HttpRequest, case_id: int) -> HttpResponse:
    return _measure(request, case_id, move=False)


@screen
@require_POST
def move(request: HttpRequest, case_id: int) -> HttpResponse:
    return _measure(request, case_id, move=True)


@screen
@require_POST
def extend(request: HttpRequest, case_id: int, measure_id: int) -> HttpResponse:
    """Extend a measure, or (before trial, for a court's measure) move the court to extend it."""
    user = screens.screen_user(request)
    form = ExtendForm(request.POST, auto_id=f"id_extend_{measure_id}_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                case = case_selectors.case_get(user=user, case_id=case_id, for_update=True)
                measure = selectors.measure_get(case=case, measure_id=measure_id)
                kind = get_pack().header.measures.kinds
                court_measure = any(k.code == measure.kind and k.court for k in kind)
                if court_measure and not case.holder.is_court:
                    services.motion_file(
                        actor=user,
                        case=case,
                        kind=measure.kind,
                        measure=measure,
                        term=data["term"],
                        grounds=data["note"],
                    )
                    done = _("The motion to extend the measure is on its way to the court.")
                else:
                    services.measure_extend(
                        actor=user, case=case, measure=measure, term=data["term"], note=data["note"]
                    )
                    done = _("The measure is extended.")
        except ValidationFailed as exc:
            screens.errors_onto(form, exc.fields, rename={"grounds": "note", "court": "note"})
        else:
            messages.success(request, done)
            return redirect("cases:detail", case_id=case_id)
    case = case_selectors.case_get(user=user, case_id=case_id)
    selectors.measure_get(case=case, measure_id=measure_id)
    return case_page(request, case, status=422, extend=(measure_id, form))


@screen
@require_POST
def end(request: HttpRequest, case_id: int, measure_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    form = EndForm(request.POST, auto_id=f"id_end_{measure_id}_%s")
    if form.is_valid():
        try:
            with transaction.atomic():
                case = case_selectors.case_get(user=user, case_id=case_id, for_update=True)
                measure = selectors.measure_get(case=case, measure_id=measure_id)
                services.measure_end(
                    actor=user, case=case, measure=measure, end=form.cleaned_data["end"], note=form.cleaned_data["note"]
                )
        except ValidationFailed as exc:
            screens.errors_onto(form, exc.fields)
        else:
            messages.success(request, _("The measure is ended."))
            return redirect("cases:detail", case_id=case_id)
    case = case_selectors.case_get(user=user, case_id=case_id)
    selectors.measure_get(case=case, measure_id=measure_id)
    return case_page(request, case, status=422, end=(measure_id, form))


@screen
@require_POST
def decide(request: HttpRequest, case_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                case = case_selectors.case_get(user=user, case_id=case_id, for_update=True)
                services.motion_decide(
                    actor=user, motion_case=case, granted=data["granted"], term=data["term"], reasons=data["reasons"]
                )
        except ValidationFailed as exc:
            screens.errors_onto(form, exc.fields)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("cases:detail", case_id=case_id)
    case = case_selectors.case_get(user=user, case_id=case_id)
    if selectors.motion_of(case=case) is None:
        raise NotFound(_("No such motion."))
    return case_page(request, case, status=422, decision=form)


@screen
@require_GET
def custody(request: HttpRequest) -> HttpResponse:
    """The custody terms in the cases the user sees, the overdue first."""
    user = screens.screen_user(request)
    alarms_only = request.GET.get("overdue") == "1"
    mine = request.GET.get("mine") == "1"
    rows: list[Any] = selectors.custody_terms(user=user, alarms_only=alarms_only, mine=mine)
    return render(request, "restraint/custody.html", {"rows": rows, "alarms_only": alarms_only, "mine": mine})
