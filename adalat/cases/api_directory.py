"""REST endpoint of the directory a participant is chosen from, mounted by adalat.api at
/api/v1/directory: the organizations in the system and the known parties the caller may attach,
by any words of their names; a participant is then added with ``organization_id`` or ``party_id``."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from adalat.accounts.api_auth import require_scope
from adalat.core.api_input import Input
from adalat.core.errors import ValidationFailed

from .api import CASES_READ
from .directory import Entry, directory_search, searchable

router = Router(tags=["cases"])


class DirectoryQuery(Input):
    q: str = Field(max_length=100, description="words of the name, or their starts, in any order")


class EntryOut(Schema):
    source: str = Field(description="organization or party")
    id: int = Field(description="give it as organization_id or party_id when adding a participant")
    name: str
    kind: str = Field(description="the kind of organization, or person / organization for a party")
    kind_label: str


@router.get("", response=list[EntryOut], url_name="directory")
def directory(request: HttpRequest, query: Query[DirectoryQuery]) -> list[Entry]:
    """The organizations, then the known parties the caller may attach, whose names have a word
    starting with each word of ``q`` (up to 10 of each, by name)."""
    user = require_scope(request, CASES_READ)
    if not searchable(query.q):
        raise ValidationFailed({"q": _("Give a word of two letters or more.")})
    return directory_search(user=user, query=query.q)
