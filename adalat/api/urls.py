"""The API instance; each module contributes its router in ``adalat.api.routes``."""

from adalat.api.routes import api

__all__ = ["api"]
