"""The case page's documents section: each version's signatures in plain words, and the "Sign"
form for those who may sign, with a confirmation and refusals beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from adalat.cases.models import Case
from adalat.documents.models import Document, Signature
from adalat.signing.models import Authority
from adalat.signing.services import certificate_revoke
from tests.api.people import case_with_lawyer
from tests.api.state import database_state
from tests.conftest import World
from tests.documents.samples import TEXT
from tests.documents.test_document_views import HTMX, add, browser, section_url
from tests.signing.factories import issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world: World, authority: Authority, document_storage: Path) -> Case:
    issue(world.judge)
    return case_with_lawyer(clerk=world.clerk, court=world.court, lawyer=world.lawyer, judge=world.judge)


def sign_url(case: Case, number: int = 1) -> str:
    return reverse("documents:sign", args=[case.pk, Document.objects.get().pk, number])


def test_a_judge_confirms_and_signs_and_everyone_on_the_case_sees_it(world: World, case: Case) -> None:
    add(browser(world.clerk), case)
    judge = browser(world.judge)
    page = judge.get(section_url(case), headers=HTMX).content.decode()
    assert sign_url(case) in page and 'name="confirm"' in page

    answer = judge.post(sign_url(case), {"confirm": "yes"}, headers=HTMX)

    html = answer.content.decode()
    assert answer.status_code == 200
    assert "the signed PDF is version 2" in html
    assert f"Signed by {world.judge.display_name}: valid" in html and "(time-stamped)" in html
    lawyer_view = browser(world.lawyer).get(section_url(case)).content.decode()
    assert f"Signed by {world.judge.display_name}: valid" in lawyer_view
    assert sign_url(case, 2) not in lawyer_view  # the lawyer reads but does not sign
    ru = browser(world.lawyer, headers={"Accept-Language": "ru"}).get(section_url(case)).content.decode()
    assert f"Подписано: {world.judge.display_name}" in ru and "действительна" in ru


def test_signing_needs_a_confirmation_and_a_certificate(world: World, case: Case) -> None:
    add(browser(world.clerk), case, data=TEXT, name="minutes.txt")
    judge, clerk = browser(world.judge), browser(world.clerk)
    before = database_state()

    unconfirmed = judge.post(sign_url(case))
    assert unconfirmed.status_code == 422 and "Confirm that you sign this version." in unconfirmed.content.decode()
    no_certificate = clerk.post(sign_url(case), {"confirm": "yes"})
    assert no_certificate.status_code == 409
    assert "You have no valid signing certificate" in no_certificate.content.decode()
    assert browser(world.lawyer).post(sign_url(case), {"confirm": "yes"}).status_code == 403
    assert browser(world.other_judge).post(sign_url(case), {"confirm": "yes"}).status_code == 404
    assert judge.post(sign_url(case, 5), {"confirm": "yes"}).status_code == 404
    assert judge.get(sign_url(case)).status_code == 405
    assert database_state() == before

    assert judge.post(sign_url(case), {"confirm": "yes"}).status_code == 302
    assert Signature.objects.get().version.number == 1


def test_a_revoked_signer_is_shown_as_not_valid(world: World, case: Case) -> None:
    add(browser(world.clerk), case, data=TEXT, name="minutes.txt")
    browser(world.judge).post(sign_url(case), {"confirm": "yes"})
    with transaction.atomic():
        certificate_revoke(actor=None, user=world.judge)
    html = browser(world.clerk).get(section_url(case)).content.decode()
    assert "not valid" in html and "The signer&#x27;s certificate was revoked." in html
