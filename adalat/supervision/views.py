"""Instructions on the case page (given and answered there) and the list of those waiting."""

from __future__ import annotations

from typing import Any

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
from .forms import AnswerForm, InstructionForm


@screen
@require_POST
def give(request: HttpRequest, case_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    form = InstructionForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                case = case_selectors.case_get(user=user, case_id=case_id, for_update=True)
                instruction = services.instruction_give(actor=user, case=case, text=form.cleaned_data["text"])
        except ValidationFailed as exc:
            screens.errors_onto(form, exc.fields)
        else:
            messages.success(
                request, _("The instruction is given; it is to be answered by %(due)s.") % {"due": instruction.due_on}
            )
            return redirect("cases:detail", case_id=case_id)
    case = case_selectors.case_get(user=user, case_id=case_id)
    return case_page(request, case, status=422, instruction=form)


@screen
@require_POST
def answer(request: HttpRequest, case_id: int, instruction_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    form = AnswerForm(request.POST, auto_id=f"id_answer_{instruction_id}_%s")
    if form.is_valid():
        try:
            with transaction.atomic():
                case = case_selectors.case_get(user=user, case_id=case_id, for_update=True)
                instruction = selectors.instruction_get(case=case, instruction_id=instruction_id)
                services.instruction_answer(actor=user, instruction=instruction, answer=form.cleaned_data["answer"])
        except ValidationFailed as exc:
            screens.errors_onto(form, exc.fields)
        else:
            messages.success(request, _("The instruction is answered."))
            return redirect("cases:detail", case_id=case_id)
    case = case_selectors.case_get(user=user, case_id=case_id)
    selectors.instruction_get(case=case, instruction_id=instruction_id)
    return case_page(request, case, status=422, answer=(instruction_id, form))


@screen
@require_GET
def waiting(request: HttpRequest) -> HttpResponse:
    """The unanswered instructions: those the user's organization must answer, those the user gave."""
    user = screens.screen_user(request)
    rows: list[dict[str, Any]] = []
    for instruction in selectors.instructions_waiting(user=user)[:500]:
        today = clock.today_in(instruction.case.holder.time_zone)
        rows.append({"instruction": instruction, "overdue": instruction.due_on < today})
    return render(request, "supervision/waiting.html", {"rows": rows})
