"""Reading documents. The case comes from ``adalat.cases.selectors.case_get``, which has
already applied the access policy; whoever may see a case reads its documents, but for the
stages whose materials the pack shows only to some roles. A download of a document of a
restricted case is audited."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.accounts.access import AnyUser
from adalat.audit.services import audit_record
from adalat.cases.models import Case
from adalat.core.errors import NotFound
from adalat.jurisdictions.current import get_pack

from .models import CustodyEntry, Document, DocumentVersion


def _versions() -> QuerySet[DocumentVersion]:
    return (
        DocumentVersion.objects.select_related("blob", "uploaded_by").prefetch_related("signatures").order_by("number")
    )


def hidden_stages(*, user: AnyUser | None, case: Case) -> set[str]:
    """The stages of ``case``'s kind whose materials the pack shows to roles ``user`` does not hold,
    unless the case has reached a stage that opens every stage's materials to one of them."""
    kind = get_pack().kinds.get(case.kind)
    if kind is None:
        return set()
    roles = access.standing_roles(user, case)
    hidden = {s.code for s in kind.stages if s.materials is not None and not roles.intersection(s.materials)}
    if hidden:
        opening = [s.code for s in kind.stages if roles.intersection(s.opens)]
        if opening and (case.stage in opening or case.events.filter(to_stage__in=opening).exists()):
            return set()
    return hidden


def document_list(*, user: AnyUser | None, case: Case) -> QuerySet[Document]:
    """The documents of a case fetched with ``case_get`` that ``user`` may read, oldest first,
    with their versions."""
    # Through the case's own manager, so that each document holds this very case object.
    documents = case.documents.select_related("created_by")
    hidden = hidden_stages(user=user, case=case)
    if hidden:
        documents = documents.exclude(stage__in=hidden)
    return documents.prefetch_related(
        Prefetch("versions", queryset=_versions()),
        Prefetch("custody", queryset=CustodyEntry.objects.select_related("recorded_by").order_by("happened_at", "pk")),
    ).order_by("created_at", "id")


def document_get(*, user: AnyUser | None, case: Case, document_id: int) -> Document:
    document = document_list(user=user, case=case).filter(pk=document_id).first()
    if document is None:
        raise NotFound(_("No such document."))
    return document


def _version(*, user: AnyUser, case: Case, document_id: int, number: int) -> DocumentVersion:
    version = (
        _versions()
        .select_related("document")
        # document__pk, not document_id: a lookup on the key itself refuses numbers past 64 bits
        # as no match, where one on the foreign key column overflows in SQLite's driver.
        .filter(document__in=document_list(user=user, case=case).values("pk"), document__pk=document_id, number=number)
        .first()
    )
    if version is None:
        raise NotFound(_("No such document version."))
    version.document.case = case
    return version


def document_version_for_signing(*, user: AnyUser, case: Case, document_id: int, number: int) -> DocumentVersion:
    """A version of a document ``user`` may read, to be signed (the service asks who may sign)."""
    return _version(user=user, case=case, document_id=document_id, number=number)


def document_version_download(*, user: AnyUser, case: Case, document_id: int, number: int) -> DocumentVersion:
    """The version whose content ``user`` is about to receive; audited when the case is restricted."""
    version = _version(user=user, case=case, document_id=document_id, number=number)
    if case.is_restricted:
        audit_record(
            actor=user,
            action="document.read",
            object_type="document",
            object_id=version.document_id,
            data={"case": case.pk, "number": case.number, "version": version.number, "sha256": version.blob_id},
        )
    return version
