from tests.documents.samples import document_storage
from tests.signing.factories import authority

__all__ = ["authority", "document_storage"]
