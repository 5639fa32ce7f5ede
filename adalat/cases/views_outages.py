"""The public register of times when Adalat was unavailable; its operators record them there."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from adalat.accounts import access, screens
from adalat.core.errors import ValidationFailed
from adalat.jurisdictions.current import get_pack

from .outages import outage_list, outage_record
from .rules import OUTAGE_RECORD

SHOWN = 100


class OutageForm(forms.Form):
    started_at = forms.DateTimeField(
        label=gettext_lazy("Unavailable from"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ended_at = forms.DateTimeField(
        label=gettext_lazy("Available again at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    note = forms.CharField(
        label=gettext_lazy("What happened"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        help_text=gettext_lazy("Published as it is written."),
    )


@require_http_methods(["GET", "POST"])
def outages(request: HttpRequest) -> HttpResponse:
    """Every recorded outage, for anyone; the form to record one, for those who may."""
    user = request.user if request.user.is_authenticated else None
    may_record = access.can(user, OUTAGE_RECORD)
    form = OutageForm() if may_record else None
    status = 200
    if request.method == "POST":
        if user is None or not may_record:
            return screens.problem_page(request, 403, _("Only Adalat's administrators record outages."))
        form = OutageForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    outage = outage_record(
                        actor=user, started_at=data["started_at"], ended_at=data["ended_at"], note=data["note"]
                    )
            except ValidationFailed as exc:
                screens.errors_onto(form, exc.fields)
            else:
                done = _("The outage is recorded and published; %(count)s deadlines were moved.")
                messages.success(request, done % {"count": outage.moved})
                return redirect("cases:outages")
        status = 422
    rule = get_pack().header.outages
    context = {
        "outages": list(outage_list()[:SHOWN]),
        "rule": rule,
        "zone": get_pack().header.time_zone,
        "form": form,
    }
    return render(request, "cases/outages.html", context, status=status)
