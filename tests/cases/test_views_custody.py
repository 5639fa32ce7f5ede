"""Hand-overs and links on the screens: the step with its choice of receiver, the notice while the
case is on its way, the incoming list, receiving and returning, and linking cases by number."""

from __future__ import annotations

import pytest
from django.test import Client

from adalat.cases.models import Case, CaseLink
from tests.cases.pretrial import Pretrial, report, step

pytestmark = pytest.mark.django_db


def html(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def test_the_investigator_chooses_where_to_send_the_case(client: Client, pretrial: Pretrial) -> None:
    p = pretrial
    case = step(p.investigator, report(p), "open_investigation")
    client.force_login(p.investigator)
    page = html(client.get(f"/cases/{case.pk}/"))
    assert 'name="receiver"' in page and ">City Police<" not in page.split('name="receiver"')[1].split("</select>")[0]
    assert f'<option value="{p.office.pk}">District Prosecutor</option>' in page

    refused = client.post(
        f"/cases/{case.pk}/transition/",
        {"action": "send_to_prosecutor", "expected_version": case.version, "receiver": p.world.court.pk},
    )
    assert refused.status_code == 422 and "Select a valid choice." in html(refused)

    sent = client.post(
        f"/cases/{case.pk}/transition/",
        {"action": "send_to_prosecutor", "expected_version": case.version, "receiver": p.office.pk},
        follow=True,
    )
    page = html(sent)
    assert "The case is sent to District Prosecutor." in page
    assert "The case is on its way to District Prosecutor." in page
    assert f'action="/cases/{case.pk}/transition/"' not in page  # no step while it travels


def test_the_prosecutor_receives_from_the_incoming_list(client: Client, pretrial: Pretrial) -> None:
    p = pretrial
    case = step(p.investigator, report(p), "open_investigation")
    case = step(p.investigator, case, "send_to_prosecutor", receiver=p.office)
    client.force_login(p.prosecutor)
    work = html(client.get("/work/"))
    assert "1 case is on its way to you." in work and work.index("Incoming cases") < work.index("Overdue deadlines")
    incoming = html(client.get("/incoming/"))
    assert f'<a href="/cases/{case.pk}/">{case.number}</a>' in incoming and "City Police" in incoming
    page = html(client.get(f"/cases/{case.pk}/"))
    assert "Receive the case" in page and "Return it to the sender" in page
    received = client.post(f"/cases/{case.pk}/receive/", {"expected_version": case.version}, follow=True)
    assert f"The case is received; its number is {case.number}." in html(received)
    assert Case.objects.get(pk=case.pk).holder == p.office
    assert "No case is on its way to you." in html(client.get("/incoming/"))
    # a second click on a page left open: the case is no longer on its way
    again = client.post(f"/cases/{case.pk}/receive/", {"expected_version": case.version}, follow=True)
    assert "The case is not on its way anywhere" in html(again)


def test_returning_needs_a_reason_said_beside_the_field(client: Client, pretrial: Pretrial) -> None:
    p = pretrial
    case = step(p.investigator, report(p), "open_investigation")
    case = step(p.investigator, case, "send_to_prosecutor", receiver=p.office)
    client.force_login(p.prosecutor)
    refused = client.post(f"/cases/{case.pk}/return/", {"expected_version": case.version, "reason": ""})
    assert refused.status_code == 422 and "Say why the case is returned." in html(refused)
    returned = client.post(
        f"/cases/{case.pk}/return/", {"expected_version": case.version, "reason": "Unsigned"}, follow=True
    )
    assert returned.redirect_chain[-1][0] == "/incoming/"
    assert "The case is returned to the organization that sent it." in html(returned)
    client.force_login(p.investigator)
    page = html(client.get(f"/cases/{case.pk}/"))
    assert "returned the case from District Prosecutor. Reason: Unsigned" in page


def test_cases_are_linked_by_number_on_the_page(client: Client, pretrial: Pretrial) -> None:
    p = pretrial
    main, part = report(p), report(p)
    client.force_login(p.investigator)
    unknown = client.post(f"/cases/{part.pk}/links/", {"link-kind": "severed", "link-number": "NOPE-1"})
    assert unknown.status_code == 422 and "No case you can see has this number." in html(unknown)
    linked = client.post(
        f"/cases/{part.pk}/links/", {"link-kind": "severed", "link-number": main.number.lower()}, follow=True
    )
    assert "The cases are linked." in html(linked)
    main_page = html(client.get(f"/cases/{main.pk}/"))
    assert f'Severed into:\n    <a href="/cases/{part.pk}/">{part.number}</a>' in main_page
    link = CaseLink.objects.get()
    removed = client.post(f"/cases/{main.pk}/links/{link.pk}/remove/", follow=True)
    assert "The link is removed." in html(removed) and "No linked cases." in html(removed)
