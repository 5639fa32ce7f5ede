"""REST endpoints of the accounts module, mounted by adalat.api."""

from ninja import Router

router = Router(tags=["accounts"])
