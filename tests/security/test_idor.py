"""The access matrix: every role against every endpoint, with objects it must not reach.

Two cases nobody in the matrix is on: a case of another court, and a sealed case of the
matrix's own court. Every page and API endpoint that takes a case, a document, a participant
or a court is called by every role; each must answer as if the object did not exist (404; 403
where the object is a court the caller may know of) and change nothing: no event, no audit
entry, no participant, no document, no stored file. Anonymous callers are sent to log in (pages)
or get 401 (API).

A module that adds an endpoint taking such an object adds it to ``ENDPOINTS``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files import File
from django.db import transaction
from django.test import Client

from adalat.accounts import access
from adalat.accounts.models import User
from adalat.audit.models import AuditEntry
from adalat.cases.models import Case, CaseEvent, CaseLink, Handover, Participant
from adalat.core.roles import Role
from adalat.documents import services as document_services
from adalat.documents.models import Blob, CustodyEntry, Document, DocumentVersion
from adalat.organizations.models import Organization
from adalat.restraint.models import Measure, Motion
from tests.accounts.factories import UserFactory, browser, member
from tests.api.clients import api_client
from tests.cases.factories import register
from tests.conftest import World
from tests.documents.samples import PDF
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Target:
    case: Case
    document: Document
    participant: Participant
    court: Organization
    link: CaseLink
    measure: Measure


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str  # {case}, {document}, {participant}, {court}, {link}, {visible}
    api: bool
    body: Callable[[Target, World], dict[str, Any]] | None = None
    multipart: bool = False
    # What a signed-in caller who must not reach the object gets.
    refused: frozenset[int] = field(default=frozenset({404}))


def _pdf(name: str = "evil.pdf") -> io.BytesIO:
    upload = io.BytesIO(PDF)
    upload.name = name
    return upload


ENDPOINTS = [
    # pages
    Endpoint("case page", "get", "/cases/{case}/", api=False),
    Endpoint(
        "transition",
        "post",
        "/cases/{case}/transition/",
        api=False,
        body=lambda t, w: {"action": "accept", "expected_version": t.case.version},
    ),
    Endpoint(
        "assign judge",
        "post",
        "/cases/{case}/judge/",
        api=False,
        body=lambda t, w: {"judge": w.other_judge.pk, "expected_version": t.case.version},
    ),
    Endpoint(
        "add participant",
        "post",
        "/cases/{case}/participants/",
        api=False,
        body=lambda t, w: {"add-role": "witness", "add-kind": "person", "add-name": "Intruder"},
    ),
    Endpoint(
        "remove participant",
        "post",
        "/cases/{case}/participants/{participant}/remove/",
        api=False,
        body=lambda t, w: {"reason": "x"},
    ),
    Endpoint(
        "act on a participant",
        "post",
        "/cases/{case}/participants/{participant}/act/",
        api=False,
        body=lambda t, w: {"action": "charge"},
    ),
    Endpoint("give instruction", "post", "/cases/{case}/instructions/", api=False, body=lambda t, w: {"text": "x"}),
    Endpoint(
        "file petition",
        "post",
        "/cases/{case}/petitions/",
        api=False,
        body=lambda t, w: {"kind": "motion", "text": "x"},
    ),
    Endpoint(
        "apply measure",
        "post",
        "/cases/{case}/measures/",
        api=False,
        body=lambda t, w: {"kind": "travel_ban", "participant": t.participant.pk},
    ),
    Endpoint(
        "move for measure",
        "post",
        "/cases/{case}/measures/motion/",
        api=False,
        body=lambda t, w: {"kind": "bail", "participant": t.participant.pk, "note": "x", "court": t.court.pk},
    ),
    Endpoint(
        "extend measure", "post", "/cases/{case}/measures/{measure}/extend/", api=False, body=lambda t, w: {"term": 1}
    ),
    Endpoint(
        "end measure", "post", "/cases/{case}/measures/{measure}/end/", api=False, body=lambda t, w: {"end": "lifted"}
    ),
    Endpoint(
        "decide motion",
        "post",
        "/cases/{case}/motion/decision/",
        api=False,
        body=lambda t, w: {"granted": "yes", "reasons": "x"},
    ),
    Endpoint("receive", "post", "/cases/{case}/receive/", api=False, body=lambda t, w: {"expected_version": 1}),
    Endpoint(
        "return", "post", "/cases/{case}/return/", api=False, body=lambda t, w: {"expected_version": 1, "reason": "x"}
    ),
    Endpoint(
        "link",
        "post",
        "/cases/{case}/links/",
        api=False,
        body=lambda t, w: {"link-kind": "motion", "link-number": t.case.number},
    ),
    Endpoint("remove link", "post", "/cases/{case}/links/{link}/remove/", api=False),
    Endpoint("documents section", "get", "/cases/{case}/documents/", api=False),
    Endpoint(
        "record custody",
        "post",
        "/cases/{case}/documents/{document}/custody/",
        api=False,
        body=lambda t, w: {"action": "copied", "counterpart": "Intruder"},
    ),
    Endpoint(
        "api record custody",
        "post",
        "/api/v1/cases/{case}/documents/{document}/custody",
        api=True,
        body=lambda t, w: {"action": "copied", "counterpart": "Intruder"},
    ),
    Endpoint(
        "upload document",
        "post",
        "/cases/{case}/documents/",
        api=False,
        body=lambda t, w: {"title": "Evil", "file": _pdf()},
        multipart=True,
    ),
    Endpoint(
        "upload version",
        "post",
        "/cases/{case}/documents/{document}/versions/",
        api=False,
        body=lambda t, w: {"note": "x", "file": _pdf()},
        multipart=True,
    ),
    Endpoint("download", "get", "/cases/{case}/documents/{document}/versions/1/", api=False),
    Endpoint(
        "sign version",
        "post",
        "/cases/{case}/documents/{document}/versions/1/sign/",
        api=False,
        body=lambda t, w: {"confirm": "yes"},
    ),
    Endpoint("progress page", "get", "/progress/?court={court}", api=False, refused=frozenset({403, 404})),
    # API
    Endpoint("api case", "get", "/api/v1/cases/{case}", api=True),
    Endpoint("api events", "get", "/api/v1/cases/{case}/events", api=True),
    Endpoint("api deadlines", "get", "/api/v1/cases/{case}/deadlines", api=True),
    Endpoint("api participants", "get", "/api/v1/cases/{case}/participants", api=True),
    Endpoint(
        "api add participant",
        "post",
        "/api/v1/cases/{case}/participants",
        api=True,
        body=lambda t, w: {"role": "witness", "party": {"kind": "person", "name": "Intruder"}},
    ),
    Endpoint("api remove participant", "delete", "/api/v1/cases/{case}/participants/{participant}", api=True),
    Endpoint("api acts", "get", "/api/v1/cases/{case}/acts", api=True),
    Endpoint("api instructions", "get", "/api/v1/cases/{case}/instructions", api=True),
    Endpoint("api petitions", "get", "/api/v1/cases/{case}/petitions", api=True),
    Endpoint(
        "api file petition",
        "post",
        "/api/v1/cases/{case}/petitions",
        api=True,
        body=lambda t, w: {"kind": "motion", "text": "x"},
    ),
    Endpoint("api measures", "get", "/api/v1/cases/{case}/measures", api=True),
    Endpoint(
        "api apply measure",
        "post",
        "/api/v1/cases/{case}/measures",
        api=True,
        body=lambda t, w: {"kind": "travel_ban", "participant": t.participant.pk},
    ),
    Endpoint(
        "api extend measure",
        "post",
        "/api/v1/cases/{case}/measures/{measure}/extend",
        api=True,
        body=lambda t, w: {"term": 1},
    ),
    Endpoint(
        "api end measure",
        "post",
        "/api/v1/cases/{case}/measures/{measure}/end",
        api=True,
        body=lambda t, w: {"end": "lifted"},
    ),
    Endpoint(
        "api move for measure",
        "post",
        "/api/v1/cases/{case}/motions",
        api=True,
        body=lambda t, w: {"kind": "bail", "participant": t.participant.pk, "grounds": "x"},
    ),
    Endpoint(
        "api decide motion",
        "post",
        "/api/v1/cases/{case}/motion/decision",
        api=True,
        body=lambda t, w: {"granted": True, "reasons": "x"},
    ),
    Endpoint(
        "api measure through a visible case",
        "post",
        "/api/v1/cases/{visible}/measures/{measure}/end",
        api=True,
        body=lambda t, w: {"end": "lifted"},
    ),
    Endpoint(
        "api give instruction",
        "post",
        "/api/v1/cases/{case}/instructions",
        api=True,
        body=lambda t, w: {"text": "x"},
    ),
    Endpoint(
        "api act",
        "post",
        "/api/v1/cases/{case}/acts",
        api=True,
        body=lambda t, w: {"participant": t.participant.pk, "action": "charge"},
    ),
    Endpoint("api transitions", "get", "/api/v1/cases/{case}/transitions", api=True),
    Endpoint(
        "api transition", "post", "/api/v1/cases/{case}/transitions", api=True, body=lambda t, w: {"action": "accept"}
    ),
    Endpoint(
        "api assign judge", "put", "/api/v1/cases/{case}/judge", api=True, body=lambda t, w: {"judge": w.other_judge.pk}
    ),
    Endpoint("api numbers", "get", "/api/v1/cases/{case}/numbers", api=True),
    Endpoint("api handovers", "get", "/api/v1/cases/{case}/handovers", api=True),
    Endpoint("api workflow", "get", "/api/v1/cases/{case}/workflow", api=True),
    Endpoint("api receive", "post", "/api/v1/cases/{case}/receive", api=True, body=lambda t, w: {}),
    Endpoint("api return", "post", "/api/v1/cases/{case}/return", api=True, body=lambda t, w: {"reason": "x"}),
    Endpoint("api links", "get", "/api/v1/cases/{case}/links", api=True),
    Endpoint(
        "api link", "post", "/api/v1/cases/{case}/links", api=True, body=lambda t, w: {"kind": "motion", "other": 1}
    ),
    Endpoint("api remove link", "delete", "/api/v1/cases/{case}/links/{link}", api=True),
    Endpoint("api documents", "get", "/api/v1/cases/{case}/documents", api=True),
    Endpoint(
        "api upload document",
        "post",
        "/api/v1/cases/{case}/documents",
        api=True,
        body=lambda t, w: {"title": "Evil", "file": _pdf()},
        multipart=True,
    ),
    Endpoint("api document", "get", "/api/v1/cases/{case}/documents/{document}", api=True),
    Endpoint(
        "api upload version",
        "post",
        "/api/v1/cases/{case}/documents/{document}/versions",
        api=True,
        body=lambda t, w: {"note": "x", "file": _pdf()},
        multipart=True,
    ),
    Endpoint("api download", "get", "/api/v1/cases/{case}/documents/{document}/versions/1/content", api=True),
    Endpoint("api sign version", "post", "/api/v1/cases/{case}/documents/{document}/versions/1/sign", api=True),
    Endpoint("api progress", "get", "/api/v1/progress?court={court}", api=True, refused=frozenset({403, 404})),
    # the same document through a case the caller may see: ids must be checked together
    Endpoint("document through a visible case", "get", "/cases/{visible}/documents/{document}/versions/1/", api=False),
    Endpoint("api document through a visible case", "get", "/api/v1/cases/{visible}/documents/{document}", api=True),
    Endpoint(
        "sign through a visible case",
        "post",
        "/cases/{visible}/documents/{document}/versions/1/sign/",
        api=False,
        body=lambda t, w: {"confirm": "yes"},
    ),
    Endpoint(
        "api sign through a visible case",
        "post",
        "/api/v1/cases/{visible}/documents/{document}/versions/1/sign",
        api=True,
    ),
    Endpoint(
        "api participant through a visible case",
        "delete",
        "/api/v1/cases/{visible}/participants/{participant}",
        api=True,
    ),
    Endpoint("link through a visible case", "post", "/cases/{visible}/links/{link}/remove/", api=False),
    Endpoint("api link through a visible case", "delete", "/api/v1/cases/{visible}/links/{link}", api=True),
    # a case out of reach named as the other end of a link from a case the caller may see
    Endpoint(
        "api link to a case out of reach",
        "post",
        "/api/v1/cases/{visible}/links",
        api=True,
        body=lambda t, w: {"kind": "motion", "other": t.case.pk},
        refused=frozenset({403, 404, 422}),
    ),
    Endpoint(
        "link to a case out of reach",
        "post",
        "/cases/{visible}/links/",
        api=False,
        body=lambda t, w: {"link-kind": "motion", "link-number": t.case.number},
        refused=frozenset({403, 404, 422}),
    ),
]


@dataclass
class Matrix:
    world: World
    targets: dict[str, Target]
    visible: Case  # a case of the matrix court every court member sees
    callers: dict[str, User]


def _target(world: World, case: Case, clerk: User) -> Target:
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        document = document_services.document_upload(
            actor=clerk, case=locked, title="Indictment", file=File(_pdf("indictment.pdf")), filename="indictment.pdf"
        )
    main = register(clerk=clerk, court=case.holder)
    link = CaseLink.objects.create(
        source=case, target=main, kind="motion", created_at=case.registered_at, created_by=clerk
    )
    participant = Participant.objects.get(case=case)
    measure = Measure.objects.create(
        case=case, participant=participant, kind="travel_ban", started_at=case.registered_at, applied_by=clerk
    )
    return Target(case=case, document=document, participant=participant, court=case.holder, link=link, measure=measure)


@pytest.fixture
def matrix(world: World) -> Matrix:
    clerk2 = member(world.court, Role.CLERK, username="clerk2")
    elsewhere = register(clerk=world.other_clerk, court=world.other_court, judge=world.other_judge)
    sealed = register(clerk=clerk2, court=world.court, judge=world.judge2, confidentiality="sealed")
    visible = register(clerk=clerk2, court=world.court, judge=world.judge2)
    office = OrganizationFactory(code="IB01", kind=Organization.Kind.INVESTIGATIVE_BODY)
    ministry = OrganizationFactory(code="MIN", kind=Organization.Kind.MINISTRY)
    authority = OrganizationFactory(code="CA", kind=Organization.Kind.CENTRAL_AUTHORITY)
    admin = member(ministry, Role.ADMIN, username="admin", is_superuser=True, is_staff=True)
    callers = {
        "clerk": world.clerk,
        "judge": world.judge,
        "chair": world.chair,
        "prosecutor": world.prosecutor,
        "investigator": member(office, Role.INVESTIGATOR, username="investigator"),
        "lawyer": world.lawyer,
        "party": UserFactory(username="party"),
        "statistician": member(ministry, Role.STATISTICIAN, username="statistician"),
        "officer": member(authority, Role.OFFICER, username="officer"),
        "admin": admin,
    }
    return Matrix(
        world=world,
        targets={"other court": _target(world, elsewhere, world.other_clerk), "sealed": _target(world, sealed, clerk2)},
        visible=visible,
        callers=callers,
    )


def _state() -> tuple[int, ...]:
    return (
        CaseLink.objects.filter(removed_at__isnull=True).count(),
        Handover.objects.count(),
        CaseEvent.objects.count(),
        AuditEntry.objects.count(),
        Participant.objects.filter(removed_at__isnull=True).count(),
        Document.objects.count(),
        CustodyEntry.objects.count(),
        DocumentVersion.objects.count(),
        Blob.objects.count(),
        sum(Case.objects.values_list("version", flat=True)),
        Measure.objects.filter(ended_at__isnull=True).count(),
        Motion.objects.count(),
    )


def _client(user: User | None, api: bool) -> Client:
    if user is None:
        return Client()
    if api:
        return api_client(user)
    return browser(user)


def _call(client: Client, endpoint: Endpoint, target: Target, matrix: Matrix) -> Any:
    path = endpoint.path.format(
        case=target.case.pk,
        document=target.document.pk,
        participant=target.participant.pk,
        court=target.court.pk,
        link=target.link.pk,
        measure=target.measure.pk,
        visible=matrix.visible.pk,
    )
    body = endpoint.body(target, matrix.world) if endpoint.body else None
    if endpoint.method == "get":
        return client.get(path)
    if endpoint.multipart or not endpoint.api:
        return getattr(client, endpoint.method)(path, body or {})
    return getattr(client, endpoint.method)(path, body or {}, content_type="application/json")


CALLERS = [
    "clerk",
    "judge",
    "chair",
    "prosecutor",
    "investigator",
    "lawyer",
    "party",
    "statistician",
    "officer",
    "admin",
]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
def test_no_role_reaches_a_case_it_is_not_on(matrix: Matrix, endpoint: Endpoint) -> None:
    failures = []
    for target_name, target in matrix.targets.items():
        if endpoint.refused == frozenset({403, 404}) and target_name == "sealed":
            continue  # a court-wide endpoint: the sealed case's court is the callers' own
        for caller_name in CALLERS:
            user = matrix.callers[caller_name]
            client = _client(user, endpoint.api)
            before = _state()
            response = _call(client, endpoint, target, matrix)
            if response.status_code not in endpoint.refused or _state() != before:
                failures.append(f"{caller_name} → {target_name}: {response.status_code}")
    assert failures == [], f"{endpoint.name}: " + "; ".join(failures)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
def test_anonymous_callers_are_sent_to_log_in(matrix: Matrix, endpoint: Endpoint) -> None:
    target = matrix.targets["other court"]
    before = _state()
    response = _call(_client(None, endpoint.api), endpoint, target, matrix)
    if endpoint.api:
        assert response.status_code == 401
    else:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert _state() == before


def test_the_matrix_cases_are_out_of_reach_of_every_caller(matrix: Matrix) -> None:
    """The premise of the matrix: none of its callers is on the target cases or staffs their court."""
    for user in matrix.callers.values():
        for target in matrix.targets.values():
            assert not access.can_view_case(User.objects.get(pk=user.pk), target.case), user.username


def test_a_party_id_from_a_case_out_of_reach_cannot_be_attached(matrix: Matrix) -> None:
    """Attaching a known party by id would show its identity and contacts: only parties the
    caller already sees on some case (or the public registers) may be attached."""
    hidden = matrix.targets["other court"].participant.party
    visible_party = Participant.objects.get(case=matrix.visible).party
    client = _client(matrix.world.clerk, api=True)
    before = _state()
    response = client.post(
        f"/api/v1/cases/{matrix.visible.pk}/participants",
        {"role": "witness", "party_id": hidden.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"party_id"}
    assert _state() == before
    response = client.post(
        f"/api/v1/cases/{matrix.visible.pk}/participants",
        {"role": "witness", "party_id": visible_party.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
