from __future__ import annotations

import factory

from adalat.organizations.models import Courtroom, Organization, Territory


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"Territory {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"ORG{n:03d}")
    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = Organization.Kind.PROSECUTOR_OFFICE
    time_zone = "Asia/Almaty"


class CourtFactory(OrganizationFactory):
    code = factory.Sequence(lambda n: f"C{n:03d}")
    name = factory.Sequence(lambda n: f"District court {n}")
    kind = Organization.Kind.COURT
    instance = 1


class CourtroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Courtroom

    court = factory.SubFactory(CourtFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
