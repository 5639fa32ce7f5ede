from tests.cases.pretrial import pretrial
from tests.documents.samples import document_storage

__all__ = ["document_storage", "pretrial"]
