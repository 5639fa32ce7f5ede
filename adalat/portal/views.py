from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from adalat.jurisdictions.current import get_pack


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The public front page; people who are logged in go straight to their work."""
    if request.user.is_authenticated:
        return redirect("cases:my-work")
    pack = get_pack()
    return render(request, "portal/home.html", {"jurisdiction": pack.header.name.get(request.LANGUAGE_CODE, pack.code)})
