"""Who holds a case, and how it relates to other cases.

A case is held by one organization at a time. A hand-over step of the pack sends it to another
organization: it is on its way (``Case.receiving``) until someone there receives it — it then
enters the step's stage there, with a number of that organization if it numbers cases — or returns
it with reasons. While it is on its way nobody acts on it. Cases are linked to each other in the
kinds the pack declares (a motion to its main case, an appeal to its first instance...).

The caller owns the transaction and holds the case's row lock (``case_get(for_update=True)``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from adalat.accounts import access
from adalat.accounts.access import Action
from adalat.accounts.models import User
from adalat.core import clock
from adalat.core.errors import Conflict, PermissionDenied, ValidationFailed
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import HandoverTarget, Transition
from adalat.organizations import selectors as organization_selectors
from adalat.organizations.models import Organization

from .event_types import HandoverReceived, HandoverReturned, HandoverSent, Linked
from .models import Case, CaseLink, Handover
from .recording import bump, case_event_record, check_version, number_give, stage_move, text_clean

MAX_NOTE = 2000
MAX_REASON = 500


def handover_targets(*, case: Case, transition: Transition) -> QuerySet[Organization]:
    """The organizations a hand-over step may send ``case`` to: active, of the kind (and, for
    courts, the instance) that holds the step's stage; the one above the sender where the pack says so."""
    kind = get_pack().kind(case.kind)
    target = kind.stage(transition.to)
    organizations = Organization.objects.filter(kind=kind.holder_of(target.code), is_active=True).exclude(
        pk=case.holder_id
    )
    if target.instances:
        organizations = organizations.filter(instance__in=target.instances)
    if transition.handover is not None and transition.handover.to == HandoverTarget.PARENT:
        parent = case.holder.parent_id
        organizations = organizations.filter(pk=parent) if parent is not None else organizations.none()
    if transition.handover is not None and transition.handover.to == HandoverTarget.TERRITORY:
        territory = case.holder.territory
        if territory is not None:
            line = organization_selectors.territory_line_ids(territory)
            organizations = organizations.filter(territory_id__in=sorted(line))
    return organizations.order_by("name", "pk")


def handover_send(
    *, actor: User, case: Case, transition: Transition, receiver: Organization | None, note: str = ""
) -> Handover:
    """Send ``case`` to ``receiver`` by the hand-over ``transition`` (whose rights the caller,
    ``services.case_transition``, has checked). Without a receiver, the only possible one."""
    targets = list(handover_targets(case=case, transition=transition))
    if receiver is None:
        if len(targets) != 1:
            raise ValidationFailed({"receiver": _("Choose where to send the case.")})
        receiver = targets[0]
    elif receiver not in targets:
        raise ValidationFailed({"receiver": _("This step cannot send the case there.")})
    at = clock.now()
    handover = Handover.objects.create(
        case=case,
        sender_id=case.holder_id,
        receiver=receiver,
        action=transition.action,
        to_stage=transition.to,
        sent_at=at,
        sent_by=actor,
    )
    bump(case, receiving=receiver)
    case_event_record(
        case=case,
        actor=actor,
        code="handover_sent",
        at=at,
        payload=HandoverSent(handover=handover.pk, receiver=receiver.pk, action=transition.action),
        texts={"note": note},
    )
    return handover


def _incoming(actor: User, case: Case, expected_version: int | None) -> Handover:
    """The hand-over ``actor`` decides on. ``case`` comes from ``case_get``: the actor sees it."""
    handover = case.handovers.filter(state=Handover.State.SENT).select_related("receiver").first()
    if handover is None:
        raise Conflict(_("The case is not on its way anywhere: it was received or returned."), code="not_in_transit")
    access.require(actor, Action.CASE_RECEIVE, case)
    check_version(case, expected_version)
    return handover


def handover_receive(*, actor: User, case: Case, expected_version: int | None = None) -> Handover:
    """Receive the case at the organization it was sent to: it enters the step's stage there, with
    that organization's number if it numbers cases (the one it had there before, when it comes back),
    and without the sender's judge."""
    handover = _incoming(actor, case, expected_version)
    kind = get_pack().kind(case.kind)
    receiver = handover.receiver
    at = clock.now()
    source = kind.stage(case.stage)
    target = kind.stage(handover.to_stage)
    kept = case.numbers.filter(organization=receiver).order_by("assigned_at", "id").values_list("number", flat=True)
    number = kept.first() or number_give(case=case, organization=receiver, kind=kind, at=at)
    extra: dict[str, Any] = {"holder": receiver, "receiving": None, "judge": None, "clerk": actor}
    if number is not None:
        extra["number"] = number
    stage_move(case=case, source=source, target=target, at=at, **extra)
    Handover.objects.filter(pk=handover.pk).update(state=Handover.State.RECEIVED, decided_at=at, decided_by=actor)
    case_event_record(
        case=case,
        actor=actor,
        code="handover_received",
        at=at,
        from_stage=source.code,
        to_stage=target.code,
        payload=HandoverReceived(handover=handover.pk, organization=receiver.pk, number=number),
    )
    return handover


def handover_return(*, actor: User, case: Case, reason: str, expected_version: int | None = None) -> Handover:
    """Send the case back to the organization that sent it, with the reasons; it stays where it was."""
    handover = _incoming(actor, case, expected_version)
    reason = text_clean(reason, name="reason", limit=MAX_REASON)
    if not reason:
        raise ValidationFailed({"reason": _("Say why the case is returned.")})
    at = clock.now()
    bump(case, receiving=None)
    Handover.objects.filter(pk=handover.pk).update(state=Handover.State.RETURNED, decided_at=at, decided_by=actor)
    case_event_record(
        case=case,
        actor=actor,
        code="handover_returned",
        at=at,
        payload=HandoverReturned(handover=handover.pk, organization=handover.receiver_id),
        texts={"reason": reason},
    )
    return handover


# --- links --------------------------------------------------------------------------------------


def case_link(*, actor: User, case: Case, other: Case, kind: str) -> CaseLink:
    """Link ``case`` (the source) to ``other`` (the target) in a kind the pack declares: a motion to
    its main case, an appeal to its first instance. ``other`` comes from ``case_get``: the actor sees it."""
    access.require(actor, Action.CASE_LINK, case)
    if not access.can_view_case(actor, other):
        raise PermissionDenied()
    errors: dict[str, str] = {}
    try:
        get_pack().link_kind(kind)
    except KeyError:
        errors["kind"] = _("Choose one of the kinds of link.")
    if other.pk == case.pk:
        errors["other"] = _("A case cannot be linked to itself.")
    elif CaseLink.objects.filter(source=case, target=other, kind=kind, removed_at__isnull=True).exists():
        errors["other"] = _("The cases are already linked this way.")
    if errors:
        raise ValidationFailed(errors)
    return link_record(actor=actor, case=case, other=other, kind=kind, at=clock.now())


def link_record(*, actor: User, case: Case, other: Case, kind: str, at: Any) -> CaseLink:
    """Link two cases and record it on both: for ``case_link``, and for a module that opens a case
    linked to another (a motion to its main case), which decides itself who may."""
    link = CaseLink.objects.create(source=case, target=other, kind=kind, created_at=at, created_by=actor)
    for here, there, outgoing in ((case, other, True), (other, case, False)):
        case_event_record(
            case=here,
            actor=actor,
            code="case_linked",
            at=at,
            payload=Linked(link=link.pk, kind=kind, other=there.pk, outgoing=outgoing),
        )
    return link


def case_unlink(*, actor: User, case: Case, link: CaseLink) -> CaseLink:
    """Remove a link of ``case`` (its source or its target); the record stays."""
    access.require(actor, Action.CASE_LINK, case)
    if case.pk not in (link.source_id, link.target_id):
        raise PermissionDenied()
    if link.removed_at is not None:
        raise Conflict(_("This link was already removed."), code="already_removed")
    at = clock.now()
    CaseLink.objects.filter(pk=link.pk).update(removed_at=at)
    link.removed_at = at
    for here_id, there_id, outgoing in (
        (link.source_id, link.target_id, True),
        (link.target_id, link.source_id, False),
    ):
        case_event_record(
            case=case if here_id == case.pk else Case.objects.get(pk=here_id),
            actor=actor,
            code="case_unlinked",
            at=at,
            payload=Linked(link=link.pk, kind=link.kind, other=there_id, outgoing=outgoing),
        )
    return link
