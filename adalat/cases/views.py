"""The case screens: My work, the case list, the case page and its actions, and registering a
case (the court leader's progress is in ``views_progress``). Views parse the request, call a
selector or a service inside ``transaction.atomic()`` and render; the domain's errors become
pages and messages here."""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adalat.accounts import access, screens
from adalat.accounts.access import Action
from adalat.core import clock
from adalat.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, ValidationFailed
from adalat.core.pagination import COUNT_LIMIT, page_of
from adalat.core.roles import Role
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import Transition

from . import custody, labels, panels, picker, selectors, services, work
from .forms import (
    AssignJudgeForm,
    CaseFilterForm,
    CaseRegisterForm,
    LinkForm,
    ParticipantForm,
    ParticipantRemoveForm,
    ReceiveForm,
    ReturnForm,
    TransitionForm,
    formset_errors_onto,
    participant_formset,
    role_choices,
)
from .models import Case
from .timeline import timeline
from .workflow import pack_today

PAGE_SIZE = 50
View = screens.View


# --- the edge: who may come in, and how the domain's errors are shown ---------------------------


def screen(view: View) -> View:
    """A page of the case screens (``screens.screen``); on a case's own actions a refusal other
    than not-found or forbidden — a conflict, a closed case — is a message on the reloaded case page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            if "case_id" not in kwargs:
                raise
            message = exc.message
            if isinstance(exc, Conflict):
                message = _("%(reason)s The page now shows the case as it is; check it and try again.") % {
                    "reason": exc.message
                }
            messages.error(request, message)
            return redirect("cases:detail", case_id=kwargs["case_id"])

    return screens.screen(wrapper)


# --- My work -------------------------------------------------------------------------------------


@screen
def my_work(request: HttpRequest) -> HttpResponse:
    user = screens.screen_user(request)
    found = work.work_get(user=user, today=pack_today())
    roles = access.roles(user)
    context = {
        "work": found,
        "event_lines": timeline(user=user, events=found.events),
        "progress_courts": found.led,
        "overdue_url": reverse("cases:list")
        + "?"
        + urlencode({"overdue": "on", **({"holder": str(found.led[0].pk)} if len(found.led) == 1 else {})}),
        "statistician": Role.STATISTICIAN in roles,
        "officer": Role.OFFICER in roles,
    }
    return render(request, "cases/my_work.html", context)


@screen
def inbox(request: HttpRequest) -> HttpResponse:
    """The cases on their way to the organizations where the person receives cases."""
    user = screens.screen_user(request)
    return render(request, "cases/inbox.html", {"handovers": list(selectors.inbox(user=user))})


# --- the case list -----------------------------------------------------------------------------


def _query(request: HttpRequest, **changes: str | None) -> str:
    query = request.GET.copy()
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return "?" + query.urlencode()


def whole_number(raw: str, limit: int = 1_000_000) -> int | None:
    """A whole number from 1 up to ``limit`` written in ASCII digits, or None."""
    if not raw.isascii() or not raw.isdigit() or len(raw) > len(str(limit)):
        return None
    number = int(raw)
    return number if 0 < number <= limit else None


def _sort_links(request: HttpRequest, current: str) -> dict[str, dict[str, str]]:
    links = {}
    for column in ("received", "number", "due"):
        following = f"-{column}" if current == column else column
        direction = "ascending" if current == column else "descending" if current == f"-{column}" else ""
        links[column] = {"url": _query(request, sort=following, page=None), "direction": direction}
    return links


@screen
def case_list(request: HttpRequest) -> HttpResponse:
    user = screens.screen_user(request)
    courts = list(selectors.case_holders(user=user))
    judges = selectors.court_judges(court_ids=[c.pk for c in courts if c.is_court])
    form = CaseFilterForm(request.GET, courts=courts, judges=judges, language=request.LANGUAGE_CODE)
    context: dict[str, Any] = {"form": form, "cases": [], "count": 0, "count_exact": True, "page": 1}
    page = whole_number(request.GET.get("page", "1"))
    if page is None:
        form.add_error(None, _("Pages are numbered from 1."))
    if form.is_valid() and page is not None:
        filters = form.filters()
        try:
            cases = selectors.case_list(user=user, filters=filters)
        except ValidationFailed as exc:
            screens.errors_onto(form, exc.fields)
        else:
            offset = (page - 1) * PAGE_SIZE
            rows, count, exact, has_next = page_of(cases, page, PAGE_SIZE, COUNT_LIMIT)
            if not rows and count:  # past the end: say so, and lead to the last page when it is known
                last_page = -(-count // PAGE_SIZE) if exact else None
                context.update(
                    last_page=last_page,
                    last_page_url=_query(request, page=str(last_page)) if last_page else None,
                    first_page_url=_query(request, page=None),
                )
            context.update(
                cases=rows,
                count=count,
                count_exact=exact,
                page=page,
                first=offset + 1,
                last=offset + len(rows),
                previous_url=_query(request, page=str(page - 1)) if page > 1 and rows else None,
                next_url=_query(request, page=str(page + 1)) if has_next else None,
                sort_links=_sort_links(request, filters.sort),
            )
    context["count_limit"] = COUNT_LIMIT
    context["filter_errors"] = [
        (form.fields[name].label if name in form.fields else "", error)
        for name, errors in form.errors.items()
        for error in errors
    ]
    return screens.render_part(request, "cases/case_list.html", "cases/_case_results.html", context)


# --- the case page and its actions ------------------------------------------------------------


def _transition_forms(case: Case, steps: list[Transition], bound: dict[str, Any]) -> list[tuple[Transition, Any]]:
    submitted_action, submitted = bound.get("transition") or ("", None)
    forms = []
    for step in steps:
        receivers = list(custody.handover_targets(case=case, transition=step)) if step.handover else []
        form = (
            submitted
            if submitted_action == step.action
            else TransitionForm(
                initial={"action": step.action, "expected_version": case.version},
                receivers=receivers,
                auto_id=f"id_{step.action}_%s",
            )
        )
        forms.append((step, form))
    return forms


def case_page(request: HttpRequest, case: Case, *, status: int = 200, **bound: Any) -> HttpResponse:
    """The case page: its summary and next steps, then the panels modules registered. ``bound``
    holds a submitted form to show again with its errors, by what it was for: ``transition``
    (action, form), ``assign``, ``receive``, ``return``, ``add``, ``remove`` (participant id, form)
    or ``link``; a module's own (its panel's context reads them)."""
    user = screens.screen_user(request)
    can_assign = access.can(user, Action.CASE_ASSIGN, case) and case.status != Case.Status.CLOSED
    assign_form = None
    if can_assign:
        judges = selectors.court_judges(court_ids=[case.holder_id]).get(case.holder_id, [])
        assign_form = bound.get("assign") or AssignJudgeForm(
            initial={"expected_version": case.version}, judges=judges, auto_id="id_assign_%s"
        )
    receiving = access.can(user, Action.CASE_RECEIVE, case)
    steps = selectors.case_steps(user=user, case=case)
    transitions = _transition_forms(case, steps.available, bound)
    submitted = bound.get("transition") or ("", None)
    context: dict[str, Any] = {
        "case": case,
        "today": clock.today_in(case.holder.time_zone),
        "transitions": transitions,
        "transition_errors": submitted[1].non_field_errors() if submitted[1] is not None else [],
        "assign_form": assign_form,
        "receive_form": ReceiveForm(initial={"expected_version": case.version}) if receiving else None,
        "return_form": (bound.get("return") or ReturnForm(initial={"expected_version": case.version}))
        if receiving
        else None,
        "numbers": selectors.case_numbers(case=case),
        "waiting_steps": steps.waiting,
        "module_actions": panels.actions_for(user, case),
        "bound": bound,
        "page_url": reverse("cases:detail", args=[case.pk]),  # for a page answered to a POST
    }
    context["panels"] = panels.panels_render(request, case, context)
    return render(request, "cases/case_detail.html", context, status=status)


@screen
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(user=screens.screen_user(request), case_id=case_id)
    return case_page(request, case)


@screen
@require_POST
def case_transition(request: HttpRequest, case_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    case = selectors.case_get(user=user, case_id=case_id)
    action = request.POST.get("action", "")
    kind = get_pack().kinds.get(case.kind)
    step = next((t for t in kind.transitions if t.action == action), None) if kind else None
    receivers = list(custody.handover_targets(case=case, transition=step)) if step and step.handover else []
    form = TransitionForm(
        request.POST, receivers=receivers, auto_id=f"id_{action}_%s" if action.isidentifier() else "id_step_%s"
    )
    if not form.is_valid():
        if set(form.errors) <= {"receiver", "note"}:
            return case_page(request, case, status=422, transition=(action, form))
        raise Conflict(_("The form was incomplete."))
    data = form.cleaned_data
    try:
        with transaction.atomic():
            case = selectors.case_get(user=user, case_id=case_id, for_update=True)
            services.case_transition(
                actor=user,
                case=case,
                action=data["action"],
                note=data["note"],
                expected_version=data["expected_version"],
                receiver=form.chosen_receiver(),
            )
    except ValidationFailed as exc:
        screens.errors_onto(form, exc.fields, rename={"action": "__all__"})
    else:
        if case.receiving is not None:
            message = _("The case is sent to %(organization)s.") % {"organization": case.receiving.name}
        else:
            message = _("Done. The case is now at the stage %(stage)s.") % {
                "stage": labels.stage_name(case.kind, case.stage)
            }
        messages.success(request, message)
        return redirect("cases:detail", case_id=case_id)
    case = selectors.case_get(user=user, case_id=case_id)
    return case_page(request, case, status=422, transition=(data["action"], form))


@screen
@require_POST
def handover_receive(request: HttpRequest, case_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    form = ReceiveForm(request.POST)
    if not form.is_valid():
        raise Conflict(_("The form was incomplete."))
    with transaction.atomic():
        case = selectors.case_get(user=user, case_id=case_id, for_update=True)
        custody.handover_receive(actor=user, case=case, expected_version=form.cleaned_data["expected_version"])
    messages.success(request, _("The case is received; its number is %(number)s.") % {"number": case.number})
    return redirect("cases:detail", case_id=case_id)


@screen
@require_POST
def handover_return(request: HttpRequest, case_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    form = ReturnForm(request.POST, auto_id="id_return_%s")
    if form.is_valid():
        try:
            with transaction.atomic():
                case = selectors.case_get(user=user, case_id=case_id, for_update=True)
                custody.handover_return(
                    actor=user,
                    case=case,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["expected_version"],
                )
        except ValidationFailed as exc:
            screens.errors_onto(form, exc.fields)
        else:
            messages.success(request, _("The case is returned to the organization that sent it."))
            return redirect("cases:inbox")
    elif "expected_version" in form.errors:
        raise Conflict(_("The form was incomplete."))
    case = selectors.case_get(user=user, case_id=case_id)
    return case_page(request, case, status=422, **{"return": form})


@screen
@require_POST
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    case = selectors.case_get(user=user, case_id=case_id)
    judges = selectors.court_judges(court_ids=[case.holder_id]).get(case.holder_id, [])
    form = AssignJudgeForm(request.POST, judges=judges, auto_id="id_assign_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                case = selectors.case_get(user=user, case_id=case_id, for_update=True)
                services.case_assign_judge(
                    actor=user,
                    case=case,
                    judge=data["judge"],
                    reason=data["reason"],
                    expected_version=data["expected_version"],
                )
        except ValidationFailed as exc:
            screens.errors_onto(form, exc.fields)
        else:
            messages.success(
                request, _("The case is assigned to judge %(name)s.") % {"name": data["judge"].display_name}
            )
            return redirect("cases:detail", case_id=case_id)
    elif "expected_version" in form.errors:
        raise Conflict(_("The form was incomplete."))
    case = selectors.case_get(user=user, case_id=case_id)
    return case_page(request, case, status=422, assign=form)


@screen
@require_POST
def participant_add(request: HttpRequest, case_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    case = selectors.case_get(user=user, case_id=case_id)
    form = ParticipantForm(
        request.POST, prefix="add", roles=role_choices(get_pack().kinds.get(case.kind), request.LANGUAGE_CODE)
    )
    valid = form.is_valid()
    asked = picker.offer_and_ask(form, user) if not valid or form.undecided() else False
    if valid and not asked:
        try:
            with transaction.atomic():
                case = selectors.case_get(user=user, case_id=case_id, for_update=True)
                participant = services.participant_add(actor=user, case=case, data=form.participant_data())
        except ValidationFailed as exc:
            form.add_service_errors(exc.fields)
            picker.show_offers(form, user)
        else:
            messages.success(request, _("%(name)s is added to the case.") % {"name": participant.party.name})
            return redirect("cases:detail", case_id=case_id)
    case = selectors.case_get(user=user, case_id=case_id)
    return case_page(request, case, status=422, add=form)


@screen
@require_POST
def participant_remove(request: HttpRequest, case_id: int, participant_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    form = ParticipantRemoveForm(request.POST, auto_id=f"id_remove_{participant_id}_%s")
    if form.is_valid():
        try:
            with transaction.atomic():
                case = selectors.case_get(user=user, case_id=case_id, for_update=True)
                participant = selectors.participant_get(case=case, participant_id=participant_id)
                services.participant_remove(actor=user, participant=participant, reason=form.cleaned_data["reason"])
        except ValidationFailed as exc:
            screens.errors_onto(form, exc.fields)
        else:
            messages.success(request, _("%(name)s is removed from the case.") % {"name": participant.party.name})
            return redirect("cases:detail", case_id=case_id)
    case = selectors.case_get(user=user, case_id=case_id)
    selectors.participant_get(case=case, participant_id=participant_id)
    return case_page(request, case, status=422, remove=(participant_id, form))


@screen
@require_POST
def participant_act(request: HttpRequest, case_id: int, participant_id: int) -> HttpResponse:
    """An act of the pack done to a participant (charging a suspect); a refusal is a message on the
    case page."""
    user = screens.screen_user(request)
    action, note = request.POST.get("action", ""), request.POST.get("note", "")
    try:
        with transaction.atomic():
            case = selectors.case_get(user=user, case_id=case_id, for_update=True)
            participant = services.participant_role_change(
                actor=user, case=case, participant_id=participant_id, action=action, note=note
            )
    except ValidationFailed as exc:
        messages.error(request, " ".join(str(message) for message in exc.fields.values()))
    else:
        messages.success(
            request,
            _("%(act)s: %(name)s is now %(role)s.")
            % {
                "act": labels.role_change_name(case.kind, action),
                "name": participant.party.name,
                "role": labels.role_name(participant.role),
            },
        )
    return redirect("cases:detail", case_id=case_id)


@screen
@require_POST
def link_add(request: HttpRequest, case_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    form = LinkForm(request.POST, language=request.LANGUAGE_CODE, prefix="link")
    if form.is_valid():
        other = selectors.case_by_number(user=user, number=form.cleaned_data["number"])
        if other is None:
            form.add_error("number", _("No case you can see has this number."))
        else:
            try:
                with transaction.atomic():
                    case = selectors.case_get(user=user, case_id=case_id, for_update=True)
                    custody.case_link(actor=user, case=case, other=other, kind=form.cleaned_data["kind"])
            except ValidationFailed as exc:
                screens.errors_onto(form, exc.fields, rename={"other": "number"})
            else:
                messages.success(request, _("The cases are linked."))
                return redirect("cases:detail", case_id=case_id)
    case = selectors.case_get(user=user, case_id=case_id)
    return case_page(request, case, status=422, link=form)


@screen
@require_POST
def link_remove(request: HttpRequest, case_id: int, link_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    with transaction.atomic():
        case = selectors.case_get(user=user, case_id=case_id, for_update=True)
        link = selectors.link_get(case=case, link_id=link_id)
        custody.case_unlink(actor=user, case=case, link=link)
    messages.success(request, _("The link is removed."))
    return redirect("cases:detail", case_id=case_id)


# --- registering a case ------------------------------------------------------------------------


def _register_forms(
    request: HttpRequest,
    data: QueryDict | None,
    initial: dict[str, Any],
    organizations: list[Any],
    rows: list[dict[str, Any]] | None = None,
) -> tuple[CaseRegisterForm, Any]:
    language = request.LANGUAGE_CODE
    judges = selectors.court_judges(court_ids=[o.pk for o in organizations if o.is_court])
    form = CaseRegisterForm(data, initial=initial, organizations=organizations, judges=judges, language=language)
    roles = role_choices(form.chosen_kind(), language)
    if rows is None:
        formset = participant_formset(data, roles=roles)
    else:
        formset = participant_formset(None, roles=roles, initial=rows, extra=0)
    return form, formset


def _rows(data: QueryDict, *, more: bool) -> list[dict[str, Any]]:
    """The participant rows as they were typed, to show again (one empty row more if asked)."""
    try:
        total = min(max(int(data.get("participants-TOTAL_FORMS", "1")), 1), 49)
    except ValueError:
        total = 1
    rows = [{name: data.get(f"participants-{i}-{name}") for name in ParticipantForm.base_fields} for i in range(total)]
    for row in rows:
        row["kind"] = row["kind"] or ParticipantForm.base_fields["kind"].initial
    if more:
        rows.append({"kind": ParticipantForm.base_fields["kind"].initial})
    return rows


def _render_register(request: HttpRequest, form: CaseRegisterForm, formset: Any, status: int = 200) -> HttpResponse:
    context = {"form": form, "formset": formset}
    return screens.render_part(request, "cases/case_register.html", "cases/_register_form.html", context, status=status)


@screen
def case_register(request: HttpRequest) -> HttpResponse:
    user = screens.screen_user(request)
    organizations = work.registries(user=user)
    if not organizations:
        raise PermissionDenied(_("You may not register cases anywhere."))
    if request.method != "POST":
        first = organizations[0]
        initial = {"organization": first.pk, "received_on": clock.today_in(first.time_zone)}
        form, formset = _register_forms(request, None, initial, organizations)
        return _render_register(request, form, formset)
    data = request.POST
    if "_refresh" in data or "_add_row" in data:
        initial = {name: data.get(name) for name in CaseRegisterForm.base_fields}
        form, formset = _register_forms(
            request, None, initial, organizations, rows=_rows(data, more="_add_row" in data)
        )
        for row in formset.forms:
            picker.show_offers(row, user)
        return _render_register(request, form, formset)
    form, formset = _register_forms(request, data, {}, organizations)
    valid = form.is_valid() & formset.is_valid()  # both, for every error at once
    rows = [row for _i, row in formset.filled()] if formset.is_valid() else list(formset.forms)
    asked = [row for row in rows if (not row.is_valid() or row.undecided()) and picker.offer_and_ask(row, user)]
    if not valid or asked:
        return _register_again(request, form, formset)
    values = form.cleaned_data
    try:
        with transaction.atomic():
            case = services.case_register(
                actor=user,
                organization=form.organizations[values["organization"]],
                kind=values["kind"],
                title=values["title"],
                received_on=values["received_on"],
                confidentiality=values["confidentiality"],
                language=values["language"],
                articles=form.articles_list(),
                category=values["category"],
                judge=values["judge"],
                participants=[row.participant_data() for row in rows],
            )
    except ValidationFailed as exc:
        screens.errors_onto(form, {k: v for k, v in exc.fields.items() if not k.startswith("participants[")})
        formset_errors_onto(formset, exc.fields)
        return _register_again(request, form, formset)
    messages.success(request, _("Case %(number)s is registered.") % {"number": case.number})
    return redirect("cases:detail", case_id=case.pk)


def _register_again(request: HttpRequest, form: CaseRegisterForm, formset: Any) -> HttpResponse:
    """The registration form shown again, each participant with what the directory offers."""
    user = screens.screen_user(request)
    for row in formset.forms:
        picker.show_offers(row, user)
    return _render_register(request, form, formset, status=422)
