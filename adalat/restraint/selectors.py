"""Reading measures and motions: those of a case, and the custody terms a person watches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from adalat.accounts.access import AnyUser
from adalat.cases.models import Case
from adalat.cases.selectors import case_visible
from adalat.core import clock
from adalat.core.errors import NotFound
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import MeasureKind

from . import terms
from .models import Measure, Motion

LIST_LIMIT = 500


@dataclass(frozen=True)
class Standing:
    """A measure and where it stands: the moment of the first warning and the state at ``now``."""

    measure: Measure
    kind: MeasureKind | None  # none: a measure the pack no longer declares
    state: terms.State
    warn_from: dt.datetime | None

    @property
    def alarm(self) -> bool:
        return self.state in terms.ALARMS

    @property
    def label(self) -> str:
        return measure_name(self.measure.kind)


def measure_name(code: str) -> str:
    """A measure's name in the reader's language (its code when the pack no longer declares it)."""
    kind = next((k for k in get_pack().header.measures.kinds if k.code == code), None)
    return kind.label(get_language() or get_pack().languages[0]) if kind else code


def _refused() -> Subquery:
    """Whether the court's last decision on a motion for the measure's person since it began was a refusal."""
    return Subquery(
        Motion.objects.filter(
            case=OuterRef("case"), participant=OuterRef("participant"), decided_at__gte=OuterRef("started_at")
        )
        .order_by("-decided_at", "-pk")
        .values("granted")[:1]
    )


def _pending() -> Exists:
    """Whether a motion waits for the court for the measure's person and kind (its extension, or the
    measure that continues it)."""
    return Exists(
        Motion.objects.filter(case=OuterRef("case"), participant=OuterRef("participant"), decided_at__isnull=True)
    )


def standing(measure: Measure, *, pending: bool, now: dt.datetime, refused: bool = False) -> Standing:
    rules = get_pack().header.measures
    kind = next((k for k in rules.kinds if k.code == measure.kind), None)
    if kind is None:
        state = terms.State.ENDED if measure.ended_at else terms.State.RUNNING
        return Standing(measure=measure, kind=None, state=state, warn_from=None)
    state = terms.state(
        kind,
        ended=measure.ended_at is not None,
        ends_at=measure.ends_at,
        due=measure.file_by,
        pending=pending,
        now=now,
        refused=refused,
    )
    return Standing(measure=measure, kind=kind, state=state, warn_from=terms.warn_from(kind, measure.file_by))


def measure_standing(measure: Measure) -> Standing:
    """Where one measure stands now."""
    motions = Motion.objects.filter(case=measure.case_id, participant=measure.participant_id)
    pending = motions.filter(decided_at__isnull=True).exists()
    last = motions.filter(decided_at__gte=measure.started_at).order_by("-decided_at", "-pk").first()
    return standing(measure, pending=pending, now=clock.now(), refused=last is not None and last.granted is False)


def case_measures(*, case: Case) -> list[Standing]:
    """The measures of a case fetched with ``case_get``, the running first, then by start."""
    now = clock.now()
    rows = (
        case.measures.annotate(pending=_pending(), last_granted=_refused())
        .select_related("participant__party", "applied_by", "ended_by")
        .order_by("ended_at", "started_at", "pk")
    )
    found = [standing(m, pending=m.pending, now=now, refused=m.last_granted is False) for m in rows]
    return sorted(found, key=lambda s: (s.state == terms.State.ENDED, s.measure.started_at))


def measure_get(*, case: Case, measure_id: int) -> Measure:
    found = case.measures.select_related("participant__party", "case", "case__holder").filter(pk=measure_id).first()
    if found is None:
        raise NotFound(_("No such measure."))
    found.case = case
    return found


def case_motions(*, case: Case) -> QuerySet[Motion]:
    """The motions filed from a case, the first first."""
    return case.motions.select_related("motion_case", "participant__party", "filed_by", "decided_by").order_by(
        "filed_at", "pk"
    )


def motion_of(*, case: Case) -> Motion | None:
    """The motion a motion's case stands for."""
    return (
        Motion.objects.select_related("case", "participant__party", "measure", "filed_by", "decided_by")
        .filter(motion_case=case)
        .first()
    )


def held_until(*, motion: Motion) -> dt.datetime | None:
    """When the custody the person of a motion is in ends (what the court must decide before)."""
    running = Measure.objects.filter(
        case=motion.case_id, participant=motion.participant_id, custody=True, ended_at__isnull=True
    ).exclude(ends_at__isnull=True)
    return running.order_by("ends_at").values_list("ends_at", flat=True).first()


def past_end(*, case: Case) -> list[Measure]:
    """The custody measures of a case still running past their end: the people to release now."""
    return list(
        case.measures.filter(custody=True, ended_at__isnull=True, ends_at__lte=clock.now())
        .select_related("participant__party")
        .order_by("ends_at")
    )


def custody_terms(*, user: AnyUser | None, alarms_only: bool = False, mine: bool = False) -> list[Standing]:
    """The running measures with a term in the cases the user sees (None: in every case, for the
    operator's command; ``mine``: in the cases the user is in charge of), the most urgent first:
    past their end, their motion overdue, then by the last moment to file it or by their end."""
    now = clock.now()
    rows = Measure.objects.filter(ended_at__isnull=True, ends_at__isnull=False)
    if user is not None:
        rows = rows.filter(case__in=case_visible(user=user))
        if mine:
            rows = rows.filter(case__clerk_id=getattr(user, "pk", None))
    rows = (
        rows.annotate(pending=_pending(), last_granted=_refused(), urgent=Coalesce("file_by", "ends_at"))
        .select_related("case", "case__holder", "participant__party")
        .order_by("urgent", "pk")  # the last moment to file comes before the end: the overdue come first
    )
    if alarms_only:
        still_asked = Q(last_granted__isnull=True) | Q(last_granted=True)  # not refused
        rows = rows.filter(Q(ends_at__lte=now) | (Q(file_by__lte=now, pending=False) & still_asked))
    found = [standing(m, pending=m.pending, now=now, refused=m.last_granted is False) for m in rows[:LIST_LIMIT]]
    order = {terms.State.PAST_END: 0, terms.State.FILE_OVERDUE: 1}
    return sorted(found, key=lambda s: (order.get(s.state, 2), s.measure.file_by or s.measure.ends_at))
