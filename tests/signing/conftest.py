from tests.signing.factories import authority

__all__ = ["authority"]
