"""Who may file and read documents (decided in the one policy; see ``plugin``), and what the
events of filing hold."""

from __future__ import annotations

from adalat.accounts import access
from adalat.accounts.models import User
from adalat.cases.events import Payload
from adalat.cases.models import Case

from .models import Document
from .selectors import hidden_stages

OWNER = "documents"
DOCUMENT_UPLOAD = "document.upload"
DOCUMENT_READ = "document.read"  # on a document: the case's, and its stage's materials


class DocumentFiled(Payload):
    document: int
    version: int
    sha256: str
    size: int
    content_type: str


def upload_rule(person: User | None, case: Case) -> bool:
    return access.pack_permits(person, DOCUMENT_UPLOAD, case)


def read_rule(person: User | None, document: Document) -> bool:
    case = document.case
    return access.can_view_case(person, case) and document.stage not in hidden_stages(user=person, case=case)
