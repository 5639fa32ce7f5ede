"""The defence's motions and complaints before trial: a motion answered by the investigator, a
complaint by the supervising prosecutor, each within the pack's time and the answer a signed act;
through the services, the API and the case page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.test import Client

from adalat.cases import selectors as case_selectors
from adalat.cases.models import Case, CaseEvent
from adalat.core.errors import Conflict, PermissionDenied, ValidationFailed
from adalat.documents.models import Signature
from adalat.petitions import services
from adalat.petitions.models import Petition
from tests.api.clients import api_client, error_fields
from tests.api.state import database_state
from tests.restraint.conftest import Held
from tests.signing.factories import issue

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)  # 15:00 in Almaty


def file(held: Held, kind: str = "motion", text: str = "Question the witness Kim again.") -> Petition:
    with transaction.atomic():
        case = case_selectors.case_get(user=held.world.lawyer, case_id=held.case.pk, for_update=True)
        return services.petition_file(actor=held.world.lawyer, case=case, kind=kind, text=text)


def answer(held: Held, petition: Petition, actor: object, outcome: str = "granted") -> Petition:
    with transaction.atomic():
        case = case_selectors.case_get(user=actor, case_id=held.case.pk, for_update=True)  # type: ignore[arg-type]
        found = case.petitions.get(pk=petition.pk)
        return services.petition_answer(actor=actor, petition=found, outcome=outcome, answer="Done on Monday.")  # type: ignore[arg-type]


@time_machine.travel(FRIDAY, tick=False)
def test_a_motion_is_answered_by_the_investigator_within_three_working_days(held: Held) -> None:
    petition = file(held)
    assert petition.due_on == dt.date(2026, 11, 25)
    with pytest.raises(PermissionDenied):
        answer(held, petition, held.world.prosecutor)  # a motion is the investigator's to answer
    answered = answer(held, petition, held.investigator, "partly")
    assert (answered.outcome, answered.answered_by) == ("partly", held.investigator)
    assert answered.answer_document is not None and answered.answer_document.case_id == held.case.pk
    codes = list(CaseEvent.objects.filter(case=held.case, code__startswith="petition_").values_list("code", flat=True))
    assert codes == ["petition_filed", "petition_answered"]
    with pytest.raises(Conflict):
        answer(held, petition, held.investigator)


def test_a_complaint_is_answered_by_the_supervising_prosecutor_in_a_signed_act(held: Held, authority: object) -> None:
    issue(held.world.prosecutor)
    complaint = file(held, "complaint", "The investigator refuses to let me read the expert's report.")
    with pytest.raises(PermissionDenied):
        answer(held, complaint, held.investigator)
    answered = answer(held, complaint, held.world.prosecutor, "refused")
    document = answered.answer_document
    assert document is not None and document.title.startswith("Answer: Complaint")
    assert [s.signer for s in Signature.objects.filter(version__document=document)] == [held.world.prosecutor]


def test_only_the_parties_and_their_lawyers_file_and_bad_input_changes_nothing(held: Held) -> None:
    w = held.world
    before = database_state()
    with transaction.atomic(), pytest.raises(PermissionDenied):
        services.petition_file(actor=held.investigator, case=held.case, kind="motion", text="x")
    for kind, text, field in (("appeal", "x", "kind"), ("motion", "  ", "text"), ("motion", "x" * 8001, "text")):
        with transaction.atomic(), pytest.raises(ValidationFailed) as refused:
            services.petition_file(actor=w.lawyer, case=held.case, kind=kind, text=text)
        assert set(refused.value.fields) == {field}
    assert database_state() == before and not Petition.objects.exists()


def test_the_api_and_the_case_page(client: Client, held: Held) -> None:
    lawyer = api_client(held.world.lawyer)
    url = f"/api/v1/cases/{held.case.pk}/petitions"
    filed = lawyer.post(
        url, {"kind": "motion", "text": "Order a second expert examination."}, content_type="application/json"
    )
    assert filed.status_code == 201, filed.content
    assert error_fields(lawyer.post(url, {"kind": "motion", "text": "a\ud800"}, content_type="application/json")) == {
        "text"
    }
    police = api_client(held.investigator)
    assert [p["id"] for p in police.get("/api/v1/petitions").json()] == [filed.json()["id"]]
    answered = police.post(
        f"{url}/{filed.json()['id']}/answer",
        {"outcome": "granted", "answer": "Ordered."},
        content_type="application/json",
    )
    assert answered.status_code == 200 and answered.json()["answer_document"] is not None
    client.force_login(held.world.lawyer)
    page = client.get(f"/cases/{held.case.pk}/").content.decode()
    assert "Motions and complaints" in page and "Ordered." in page and "File a motion or a complaint" in page
    refused = client.post(f"/cases/{held.case.pk}/petitions/", {"kind": "motion", "text": ""})
    assert refused.status_code == 422 and Petition.objects.count() == 1
    done = client.post(f"/cases/{held.case.pk}/petitions/", {"kind": "complaint", "text": "The search was unlawful."})
    assert done.status_code == 302 and Petition.objects.count() == 2
    client.force_login(held.world.prosecutor)
    assert "The search was unlawful." in client.get("/petitions/").content.decode()


def test_a_closed_case_offers_no_motion_and_takes_none(client: Client, held: Held) -> None:

    Case.objects.filter(pk=held.case.pk).update(status=Case.Status.CLOSED)
    client.force_login(held.world.lawyer)
    assert "File a motion or a complaint" not in client.get(f"/cases/{held.case.pk}/").content.decode()
    response = client.post(f"/cases/{held.case.pk}/petitions/", {"kind": "motion", "text": "Too late"})
    assert response.status_code in (302, 403) and not Petition.objects.exists()
