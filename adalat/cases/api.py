"""REST endpoints of the cases module, mounted by adalat.api."""

from ninja import Router

router = Router(tags=["cases"])
