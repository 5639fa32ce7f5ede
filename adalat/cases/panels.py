"""What the case page and the case API are made of: panels and actions that modules register.

The case file draws the summary and the next steps of the workflow; everything else on the page —
its own participants, links, deadlines and timeline, a module's documents, hearings or summonses —
is a ``Panel`` a module registered, shown in ``order`` to whoever it is ``shown`` to. A module may
also offer ``CaseAction`` links among the next steps, put a ``Banner`` at the top of every screen
of a case, and says where its part of a case is in the API (``Panel.api``), which the case's API
answer lists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import SafeString

from .models import Case

Shown = Callable[[Any, Case], bool]


def always(user: Any, case: Case) -> bool:
    return True


@dataclass(frozen=True)
class Panel:
    code: str
    title: str | Promise
    order: int
    template: str  # rendered with the case page's context and what ``context`` adds
    # Given the request, the case and the forms the page shows again with their errors (by name).
    context: Callable[[HttpRequest, Case, dict[str, Any]], dict[str, Any]] | None = None
    shown: Shown = always
    api: Callable[[Case], str] | None = None  # the address of this part of the case in the API


@dataclass(frozen=True)
class CaseAction:
    """A link among the case's next steps, to a page of the module that offers it."""

    code: str
    label: str | Promise
    order: int
    url: Callable[[Case], str]
    shown: Shown = always


@dataclass(frozen=True)
class Banner:
    """A warning a module shows at the top of every screen of a case (a detention past its end):
    ``context`` gives the template's context, or None when there is nothing to say."""

    code: str
    template: str
    context: Callable[[Any, Case], dict[str, Any] | None]


_panels: dict[str, Panel] = {}
_actions: dict[str, CaseAction] = {}
_banners: dict[str, Banner] = {}


def banner(item: Banner) -> None:
    _banners[item.code] = item


def banners_render(request: HttpRequest, case: Case) -> SafeString:
    """The banners ``request.user`` sees on every screen of ``case``."""
    parts = []
    for item in sorted(_banners.values(), key=lambda b: b.code):
        context = item.context(request.user, case)
        if context is not None:
            parts.append(render_to_string(item.template, {"case": case, **context}, request=request))
    return SafeString("".join(parts))


def panel(item: Panel) -> None:
    _panels[item.code] = item


def action(item: CaseAction) -> None:
    _actions[item.code] = item


def panels() -> list[Panel]:
    return sorted(_panels.values(), key=lambda p: (p.order, p.code))


@dataclass(frozen=True)
class RenderedPanel:
    code: str
    title: str
    html: SafeString


def panels_render(request: HttpRequest, case: Case, base: dict[str, Any]) -> list[RenderedPanel]:
    """The panels ``request.user`` may see on the page of ``case``, rendered; ``base`` is the case
    page's own context, which each panel's template receives with its own."""
    shown = []
    for item in panels():
        if not item.shown(request.user, case):
            continue
        own = item.context(request, case, base.get("bound", {})) if item.context else {}
        context = {**base, "case": case, "panel": item, **own}
        html = SafeString(render_to_string(item.template, context, request=request))
        shown.append(RenderedPanel(code=item.code, title=str(item.title), html=html))
    return shown


def actions_for(user: Any, case: Case) -> list[dict[str, str]]:
    """The modules' links ``user`` may follow from the case page."""
    items = sorted(_actions.values(), key=lambda a: (a.order, a.code))
    return [{"code": a.code, "label": str(a.label), "url": a.url(case)} for a in items if a.shown(user, case)]


def api_parts(case: Case) -> list[dict[str, str]]:
    """Where the modules' parts of ``case`` are in the API."""
    return [{"code": p.code, "title": str(p.title), "href": p.api(case)} for p in panels() if p.api is not None]
