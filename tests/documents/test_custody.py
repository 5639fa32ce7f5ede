"""Recordings of procedural acts are kept by their SHA-256 with a chain of custody: who received,
copied or handed them on, to or from whom, and when; on the documents' page and through the API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client

from adalat.cases.models import Case, CaseEvent
from adalat.core.errors import PermissionDenied, ValidationFailed
from adalat.documents import services
from adalat.documents.content import MP3, MP4, OGG, WAV, WEBM, inspect
from adalat.documents.models import CustodyEntry, Document
from tests.api.clients import api_client, error_fields
from tests.api.state import database_state
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(2000)


@pytest.fixture
def recording(world: World, document_storage: Path) -> Document:
    case = register(clerk=world.clerk, court=world.court, judge=world.judge)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        return services.document_upload(
            actor=world.clerk,
            case=locked,
            title="Interview of the witness",
            file=ContentFile(MP4_HEAD),
            filename="interview.mp4",
        )


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (MP4_HEAD, MP4),
        (b"\x1a\x45\xdf\xa3" + bytes(2000), WEBM),
        (b"ID3\x04\x00" + bytes(2000), MP3),
        (b"\xff\xfb\x90\x64" + bytes(2000), MP3),
        (b"RIFF\x24\x08\x00\x00WAVEfmt " + bytes(2000), WAV),
        (b"OggS\x00\x02" + bytes(2000), OGG),
    ],
)
def test_recordings_are_recognised_by_their_bytes(head: bytes, kind: object) -> None:
    assert inspect(ContentFile(head)).file_type is kind


def test_the_chain_of_custody_is_recorded_in_order_with_the_contents_hash(world: World, recording: Document) -> None:
    case = recording.case
    earlier = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    with transaction.atomic():
        services.custody_record(
            actor=world.clerk, document=recording, action="copied", counterpart="Defence lawyer", medium="USB drive"
        )
        services.custody_record(
            actor=world.clerk, document=recording, action="received", counterpart="District Police", happened_at=earlier
        )
    entries = list(recording.custody.order_by("happened_at").values_list("action", "counterpart", "medium"))
    assert entries == [("received", "District Police", ""), ("copied", "Defence lawyer", "USB drive")]
    assert CaseEvent.objects.filter(case=case, code="document_custody").count() == 2
    client = Client()
    client.force_login(world.clerk)
    page = client.get(f"/cases/{case.pk}/documents/").content.decode()
    sha256 = recording.versions.get().blob.sha256
    assert f"SHA-256 {sha256}" in page and "Chain of custody: 2 entries" in page and "USB drive" in page
    body = api_client(world.judge).get(f"/api/v1/cases/{case.pk}/documents").json()
    assert [e["action"] for e in body["items"][0]["custody"]] == ["received", "copied"]


def test_bad_entries_are_refused_naming_the_field_and_change_nothing(world: World, recording: Document) -> None:
    case = recording.case
    clerk = api_client(world.clerk)
    url = f"/api/v1/cases/{case.pk}/documents/{recording.pk}/custody"
    before = database_state()
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    for body, field in (
        ({"action": "lost", "counterpart": "X"}, "action"),
        ({"action": "copied", "counterpart": " "}, "counterpart"),
        ({"action": "copied", "counterpart": "X", "happened_at": future}, "happened_at"),
        ({"action": "copied", "counterpart": "X", "medium": "m" * 101}, "medium"),
    ):
        assert field in error_fields(clerk.post(url, body, content_type="application/json")), body
    with transaction.atomic(), pytest.raises(PermissionDenied):
        services.custody_record(actor=world.other_clerk, document=recording, action="copied", counterpart="X")
    with transaction.atomic(), pytest.raises(ValidationFailed):
        services.custody_record(actor=world.clerk, document=recording, action="copied", counterpart="X" * 301)
    assert database_state() == before and not CustodyEntry.objects.exists()
    assert (
        clerk.post(url, {"action": "handed_over", "counterpart": "Expert"}, content_type="application/json").status_code
        == 201
    )
