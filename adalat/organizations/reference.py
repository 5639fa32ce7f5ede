"""Saving and deleting a row of reference data with its audit entry.

The shared mechanics of the small services that keep organizations, territories, courtrooms,
bridge points, users and memberships: ask the access policy (``reference.manage``), validate the
row (the model's ``clean`` included), write it, and record in the audit log which fields changed,
from what to what. The caller owns the transaction.

``actor=None`` is the installation itself (a data load the operator runs with ``adalat``); every
person who changes reference data, in the admin or elsewhere, is asked for by the policy.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from adalat.audit.services import Actor, audit_record
from adalat.core import canonical_json, policy
from adalat.core.errors import Conflict, ValidationFailed

M = TypeVar("M", bound=Model)


def _plain(value: Any) -> Any:
    value = canonical_json.jsonable(value)
    if value is None or isinstance(value, bool | int | str | list | dict):
        return value
    return str(value)


def field_values(instance: Model, *, exclude: Collection[str] = ()) -> dict[str, Any]:
    """The row's own columns (a foreign key as its id), ready for the audit log."""
    return {
        field.name: _plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.name not in exclude and not field.primary_key
    }


def stored_values(instance: Model, *, exclude: Collection[str] = ()) -> dict[str, Any] | None:
    """The row as the database holds it now, or None for a row not saved yet."""
    if instance.pk is None:
        return None
    stored = type(instance)._default_manager.filter(pk=instance.pk).first()
    return None if stored is None else field_values(stored, exclude=exclude)


def validate(instance: Model) -> None:
    """Run the model's validation (fields, ``clean``, constraints) as a ``ValidationFailed``."""
    try:
        instance.full_clean()
    except DjangoValidationError as error:
        fields = {
            ("(form)" if name == NON_FIELD_ERRORS else name): " ".join(str(m) for m in messages)
            for name, messages in error.message_dict.items()
        }
        raise ValidationFailed(fields) from error


REFERENCE_MANAGE = "reference.manage"


def _allowed(actor: Actor, instance: Model) -> None:
    if actor is not None:
        policy.require(actor, REFERENCE_MANAGE, instance)


def changes(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
    """What differs: every field for a new row, ``{"field": [old, new]}`` for a changed one."""
    if before is None:
        return after
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def record_save(
    *,
    actor: Actor,
    instance: M,
    object_type: str,
    exclude: Collection[str] = (),
    extra: dict[str, Any] | None = None,
) -> M:
    """Validate and write ``instance``; audit ``<object_type>.create`` or ``.update`` with what changed.

    A save that changes nothing writes nothing and leaves no entry.
    """
    _allowed(actor, instance)
    validate(instance)
    before = stored_values(instance, exclude=exclude)
    after = field_values(instance, exclude=exclude)
    changed = changes(before, after)
    if before is not None and not changed and not extra:
        return instance
    instance.save()
    action = f"{object_type}.{'create' if before is None else 'update'}"
    audit_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=instance.pk,
        data={"name": str(instance), "changes": changed, **(extra or {})},
    )
    return instance


def record_delete(*, actor: Actor, instance: Model, object_type: str, exclude: Collection[str] = ()) -> None:
    """Delete ``instance`` and audit ``<object_type>.delete`` with what it held."""
    _allowed(actor, instance)
    object_id = instance.pk
    data = {"name": str(instance), "values": field_values(instance, exclude=exclude)}
    try:
        instance.delete()
    except (ProtectedError, RestrictedError) as error:
        raise Conflict(
            _("%(name)s is still in use and cannot be deleted.") % {"name": instance}, code="in_use"
        ) from error
    audit_record(actor=actor, action=f"{object_type}.delete", object_type=object_type, object_id=object_id, data=data)
