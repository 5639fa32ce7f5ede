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
DOCUMENT_SIGN = "document.sign"  # the pack says who signs documents in Adalat (its officials)


class DocumentFiled(Payload):
    document: int
    version: int
    sha256: str
    size: int
    content_type: str


class CustodyRecorded(Payload):
    document: int
    entry: int
    action: str


class DocumentSigned(Payload):
    document: int
    version: int  # the version signed
    signed_version: int  # the version that holds the signature: a new one for a PDF, the same otherwise
    sha256: str  # the signed version's content
    kind: str
    certificate: str  # the signer's certificate's serial number (hexadecimal)


def upload_rule(person: User | None, case: Case) -> bool:
    return access.pack_permits(person, DOCUMENT_UPLOAD, case)


def read_rule(person: User | None, document: Document) -> bool:
    case = document.case
    return access.can_view_case(person, case) and document.stage not in hidden_stages(user=person, case=case)


def sign_rule(person: User | None, case: Case) -> bool:
    """Someone acting on the case in a role the pack lets sign (whether they hold a certificate is
    the service's question, answered with its own message)."""
    return access.pack_permits(person, DOCUMENT_SIGN, case)
