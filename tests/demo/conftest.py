"""Fixtures of the demo's tests."""

from tests.documents.samples import document_storage

__all__ = ["document_storage"]
