"""Motions and complaints on the case page (filed and answered there) and the list of those waiting."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from adalat.accounts import screens
from adalat.cases import selectors as case_selectors
from adalat.cases.views import case_page, screen
from adalat.core import clock
from adalat.core.errors import ValidationFailed

from . import selectors, services
from .forms import AnswerForm, PetitionForm
from .plugin import kind_name


@screen
@require_POST
def file(request: HttpRequest, case_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    form = PetitionForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                case = case_selectors.case_get(user=user, case_id=case_id, for_update=True)
                petition = services.petition_file(
                    actor=user, case=case, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"]
                )
        except ValidationFailed as exc:
            screens.errors_onto(form, exc.fields)
        else:
            messages.success(request, _("It is filed; the answer is due by %(due)s.") % {"due": petition.due_on})
            return redirect("cases:detail", case_id=case_id)
    case = case_selectors.case_get(user=user, case_id=case_id)
    return case_page(request, case, status=422, petition=form)


@screen
@require_POST
def answer(request: HttpRequest, case_id: int, petition_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    form = AnswerForm(request.POST, auto_id=f"id_answer_{petition_id}_%s")
    if form.is_valid():
        try:
            with transaction.atomic():
                case = case_selectors.case_get(user=user, case_id=case_id, for_update=True)
                petition = selectors.petition_get(case=case, petition_id=petition_id)
                services.petition_answer(
                    actor=user,
                    petition=petition,
                    outcome=form.cleaned_data["outcome"],
                    answer=form.cleaned_data["answer"],
                )
        except ValidationFailed as exc:
            screens.errors_onto(form, exc.fields)
        else:
            messages.success(request, _("The answer is recorded and filed as a document of the case."))
            return redirect("cases:detail", case_id=case_id)
    case = case_selectors.case_get(user=user, case_id=case_id)
    selectors.petition_get(case=case, petition_id=petition_id)
    return case_page(request, case, status=422, answer=(petition_id, form))


@screen
@require_GET
def waiting(request: HttpRequest) -> HttpResponse:
    """The unanswered motions and complaints the user answers or filed, the earliest due first."""
    user = screens.screen_user(request)
    rows = [
        {
            "petition": p,
            "kind": kind_name(p.kind),
            "overdue": p.due_on < clock.today_in(p.case.holder.time_zone),
        }
        for p in selectors.petitions_waiting(user=user)
    ]
    return render(request, "petitions/waiting.html", {"rows": rows})
