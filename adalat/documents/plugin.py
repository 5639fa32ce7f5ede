"""How the documents module plugs into the kernel, like any other module: who may file and read
documents (the pack decides who files them, and which roles read each stage's materials), the
events it records on a case, and its panel on the case page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import register as register_check
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adalat.accounts import access
from adalat.cases.events import Audience, Reading, event_type
from adalat.cases.models import Case
from adalat.cases.panels import Panel, panel

from .acts import acts_check
from .content import RECORDINGS, FileTooLarge, accepted_types_text
from .forms import ACCEPT, DocumentUploadForm
from .models import CustodyEntry
from .rules import (
    DOCUMENT_READ,
    DOCUMENT_SIGN,
    DOCUMENT_UPLOAD,
    OWNER,
    CustodyRecorded,
    DocumentFiled,
    DocumentSigned,
    read_rule,
    sign_rule,
    upload_rule,
)
from .selectors import document_list


def _title(reading: Reading) -> str | None:
    """The document's title, if the reader may read it."""
    case = reading.event.case
    titles: dict[int, str] = reading.cached(
        ("documents", case.pk),
        lambda: dict(document_list(user=reading.reader, case=case).values_list("pk", "title")),
    )
    return titles.get(reading.payload.document)


def _added(reading: Reading) -> str:
    title = _title(reading)
    if title is None:
        return _("%(actor)s added a document.") % {"actor": reading.actor}
    return _("%(actor)s added the document “%(title)s”.") % {"actor": reading.actor, "title": title}


def _version_added(reading: Reading) -> str:
    title = _title(reading)
    values = {"actor": reading.actor, "version": reading.payload.version}
    if title is None:
        return _("%(actor)s added version %(version)s of a document.") % values
    return _("%(actor)s added version %(version)s of the document “%(title)s”.") % {**values, "title": title}


def _custody(reading: Reading) -> str:
    title = _title(reading)
    action = dict(CustodyEntry.Action.choices).get(reading.payload.action, reading.payload.action)
    values = {"actor": reading.actor, "action": action}
    if title is None:
        return _("%(actor)s recorded the chain of custody of a document: %(action)s.") % values
    return _("%(actor)s recorded the chain of custody of “%(title)s”: %(action)s.") % {**values, "title": title}


def _signed(reading: Reading) -> str:
    title = _title(reading)
    values = {"actor": reading.actor, "version": reading.payload.version}
    if title is None:
        return _("%(actor)s signed version %(version)s of a document.") % values
    return _("%(actor)s signed version %(version)s of the document “%(title)s”.") % {**values, "title": title}


def section_context(request: HttpRequest, case: Case, **extra: Any) -> dict[str, Any]:
    """What the documents section shows (on the case page, or on a page of its own)."""
    context: dict[str, Any] = {
        "case": case,
        "upload_form": DocumentUploadForm(),
        "documents": document_list(user=request.user, case=case),
        "can_upload": access.can(request.user, DOCUMENT_UPLOAD, case),
        "can_sign": access.can(request.user, DOCUMENT_SIGN, case),
        "sign_target": (0, 0),  # the (document, version) whose signing was refused, with ``sign_error``
        "max_bytes": settings.DOCUMENT_MAX_BYTES,
        # What the page's script (adalat/uploads.js) says beside the file field.
        "too_large": FileTooLarge().message,
        "upload_cut": _(
            "The file did not reach the server: the connection was cut while it was sent. Files may be at most "
            "%(limit)s; check the file and the connection, and try again."
        )
        % {"limit": filesizeformat(settings.DOCUMENT_MAX_BYTES)},
        "upload_refused": _("The server did not take the upload. Reload the page and try again."),
        "accepted_types": accepted_types_text(),
        "accept": ACCEPT,
        "recordings": {t.content_type for t in RECORDINGS},
        "custody_actions": CustodyEntry.Action.choices,
        "page_url": reverse("documents:case-documents", args=[case.pk]),  # for a page answered to a POST
    }
    context.update(extra)
    return context


def _panel_context(request: HttpRequest, case: Case, bound: dict[str, Any]) -> dict[str, Any]:
    return section_context(request, case)


def register() -> None:
    register_check(acts_check)
    access.pack_permission(DOCUMENT_UPLOAD, owner=OWNER)
    access.rule(DOCUMENT_UPLOAD, owner=OWNER)(upload_rule)
    access.rule(DOCUMENT_READ, owner=OWNER)(read_rule)
    access.pack_permission(DOCUMENT_SIGN, owner=OWNER)
    access.rule(DOCUMENT_SIGN, owner=OWNER)(sign_rule)
    event_type("document_added", payload=DocumentFiled, audience=Audience.CASE, sentence=_added, owner=OWNER)
    event_type(
        "document_version_added",
        payload=DocumentFiled,
        audience=Audience.CASE,
        sentence=_version_added,
        texts=("note",),
        owner=OWNER,
    )
    event_type("document_signed", payload=DocumentSigned, audience=Audience.CASE, sentence=_signed, owner=OWNER)
    event_type("document_custody", payload=CustodyRecorded, audience=Audience.CASE, sentence=_custody, owner=OWNER)
    panel(
        Panel(
            "documents",
            gettext_lazy("Documents"),
            50,
            "documents/panel.html",
            _panel_context,
            api=lambda case: f"/api/v1/cases/{case.pk}/documents",
        )
    )
