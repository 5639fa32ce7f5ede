"""The kinds of event a case's timeline holds, and who reacts to them.

Each module registers the events it records on a case (``event_type``): a code, the schema of the
payload (pydantic; identifiers only, never names, addresses or identity numbers), who may see the
event, which free texts a person may write with it (a note, a reason: kept in ``EventText``), and
how it reads as a sentence in the reader's language. ``services.case_event_record`` is the one way
to record an event, and the timeline and the API render events only through this registry.

Other modules react to events with subscribers (``subscribe``): each event queues one delivery per
subscriber as a task in the event's own transaction; the task runs the handler at least once, and
the delivery is marked done in the handler's own transaction, so a handler that only writes to the
database takes effect exactly once however often a worker dies under it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, ValidationError

from adalat.accounts.access import AnyUser

from .models import CaseEvent

Audience = CaseEvent.Audience


class Payload(BaseModel):
    """The base of every payload: strict, immutable, and nothing but the declared fields."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class NoPayload(Payload):
    pass


@dataclass
class Reading:
    """What a sentence is made from: the event, its payload and texts, who did it (already in words),
    who reads it, the events shown with it (``batch``), and a cache the sentences of one timeline
    share, so that what they look up is read once for all of them."""

    event: CaseEvent
    payload: Any
    texts: dict[str, str]
    actor: str
    reader: AnyUser
    batch: list[CaseEvent] = field(default_factory=list)
    cache: dict[Any, Any] = field(default_factory=dict)

    def cached(self, key: Any, load: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = load()
        return self.cache[key]


Sentence = Callable[[Reading], str]


@dataclass(frozen=True)
class EventType:
    code: str
    payload: type[Payload]
    audience: Audience
    sentence: Sentence
    texts: tuple[str, ...]
    owner: str

    def parse(self, data: dict[str, Any]) -> Payload:
        """The stored payload as its schema; an event written before its schema changed is read
        leniently, so that an old timeline still shows."""
        try:
            return self.payload.model_validate(data, strict=False)
        except ValidationError:
            return self.payload.model_construct(**data)


_types: dict[str, EventType] = {}


def event_type(
    code: str,
    *,
    payload: type[Payload],
    audience: Audience,
    sentence: Sentence,
    owner: str,
    texts: Iterable[str] = (),
) -> EventType:
    """Register an event type; a code belongs to one module."""
    known = _types.get(code)
    if known is not None and known.owner != owner:
        raise ImproperlyConfigured(f"{owner} registers the event {code!r}, which {known.owner} already has")
    registered = EventType(
        code=code, payload=payload, audience=audience, sentence=sentence, texts=tuple(texts), owner=owner
    )
    _types[code] = registered
    return registered


def event_types() -> dict[str, EventType]:
    return dict(_types)


def type_of(code: str) -> EventType:
    try:
        return _types[code]
    except KeyError:
        raise ImproperlyConfigured(f"no module registered the event {code!r}") from None


def unknown_sentence(reading: Reading) -> str:
    """An event whose type is no longer registered (a module taken out) still shows."""
    return _("%(actor)s: %(event)s.") % {"actor": reading.actor, "event": reading.event.code.replace("_", " ")}


# --- subscribers --------------------------------------------------------------------------------

Handler = Callable[[CaseEvent], None]


@dataclass(frozen=True)
class Subscriber:
    name: str
    codes: frozenset[str]
    handler: Handler


_subscribers: dict[str, Subscriber] = {}


def subscribe(name: str, *, codes: Iterable[str], handler: Handler) -> None:
    """Have ``handler`` run, in a task, for every event of the ``codes`` recorded from now on.
    ``name`` identifies the subscriber in its deliveries: keep it stable."""
    known = _subscribers.get(name)
    if known is not None and known.handler is not handler:
        raise ImproperlyConfigured(f"two subscribers are named {name!r}")
    _subscribers[name] = Subscriber(name=name, codes=frozenset(codes), handler=handler)


def unsubscribe(name: str) -> None:
    _subscribers.pop(name, None)


def subscribers_of(code: str) -> list[Subscriber]:
    return [s for s in _subscribers.values() if code in s.codes]


def subscriber(name: str) -> Subscriber | None:
    return _subscribers.get(name)
