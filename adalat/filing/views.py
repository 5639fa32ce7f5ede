"""Filing a claim online (the filer's form, the claim's page with its attachments and the fee) and
the registry's part (the claims waiting, accepting or returning one)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from adalat.accounts import access, screens
from adalat.accounts.access import Action
from adalat.core.errors import NotFound, ValidationFailed
from adalat.documents.content import FileTooLarge, accepted_types_text
from adalat.documents.downloads import blob_response
from adalat.documents.uploads import uploads_capped
from adalat.jurisdictions.current import get_pack

from . import selectors, services
from .forms import AttachmentForm, FilingForm, ReturnForm
from .models import Filing

PARTY_FIELD = re.compile(r"^parties\[(\d+)\]\.(\w+)$")


@screens.screen
@require_GET
def filings(request: HttpRequest) -> HttpResponse:
    """The claims the person filed and, for a court's registry, those waiting for it."""
    user = screens.screen_user(request)
    return render(
        request,
        "filing/list.html",
        {
            "mine": list(selectors.my_filings(user=user)[: selectors.LIST_LIMIT]),
            "waiting": list(selectors.court_filings(user=user)[: selectors.LIST_LIMIT]),
            "files_online": bool(get_pack().header.filing.kinds),
        },
    )


def _form(request: HttpRequest, data: Any = None) -> FilingForm:
    user = screens.screen_user(request)
    raw = (data or request.GET).get("territory") or ""
    territory = int(raw) if raw.isdigit() and len(raw) < 10 else None
    courts = selectors.courts_suggested(territory_id=territory)
    initial = {"name": user.display_name, "email": user.email, "territory": territory}
    if courts and territory:
        initial["court"] = courts[0].pk
    return FilingForm(
        data,
        initial=initial,
        courts=courts,
        territories=selectors.territories(),
        language=request.LANGUAGE_CODE,
    )


def _errors_onto(form: FilingForm, fields: dict[str, str]) -> None:
    for key, message in fields.items():
        found = PARTY_FIELD.match(key)
        if found is not None and int(found[1]) < len(form.others):
            other = form.others[int(found[1])]
            other.add_error(found[2] if found[2] in other.fields else None, message)
            continue
        name = key.removeprefix("filer.")
        form.add_error(name if name in form.fields else None, message)


@screens.screen
@require_http_methods(["GET", "POST"])
def filing_new(request: HttpRequest) -> HttpResponse:
    """The form: the court (suggested for where the filer lives), the claim, the filer and the
    other parties. Saved, it is a draft to attach files to and pay for."""
    user = screens.screen_user(request)
    if not get_pack().header.filing.kinds:
        raise NotFound(_("Claims are not filed online here."))
    if request.method == "GET" or "suggest" in request.POST:
        form = _form(request, request.POST if request.method == "POST" else None)
        if request.method == "POST":
            form.errors.clear()  # only the courts were asked for
        return render(request, "filing/new.html", {"form": form})
    form = _form(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        court = next((c for c in selectors.courts_suggested(territory_id=None) if c.pk == data["court"]), None)
        try:
            with transaction.atomic():
                filing = services.filing_draft(
                    actor=user,
                    court=court,
                    kind=data["kind"],
                    category=data["category"],
                    title=data["title"],
                    claim=data["claim"],
                    amount=data["amount"],
                    language=data["language"],
                    filer=form.filer(),
                    parties=form.other_parties(),
                )
        except ValidationFailed as exc:
            _errors_onto(form, exc.fields)
        else:
            messages.success(request, _("The claim is saved. Attach your evidence, then pay the fee to submit it."))
            return redirect("filing:detail", filing_id=filing.pk)
    return render(request, "filing/new.html", {"form": form}, status=422)


def _page(request: HttpRequest, filing: Filing, *, status: int = 200, **bound: Any) -> HttpResponse:
    user = screens.screen_user(request)
    own_draft = filing.filer_id == user.pk and filing.state == Filing.State.DRAFT
    deciding = filing.state == Filing.State.SUBMITTED and access.can(user, Action.CASE_REGISTER, filing.court)
    context = {
        "filing": filing,
        "attachments": list(filing.attachments.select_related("blob").order_by("added_at", "pk")),
        "rules": get_pack().header.filing,
        "attachment_form": (bound.get("attachment") or AttachmentForm()) if own_draft else None,
        "file_error": bound.get("file_error"),
        "accepted_types": accepted_types_text(),
        "own_draft": own_draft,
        "deciding": deciding,
        "return_form": (bound.get("return") or ReturnForm()) if deciding else None,
    }
    return render(request, "filing/detail.html", context, status=status)


@screens.screen
@require_GET
def filing_detail(request: HttpRequest, filing_id: int) -> HttpResponse:
    return _page(request, selectors.filing_get(user=screens.screen_user(request), filing_id=filing_id))


def _attach(request: HttpRequest, filing_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                filing = selectors.filing_get(user=user, filing_id=filing_id, for_update=True)
                upload = form.cleaned_data["file"]
                services.attachment_add(
                    actor=user, filing=filing, file=upload, filename=upload.name or "", title=form.cleaned_data["title"]
                )
        except ValidationFailed as exc:
            screens.errors_onto(form, exc.fields, message=exc.message)
        else:
            messages.success(request, _("The file is attached."))
            return redirect("filing:detail", filing_id=filing_id)
    filing = selectors.filing_get(user=user, filing_id=filing_id)
    return _page(request, filing, status=422, attachment=form)


@csrf_exempt  # the CSRF check runs inside, once the upload handler is in place
@require_POST
@screens.screen
def attachment_add(request: HttpRequest, filing_id: int) -> HttpResponse:
    uploads_capped(request)
    try:
        return csrf_protect(_attach)(request, filing_id)
    except FileTooLarge as error:
        filing = selectors.filing_get(user=screens.screen_user(request), filing_id=filing_id)
        return _page(request, filing, status=413, file_error=error.message)


@screens.screen
@require_POST
def attachment_remove(request: HttpRequest, filing_id: int, attachment_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    with transaction.atomic():
        filing = selectors.filing_get(user=user, filing_id=filing_id, for_update=True)
        attachment = filing.attachments.filter(pk=attachment_id).first()
        if attachment is None:
            raise NotFound(_("No such file."))
        services.attachment_remove(actor=user, filing=filing, attachment=attachment)
    messages.success(request, _("The file is removed."))
    return redirect("filing:detail", filing_id=filing_id)


@screens.screen
@require_GET
def attachment_download(request: HttpRequest, filing_id: int, attachment_id: int) -> HttpResponseBase:
    filing = selectors.filing_get(user=screens.screen_user(request), filing_id=filing_id)
    attachment = filing.attachments.select_related("blob").filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound(_("No such file."))
    return blob_response(attachment.blob, attachment.filename)


@screens.screen
@require_POST
def pay(request: HttpRequest, filing_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    with transaction.atomic():
        filing = selectors.filing_get(user=user, filing_id=filing_id, for_update=True)
        services.filing_pay(actor=user, filing=filing)
    messages.success(
        request, _("The fee is paid and the claim is submitted to %(court)s.") % {"court": filing.court.name}
    )
    return redirect("filing:detail", filing_id=filing_id)


@screens.screen
@require_POST
def accept(request: HttpRequest, filing_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    with transaction.atomic():
        filing = selectors.filing_get(user=user, filing_id=filing_id, for_update=True)
        case = services.filing_accept(actor=user, filing=filing)
    messages.success(request, _("The claim is registered as case %(number)s.") % {"number": case.number})
    return redirect("cases:detail", case_id=case.pk)


@screens.screen
@require_POST
def return_(request: HttpRequest, filing_id: int) -> HttpResponse:
    user = screens.screen_user(request)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                filing = selectors.filing_get(user=user, filing_id=filing_id, for_update=True)
                services.filing_return(actor=user, filing=filing, reasons=form.cleaned_data["reasons"])
        except ValidationFailed as exc:
            screens.errors_onto(form, exc.fields)
        else:
            messages.success(request, _("The claim is returned to the filer with the reasons."))
            return redirect("filing:list")
    return _page(request, selectors.filing_get(user=user, filing_id=filing_id), status=422, **{"return": form})
