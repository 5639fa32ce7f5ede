"""How a stored type is named to readers (PDF, JPEG, DOCX, text), and a version's signatures."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from adalat.documents.content import BY_CONTENT_TYPE, TEXT
from adalat.documents.models import Document, DocumentVersion
from adalat.documents.verification import SignatureView, version_signatures

register = template.Library()


@register.filter
def file_kind(content_type: str) -> str:
    file_type = BY_CONTENT_TYPE.get(content_type)
    if file_type is None:
        return content_type
    return _("Text") if file_type is TEXT else file_type.code.upper()


@register.filter
def signatures(version: DocumentVersion) -> list[SignatureView]:
    """The version's signatures, verified (the version comes from ``document_list``, which the
    access policy has narrowed)."""
    return version_signatures(version)


@register.filter
def latest(document: Document) -> DocumentVersion | None:
    """The document's latest version, from the versions ``document_list`` fetched with it."""
    versions = list(document.versions.all())
    return versions[-1] if versions else None
