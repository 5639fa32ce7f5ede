"""REST endpoints of the documents module, mounted by adalat.api."""

from ninja import Router

router = Router(tags=["documents"])
