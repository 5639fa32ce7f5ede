"""The filters of the audit log in the admin: kind of entry, action, object type (choices), and
the actor and a date range (typed in). Dates are the viewer's: a day runs from midnight to
midnight in their time zone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adalat.core import clock

from . import labels

INPUT_TEMPLATE = "admin/audit/auditentry/input_filter.html"


class KindFilter(admin.SimpleListFilter):
    title = gettext_lazy("kind of entry")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(key, str(label)) for key, (label, _query) in labels.KINDS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(labels.KINDS[value][1]) if value in labels.KINDS else queryset


class ActionFilter(admin.SimpleListFilter):
    title = gettext_lazy("action")
    parameter_name = "act"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return labels.action_choices()

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(labels.action_filter(value)) if value else queryset


class ObjectTypeFilter(admin.SimpleListFilter):
    title = gettext_lazy("object type")
    parameter_name = "type"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return sorted(((code, str(label)) for code, label in labels.OBJECT_TYPES.items()), key=lambda c: c[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(object_type=value) if value else queryset


class InputFilter(admin.ListFilter):
    """A filter whose values are typed in: one small form of ``fields`` (name, label, input type)."""

    template = INPUT_TEMPLATE
    fields: tuple[tuple[str, Any, str], ...] = ()

    def __init__(
        self, request: HttpRequest, params: dict[str, list[str]], model: type[Model], model_admin: Any
    ) -> None:
        super().__init__(request, params, model, model_admin)
        self.values: dict[str, str] = {}
        for name, _label, _type in self.fields:
            if name in params:
                value = params.pop(name)[-1].strip()
                self.used_parameters[name] = value
                if value:
                    self.values[name] = value

    def has_output(self) -> bool:
        return True

    def expected_parameters(self) -> list[str | None]:
        return [name for name, _label, _type in self.fields]

    def choices(self, changelist: ChangeList) -> Iterator[dict[str, Any]]:
        names = [name for name, _label, _type in self.fields]
        yield {
            "selected": bool(self.values),
            "fields": [
                {"name": name, "label": label, "type": kind, "value": self.values.get(name, "")}
                for name, label, kind in self.fields
            ],
            "hidden": [(key, value) for key, value in changelist.params.items() if key not in names],
            "clear": changelist.get_query_string(remove=names),
        }


class ActorFilter(InputFilter):
    """Who acted, by user name (``system`` for what the system did by itself)."""

    title = gettext_lazy("actor")
    parameter_name = "actor"
    fields = ((parameter_name, gettext_lazy("user name"), "text"),)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        name = self.values.get(self.parameter_name)
        if not name:
            return queryset
        # The person of that name now, with what they did under an earlier name too.
        ids = list(get_user_model().objects.filter(username=name).values_list("pk", flat=True))
        return queryset.filter(Q(actor_id__in=ids) if ids else Q(actor_name=name))


class DateRangeFilter(InputFilter):
    """From one day to another (both included), in the viewer's time zone."""

    title = gettext_lazy("date")
    fields = (("since", gettext_lazy("from"), "date"), ("until", gettext_lazy("until"), "date"))

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        since, until = self._day(request, "since"), self._day(request, "until")
        if since is not None:
            queryset = queryset.filter(at__gte=_start_of(since))
        if until is not None:
            queryset = queryset.filter(at__lt=_start_of(until + dt.timedelta(days=1)))
        return queryset

    def _day(self, request: HttpRequest, name: str) -> dt.date | None:
        text = self.values.get(name)
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            label = {n: lbl for n, lbl, _kind in self.fields}[name]
            messages.error(
                request,
                _("“%(value)s” in “%(field)s” is not a date: give it as YYYY-MM-DD. It was left out of the filter.")
                % {"value": text[:40], "field": label},
            )
            self.values.pop(name)
            return None


def _start_of(day: dt.date) -> str:
    """The first moment of ``day`` in the viewer's time zone, as the log writes times (UTC text)."""
    midnight = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
    return clock.iso_utc(midnight)
