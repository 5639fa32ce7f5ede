"""Criminal cases before trial, written through the services as the investigators and prosecutors
would write them today, each act signed by its author: reports registered by each region's
investigative body, investigations under way or suspended, cases on their way to the prosecutor or
with them, and cases sent to a district court, some waiting in its incoming list, some received
there with the court's number. (The bulk loader writes histories within one court.)"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.core.files.base import ContentFile

from adalat.accounts.models import Membership, User
from adalat.cases import custody, selectors, services
from adalat.cases.models import Case
from adalat.cases.services import ParticipantData, PartyData
from adalat.core import clock
from adalat.documents.services import document_upload, document_version_sign
from adalat.jurisdictions.current import get_pack
from adalat.organizations.models import Organization
from adalat.restraint import services as restraint
from adalat.supervision.services import instruction_answer, instruction_give

from . import names
from .country import REGIONS, Country
from .papers import PAPERS
from .subjects import case_subject

KIND = "criminal"
REPORT = "crime_report"  # the paper a report of an offence is registered with


@dataclass(frozen=True)
class Story:
    """How far a case has gone: the steps after registration, in order."""

    steps: tuple[str, ...]
    count: int


# Per region: most cases are being investigated; a few have moved on.
STORIES = (
    Story((), 4),
    Story(("charge",), 1),
    Story(("suspend_investigation",), 1),
    Story(("charge", "send_to_prosecutor"), 1),
    Story(("charge", "send_to_prosecutor", "receive"), 2),
    Story(("charge", "send_to_prosecutor", "receive", "send_to_court"), 2),
    Story(("charge", "send_to_prosecutor", "receive", "send_to_court", "receive"), 1),
)


def _staff(organization: Organization, role: str) -> User:
    """The account of ``role`` at ``organization`` (the demo has one each)."""
    return Membership.objects.select_related("user").get(organization=organization, role=role, is_active=True).user


def _file(actor: User, case: Case, paper: str, language: str) -> None:
    """File ``paper`` and sign it, as its author."""
    found = PAPERS[paper]
    document = document_upload(
        actor=actor,
        case=case,
        title=found.title[language],
        file=ContentFile(found.pdf(language)),
        filename=found.filename(language),
    )
    document_version_sign(actor=actor, version=document.versions.get(number=1))


def _person(rng: random.Random, role: str, cyrillic: bool) -> ParticipantData:
    person = names.person(rng, cyrillic=cyrillic)
    return ParticipantData(role=role, party=PartyData(kind="person", name=person.name), keep_new=True)


def pretrial_cases(*, country: Country, rng: random.Random) -> int:
    """Register and move the pre-trial cases of every region; returns how many were registered.
    The caller owns the transaction."""
    kind = get_pack().kind(KIND)
    registered = 0
    for region in REGIONS:
        office = country.organizations[region.prosecutor]
        body = country.organizations[region.investigators]
        investigator, prosecutor = _staff(body, "investigator"), _staff(office, "prosecutor")
        court = country.organizations[region.towns[0][0]]  # the region's first district court
        clerk = country.clerks[court.code]
        today = clock.today_in(body.time_zone)
        for story in STORIES:
            for n in range(story.count):
                cyrillic = rng.random() < 0.6
                language = "ru" if cyrillic else "en"
                subject = case_subject(rng, kind, russian=cyrillic)
                participants = [_person(rng, "suspect", cyrillic), _person(rng, "victim", cyrillic)]
                participants.append(ParticipantData(role="prosecutor", organization_id=office.pk))
                case = services.case_register(
                    actor=investigator,
                    organization=body,
                    kind=KIND,
                    title=subject.title,
                    received_on=today - dt.timedelta(days=rng.randint(0, 40)),
                    articles=subject.articles,
                    participants=participants,
                    language=language,
                )
                _file(investigator, case, REPORT, language)
                registered += 1
                if story.steps in ((), ("charge",)) and n == 0:  # the prosecutor's instruction, answered or not
                    _instruct(case, prosecutor, investigator, answered=not story.steps, language=language)
                if not story.steps and n < len(CUSTODY):  # a suspect arrested, then a motion for detention
                    judge = country.judges[court.code][0]
                    _custody(case, CUSTODY[n], investigator=investigator, clerk=clerk, judge=judge, court=court)
                people = {"investigator": investigator, "prosecutor": prosecutor, "clerk": clerk}
                _walk(
                    case,
                    story.steps,
                    people=people,
                    receivers={"prosecutor": office, "court": court},
                    language=language,
                )
    return registered


INSTRUCTION = {
    "en": (
        "Question the victim again about the time of the offence and attach the record.",
        "Done; the record is attached.",
    ),
    "ru": (
        "Повторно допросить потерпевшего о времени совершения преступления и приобщить протокол.",
        "Исполнено, протокол приобщён.",
    ),
}


def _instruct(case: Case, prosecutor: User, investigator: User, *, answered: bool, language: str) -> None:
    text, answer = INSTRUCTION[language]
    instruction = instruction_give(
        actor=prosecutor, case=selectors.case_get(user=prosecutor, case_id=case.pk, for_update=True), text=text
    )
    if answered:
        selectors.case_get(user=investigator, case_id=case.pk, for_update=True)
        instruction_answer(actor=investigator, instruction=instruction, answer=answer)


# How far the custody of the first suspects of each region has gone: arrested; a motion for their
# detention in the court's incoming list; detention ordered for nine days, so that the motion to
# extend it is due within two days and the warnings show.
CUSTODY = ("arrested", "moved", "detained")
GROUNDS = "The suspect has no fixed address and may flee or put pressure on the victim."


def _custody(case: Case, how: str, *, investigator: User, clerk: User, judge: User, court: Organization) -> None:
    suspect = case.participants.get(role="suspect", removed_at__isnull=True)
    locked = selectors.case_get(user=investigator, case_id=case.pk, for_update=True)
    restraint.measure_apply(actor=investigator, case=locked, kind="arrest", participant_id=suspect.pk, term=72)
    if how == "arrested":
        return
    locked = selectors.case_get(user=investigator, case_id=case.pk, for_update=True)
    motion = restraint.motion_file(
        actor=investigator,
        case=locked,
        kind="detention",
        participant_id=suspect.pk,
        term=60,
        grounds=GROUNDS,
        court=court,
    )
    if how == "moved":
        return
    custody.handover_receive(
        actor=clerk, case=selectors.case_get(user=clerk, case_id=motion.motion_case_id, for_update=True)
    )
    services.case_assign_judge(
        actor=clerk, case=selectors.case_get(user=clerk, case_id=motion.motion_case_id, for_update=True), judge=judge
    )
    restraint.motion_decide(
        actor=judge,
        motion_case=selectors.case_get(user=judge, case_id=motion.motion_case_id, for_update=True),
        granted=True,
        term=9,
        reasons="The grounds are made out; nine days to finish the urgent acts.",
    )


def _walk(
    case: Case, steps: tuple[str, ...], *, people: dict[str, User], receivers: dict[str, Organization], language: str
) -> None:
    """Take ``steps``: a transition of the pack, ``charge`` (the suspect), or ``receive`` by the
    organization the case was just sent to. The prosecutor files the indictment before sending the
    case to court."""
    acting = people["investigator"]
    for step in steps:
        if step == "charge":
            locked = selectors.case_get(user=acting, case_id=case.pk, for_update=True)
            suspect = locked.participants.get(role="suspect", removed_at__isnull=True)
            services.participant_role_change(actor=acting, case=locked, participant_id=suspect.pk, action=step)
            continue
        if step == "receive":
            acting = people["prosecutor"] if acting is people["investigator"] else people["clerk"]
            custody.handover_receive(
                actor=acting, case=selectors.case_get(user=acting, case_id=case.pk, for_update=True)
            )
            continue
        if step == "send_to_court":
            _file(acting, selectors.case_get(user=acting, case_id=case.pk), "indictment", language)
        receiver = {"send_to_prosecutor": receivers["prosecutor"], "send_to_court": receivers["court"]}.get(step)
        locked = selectors.case_get(user=acting, case_id=case.pk, for_update=True)
        services.case_transition(actor=acting, case=locked, action=step, receiver=receiver)
