"""The people and organizations of the demo cases. Most people appear once; banks, companies,
authorities, lawyers and the prosecutors' offices come back case after case, as they do
in real courts. Each party is written the first time a case needs it."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from adalat.accounts.models import User
from adalat.cases.bulk import CaseBulkWriter
from adalat.organizations.models import Organization

from . import names

PERSON, ORGANIZATION = "person", "organization"


@dataclass(frozen=True, slots=True)
class PartyRef:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Contacts:
    email: str
    phone: str
    messaging: dict[str, str] | None
    consent: bool


class PartyPools:
    """Hands out parties for the cases, creating them through the writer when first needed."""

    def __init__(self, *, writer: CaseBulkWriter, rng: random.Random, today: dt.date, total_cases: int) -> None:
        self.writer = writer
        self.rng = rng
        self.today = today
        self._seq = 0
        self._recent: list[PartyRef] = []
        self._pools: dict[tuple[str, bool], list[PartyRef]] = {}
        self._limits = {
            "company": max(30, total_cases // 40),
            "bank": len(names.BANKS),
            "authority": len(names.AUTHORITIES),
            "lawyer": max(20, total_cases // 150),
        }
        self._organizations: dict[int, PartyRef] = {}
        self._users: dict[int, PartyRef] = {}

    def _national_id(self, prefix: str) -> str:
        self._seq += 1
        return f"{prefix}{self._seq:06d}"

    def _contacts(self, latin: str, *, organization: bool) -> Contacts:
        rng = self.rng
        has_email = rng.random() < (0.8 if organization else 0.35)
        has_phone = rng.random() < (0.8 if organization else 0.6)
        messaging = None
        if has_phone and not organization and rng.random() < 0.15:
            messaging = {"telegram": f"@{latin.replace('.', '_')}{rng.randint(1, 99)}"[:64]}
        return Contacts(
            email=names.email(rng, latin) if has_email else "",
            phone=names.phone(rng) if has_phone else "",
            messaging=messaging,
            consent=(has_email or has_phone) and rng.random() < (0.7 if organization else 0.5),
        )

    def _write(
        self,
        *,
        kind: str,
        name: str,
        created_at: dt.datetime,
        national_id: str,
        contacts: Contacts,
        birth_date: dt.date | None = None,
        address: str = "",
        organization_id: int | None = None,
    ) -> int:
        return self.writer.party_add(
            kind=kind,
            name=name,
            created_at=created_at,
            national_id=national_id,
            birth_date=birth_date,
            email=contacts.email,
            phone=contacts.phone,
            address=address,
            messaging=contacts.messaging,
            e_service_consent=contacts.consent,
            organization_id=organization_id,
        )

    # --- people ---------------------------------------------------------------------------

    def person(
        self, *, cyrillic: bool, town: str, at: dt.datetime, minor: bool = False, reuse: float = 0.0
    ) -> PartyRef:
        """A person; with probability ``reuse`` someone who was already on an earlier case."""
        rng = self.rng
        if reuse and self._recent and rng.random() < reuse:
            return rng.choice(self._recent)
        who = names.person(rng, cyrillic=cyrillic)
        born = names.birth_date(rng, self.today, youngest=14, oldest=17) if minor else names.birth_date(rng, self.today)
        ref = self._person_add(who, born, town, at, identified=rng.random() < 0.92)
        if len(self._recent) < 500:
            self._recent.append(ref)
        else:
            self._recent[rng.randrange(500)] = ref
        return ref

    def _person_add(
        self, who: names.Person, born: dt.date, town: str, at: dt.datetime, *, identified: bool
    ) -> PartyRef:
        rng = self.rng
        party_id = self._write(
            kind=PERSON,
            name=who.name,
            created_at=at,
            national_id=self._national_id(f"{born:%y%m%d}") if identified else "",
            birth_date=born,
            address=names.address(rng, cyrillic=not who.name.isascii(), town=town) if rng.random() < 0.7 else "",
            contacts=self._contacts(who.latin, organization=False),
        )
        return PartyRef(party_id, who.name)

    def account_holder(self, user: User, *, at: dt.datetime) -> PartyRef:
        """The party that stands for a person with an account (the demo lawyer, the demo citizen)."""
        found = self._users.get(user.pk)
        if found is None:
            name = f"{user.last_name} {user.first_name}".strip() or user.username
            party_id = self.writer.party_add(
                kind=PERSON,
                name=name,
                created_at=at,
                national_id=self._national_id("8001011"),
                email=user.email,
                e_service_consent=bool(user.email),
                user_id=user.pk,
            )
            found = self._users[user.pk] = PartyRef(party_id, name)
        return found

    def is_account_holder(self, party_id: int) -> bool:
        """Whether the party stands for a person with an account (``account_holder``)."""
        return any(ref.id == party_id for ref in self._users.values())

    def lawyer(self, *, cyrillic: bool, town: str, at: dt.datetime) -> PartyRef:
        return self._pooled("lawyer", cyrillic, lambda: self.person(cyrillic=cyrillic, town=town, at=at))

    # --- organizations ------------------------------------------------------------------------

    def _pooled(self, pool: str, cyrillic: bool, create: Callable[[], PartyRef]) -> PartyRef:
        members = self._pools.setdefault((pool, cyrillic), [])
        if len(members) < self._limits[pool] and (not members or self.rng.random() < 0.35):
            ref = create()
            members.append(ref)
            return ref
        return self.rng.choice(members)

    def _organization_add(self, name: str, at: dt.datetime, *, organization_id: int | None = None) -> PartyRef:
        party_id = self._write(
            kind=ORGANIZATION,
            name=name,
            created_at=at,
            national_id=self._national_id(f"{at:%y%m}40"),
            organization_id=organization_id,
            contacts=self._contacts("office", organization=True),
        )
        return PartyRef(party_id, " ".join(name.split()))

    def company(self, *, cyrillic: bool, at: dt.datetime) -> PartyRef:
        return self._pooled(
            "company", cyrillic, lambda: self._organization_add(names.company(self.rng, cyrillic=cyrillic), at)
        )

    def bank(self, *, cyrillic: bool, at: dt.datetime) -> PartyRef:
        members = self._pools.setdefault(("bank", cyrillic), [])
        index = self.rng.randrange(len(names.BANKS))
        for ref in members:
            if ref.name == " ".join(names.BANKS[index][0 if cyrillic else 1].split()):
                return ref
        ref = self._organization_add(names.BANKS[index][0 if cyrillic else 1], at)
        members.append(ref)
        return ref

    def authority(self, *, cyrillic: bool, at: dt.datetime) -> PartyRef:
        members = self._pools.setdefault(("authority", cyrillic), [])
        index = self.rng.randrange(len(names.AUTHORITIES))
        wanted = names.AUTHORITIES[index][0 if cyrillic else 1]
        for ref in members:
            if ref.name == wanted:
                return ref
        ref = self._organization_add(wanted, at)
        members.append(ref)
        return ref

    def office(self, organization: Organization, *, at: dt.datetime) -> PartyRef:
        """The party of an organization in the system (a prosecutor's office, an investigative
        body): its members see the cases it is on."""
        found = self._organizations.get(organization.pk)
        if found is None:
            found = self._organizations[organization.pk] = self._organization_add(
                organization.name, at, organization_id=organization.pk
            )
        return found
