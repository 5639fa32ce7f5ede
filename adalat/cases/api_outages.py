"""REST endpoints of the outage register: anyone reads it; Adalat's operators record outages."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from adalat.accounts import access
from adalat.accounts.api_auth import require_scope
from adalat.core.api_input import Input

from .api import CASES_WRITE
from .models import Outage
from .outages import MAX_NOTE, outage_list, outage_record
from .rules import OUTAGE_RECORD

router = Router(tags=["outages"])
SHOWN = 500


class OutageOut(Schema):
    id: int
    started_at: dt.datetime
    ended_at: dt.datetime
    minutes: int
    note: str
    moved: int = Field(description="how many deadlines falling on a day it spoiled were moved to the next working day")


class OutageIn(Input):
    started_at: dt.datetime = Field(description="when Adalat became unavailable, with its time zone")
    ended_at: dt.datetime = Field(description="when it was available again; in the past")
    note: str = Field("", max_length=MAX_NOTE, description="what happened, published as written")


@router.get("", response=list[OutageOut], auth=None, url_name="outage_list")
def outages(request: HttpRequest) -> list[Outage]:
    """The latest outages first (public: no token needed)."""
    return list(outage_list()[:SHOWN])


@router.post("", response={201: OutageOut}, url_name="outage_record")
def outage_create(request: HttpRequest, payload: OutageIn) -> Status[Outage]:
    """Record and publish an outage that is over (operators); the deadlines of the days it spoiled
    move to the next working day, as the jurisdiction's rule says."""
    user = require_scope(request, CASES_WRITE)
    access.require(user, OUTAGE_RECORD)
    with transaction.atomic():
        outage = outage_record(actor=user, started_at=payload.started_at, ended_at=payload.ended_at, note=payload.note)
    return Status(201, outage)
