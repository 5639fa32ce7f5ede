"""REST endpoints of the audit log, mounted at /api/v1/audit: administrators read the log and
have it verified. Every endpoint checks ``Action.AUDIT_READ``, and a call made with a token needs
its scope ``audit:read`` (a token made for cases does not read the log)."""

from __future__ import annotations

import json
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from adalat.accounts import access
from adalat.accounts.access import Action
from adalat.accounts.api_auth import require_scope
from adalat.accounts.models import ApiToken
from adalat.audit import selectors
from adalat.audit.check import audit_check
from adalat.audit.checkpoints import CheckpointResult
from adalat.audit.models import AuditEntry
from adalat.core.errors import PermissionDenied, ValidationFailed
from adalat.core.numbers import Id
from adalat.core.pagination import Page, PageQuery, paginate

router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    seq: int
    at: str = Field(description="ISO 8601, UTC, fixed width")
    actor_id: int | None
    actor_name: str
    action: str
    object_type: str
    object_id: str
    data: dict[str, Any]
    prev_hash: str
    hash: str

    @staticmethod
    def resolve_data(obj: AuditEntry) -> Any:
        return json.loads(obj.data)


class EntryQuery(PageQuery):
    object_type: str | None = Field(None, max_length=64)
    object_id: str | None = Field(None, max_length=64, description="needs object_type")
    actor_id: Id | None = None
    order: Literal["seq", "-seq"] = Field("seq", description="seq (oldest first) or -seq (newest first)")


class BreakOut(Schema):
    seq: int
    kind: str = Field(description="changed, removed, reordered or added")
    reason: str


class CheckpointOut(Schema):
    file: str
    head_seq: int | None
    created_at: str | None
    ok: bool
    problem: str | None


class VerifyOut(Schema):
    whole: bool = Field(description="the chain is whole, every checkpoint holds and the log reaches the latest")
    summary: str
    checked: int
    head_seq: int
    head_hash: str
    broken: BreakOut | None
    checkpoints: list[CheckpointOut]
    latest_checkpoint: CheckpointOut | None = Field(description="the signed checkpoint of the newest entry")
    mirror_problem: str | None = Field(description="why the latest checkpoint has no second copy, if it has none")


def _require_reader(request: HttpRequest) -> None:
    if not access.can(request.user, Action.AUDIT_READ):
        raise PermissionDenied(_("Only administrators may read the audit log."))
    require_scope(request, ApiToken.Scope.AUDIT_READ)


@router.get("/entries", response=Page[AuditEntryOut], url_name="audit_entries")
def audit_entries(request: HttpRequest, query: Query[EntryQuery]) -> dict[str, Any]:
    """Entries of the log in order of ``seq``, narrowed by object or by actor."""
    _require_reader(request)
    if query.object_id is not None and query.object_type is None:
        raise ValidationFailed({"object_type": _("Give the object type with the object id.")})
    entries = selectors.audit_entry_list(
        object_type=query.object_type,
        object_id=query.object_id,
        actor_id=query.actor_id,
        newest_first=query.order == "-seq",
    )
    return paginate(request, entries, query.page, query.page_size)


@router.post("/verify", response=VerifyOut, url_name="audit_verify")
def audit_verify_run(request: HttpRequest) -> dict[str, Any]:
    """Walk the whole chain and check the kept checkpoints; says where the log breaks, if it does."""
    _require_reader(request)
    check = audit_check(workers=1)
    result = check.chain
    return {
        "whole": check.whole,
        "summary": check.summary,
        "checked": result.checked,
        "head_seq": result.head_seq,
        "head_hash": result.head_hash,
        "broken": check.broken,
        "checkpoints": [_checkpoint_out(c) for c in check.checkpoints],
        "latest_checkpoint": _checkpoint_out(check.latest) if check.latest else None,
        "mirror_problem": check.mirror.problem,
    }


def _checkpoint_out(result: CheckpointResult) -> dict[str, Any]:
    return {
        "file": result.path.name,
        "head_seq": result.checkpoint.head_seq if result.checkpoint else None,
        "created_at": result.checkpoint.created_at if result.checkpoint else None,
        "ok": result.ok,
        "problem": result.problem,
    }
