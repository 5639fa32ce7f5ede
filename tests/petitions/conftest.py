from tests.restraint.conftest import _own_storage, authority, document_storage, held

__all__ = ["_own_storage", "authority", "document_storage", "held"]
