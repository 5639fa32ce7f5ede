"""The timeline as people read it: each event through its registered type, as a sentence in the
reader's language, naming who did it (or that Adalat did it by itself)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from adalat.accounts.access import AnyUser
from adalat.accounts.models import User

from .events import Reading, event_types, unknown_sentence
from .models import CaseEvent


@dataclass(frozen=True)
class Line:
    event: CaseEvent
    sentence: str
    automatic: bool
    payload: dict[str, Any]
    texts: dict[str, str]


def actor_words(actor: User | None) -> str:
    if actor is None:
        return _("The system")
    if actor.kind == User.Kind.AUTOMATIC:
        return _("Adalat, automatically")
    return actor.display_name


def timeline(*, user: AnyUser, events: Iterable[CaseEvent]) -> list[Line]:
    """``events`` (read with ``selectors.case_events``) as sentences for ``user``; what they look up
    is read once for the whole timeline."""
    batch = list(events)
    types = event_types()
    cache: dict[Any, Any] = {}
    lines = []
    for event in batch:
        texts = {text.name: text.text for text in event.texts.all()}
        kind = types.get(event.code)
        payload = kind.parse(event.data or {}) if kind is not None else None
        reading = Reading(
            event=event,
            payload=payload,
            texts=texts,
            actor=actor_words(event.actor),
            reader=user,
            batch=batch,
            cache=cache,
        )
        sentence = kind.sentence(reading) if kind is not None else unknown_sentence(reading)
        automatic = event.actor is not None and event.actor.kind == User.Kind.AUTOMATIC
        lines.append(Line(event=event, sentence=sentence, automatic=automatic, payload=event.data or {}, texts=texts))
    return lines
