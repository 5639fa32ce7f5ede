"""Everything a refused request must leave as it was: rows, the audit log, stored files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from adalat.audit.models import AuditEntry
from adalat.cases.models import Case, CaseEvent, Deadline, Participant, Party
from adalat.documents.models import Blob, Document, DocumentVersion, Signature
from adalat.restraint.models import Measure, Motion


def database_state() -> dict[str, Any]:
    location = Path(settings.STORAGES["documents"]["OPTIONS"]["location"])
    return {
        "cases": list(Case.objects.order_by("pk").values_list("pk", "stage", "status", "judge_id", "version")),
        "participants": list(Participant.objects.order_by("pk").values_list("pk", "removed_at")),
        "parties": Party.objects.count(),
        "deadlines": Deadline.objects.count(),
        "events": CaseEvent.objects.count(),
        "audit": AuditEntry.objects.count(),
        "documents": list(Document.objects.order_by("pk").values_list("pk", "latest_version")),
        "versions": DocumentVersion.objects.count(),
        "blobs": Blob.objects.count(),
        "signatures": Signature.objects.count(),
        "measures": list(Measure.objects.order_by("pk").values_list("pk", "ends_at", "ended_at")),
        "motions": list(Motion.objects.order_by("pk").values_list("pk", "decided_at")),
        "files": sorted(str(p.relative_to(location)) for p in location.rglob("*") if p.is_file())
        if location.exists()
        else [],
    }
