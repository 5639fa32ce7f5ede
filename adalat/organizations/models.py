from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from adalat.core.organization_kinds import OrganizationKind

code_validator = RegexValidator(r"^[A-Z0-9][A-Z0-9-]{0,31}$", _("Use capital Latin letters, digits and hyphens."))


@cache
def _time_zones() -> frozenset[str]:
    """The zone names on this system (read from disk once: it takes milliseconds)."""
    return frozenset(available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in _time_zones():
        raise ValidationError(_("Unknown time zone: %(zone)s"), params={"zone": value})


def _ancestor_ids(node: Organization | Territory | None) -> set[int]:
    """The node and every node above it (a few levels: one query each), stopping at a loop."""
    found: set[int] = set()
    while node is not None and node.pk not in found:
        found.add(node.pk)
        node = node.parent
    return found


class Territory(models.Model):
    """An administrative territory (region, district, commune); holidays may be local to one."""

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent is not None and self.pk is not None and self.pk in _ancestor_ids(self.parent):
            raise ValidationError({"parent": _("A territory cannot lie within itself.")})


class Organization(models.Model):
    Kind = OrganizationKind

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[code_validator],
        help_text=_("Short code, used in case numbers."),
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    instance = models.PositiveSmallIntegerField(
        _("instance"), null=True, blank=True, help_text=_("For courts: 1 first instance, 2 appeal, 3 supreme.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("higher organization"),
    )
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("territory")
    )
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["kind", "code"]
        indexes = [models.Index(fields=["kind", "instance"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="court", instance__isnull=False) | ~models.Q(kind="court"),
                name="court_has_instance",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == self.Kind.COURT and self.instance is None:
            raise ValidationError({"instance": _("A court needs its instance.")})
        if self.kind != self.Kind.COURT and self.instance is not None:
            raise ValidationError({"instance": _("Only courts have an instance.")})
        parent = self.parent
        if parent is None:
            return
        if self.pk is not None and parent.pk == self.pk:
            raise ValidationError({"parent": _("An organization cannot be above itself.")})
        if self.pk is not None and self.pk in _ancestor_ids(parent):
            raise ValidationError({"parent": _("An organization cannot be below one of its own subordinates.")})
        both_courts = self.kind == self.Kind.COURT and parent.kind == self.Kind.COURT
        if both_courts and (parent.instance is None or self.instance is None or parent.instance <= self.instance):
            raise ValidationError({"parent": _("A higher court must be of a higher instance.")})

    @property
    def is_court(self) -> bool:
        return self.kind == self.Kind.COURT


class Courtroom(models.Model):
    court = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="courtrooms", verbose_name=_("court")
    )
    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveSmallIntegerField(_("seats"), default=20)
    has_video = models.BooleanField(_("equipped for online hearings"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("courtroom")
        verbose_name_plural = _("courtrooms")
        ordering = ["court", "name"]
        constraints = [models.UniqueConstraint(fields=["court", "name"], name="courtroom_name_unique_per_court")]

    def __str__(self) -> str:
        return f"{self.court.code} {self.name}"


class BridgePoint(models.Model):
    """A remote point connected to online hearings: a detention facility's room, a commune hall."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="bridge_points", verbose_name=_("organization")
    )
    name = models.CharField(_("name"), max_length=200)
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("territory")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("bridge point")
        verbose_name_plural = _("bridge points")
        ordering = ["organization", "name"]

    def __str__(self) -> str:
        return self.name
