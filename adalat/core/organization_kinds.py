"""The kinds of organization Adalat knows. The jurisdiction packs speak this vocabulary when they
say which kinds of organization hold cases; ``organizations.Organization`` stores it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    COURT = "court", _("Court")
    PROSECUTOR_OFFICE = "prosecutor_office", _("Prosecutor's office")
    INVESTIGATIVE_BODY = "investigative_body", _("Investigative body")
    BAR = "bar", _("Bar association")
    LAW_FIRM = "law_firm", _("Law firm")
    CENTRAL_AUTHORITY = "central_authority", _("Central authority")
    DETENTION_FACILITY = "detention_facility", _("Detention facility")
    MINISTRY = "ministry", _("Ministry")
    STATISTICS_OFFICE = "statistics_office", _("Statistics office")
    ETHICS_BODY = "ethics_body", _("Ethics body")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
