"""The demo country: two regions, nine courts in three instances, prosecutors, investigators,
a bar with law firms, a detention facility, the central authority, a ministry and a statistics
office, their courtrooms and bridge points, and one demo account per role."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from adalat.accounts.bulk import UserSpec, totp_device_create, users_bulk_create
from adalat.accounts.models import User
from adalat.core.roles import Role
from adalat.organizations.bulk import (
    BridgePointSpec,
    CourtroomSpec,
    OrganizationSpec,
    TerritorySpec,
    organizations_bulk_create,
)
from adalat.organizations.models import Organization

from . import names

SUPREME = "SC"
DEMO_COURT = "YES"  # the court of the demo clerk, judges and chair
KIND = Organization.Kind


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    time_zone: str
    towns: tuple[tuple[str, str, str], ...]  # (district court code, district, town in Russian)
    court: str
    prosecutor: str
    investigators: str


REGIONS = (
    Region(
        "NORTH",
        "Northern Region",
        "Asia/Almaty",
        (("YES", "Yessil", "Есиль"), ("SAR", "Saryarka", "Сарыарка"), ("KOK", "Koktal", "Коктал")),
        court="NRC",
        prosecutor="NPO",
        investigators="NPD",
    ),
    Region(
        "SOUTH",
        "Southern Region",
        "Asia/Tashkent",
        (("AKS", "Aksu", "Аксу"), ("ZHA", "Zhailau", "Жайлау"), ("KAR", "Karatau", "Каратау")),
        court="SRC",
        prosecutor="SPO",
        investigators="SPD",
    ),
)
CAPITAL_ZONE = "Asia/Almaty"
LAW_FIRMS = (
    ("LF-AKZHOL", "Akzhol Partners"),
    ("LF-BAITEREK", "Baiterek Legal"),
    ("LF-DEFENCE", "Public Defence Bureau"),
)

# The accounts named after their role, in the order the logins are printed.
ROLE_ACCOUNTS: tuple[tuple[str, Role, str], ...] = (
    ("admin", Role.ADMIN, "MOJ"),
    ("clerk", Role.CLERK, DEMO_COURT),
    ("judge1", Role.JUDGE, DEMO_COURT),
    ("judge2", Role.JUDGE, DEMO_COURT),
    ("judge3", Role.JUDGE, DEMO_COURT),
    ("chair", Role.CHAIR, DEMO_COURT),
    ("prosecutor", Role.PROSECUTOR, "NPO"),
    ("investigator", Role.INVESTIGATOR, "NPD"),
    ("lawyer", Role.LAWYER, "LF-AKZHOL"),
    ("party", Role.PARTY, ""),
    ("statistician", Role.STATISTICIAN, "STAT"),
    ("officer", Role.OFFICER, "CA"),
)
JUDGES_PER_COURT = 3


def court_codes() -> list[str]:
    return [SUPREME] + [r.court for r in REGIONS] + [code for r in REGIONS for code, _, _ in r.towns]


def staff_usernames() -> list[str]:
    """Every account the demo creates: those named after their role, then the other courts' staff."""
    found = [username for username, _, _ in ROLE_ACCOUNTS]
    for code in court_codes():
        if code == DEMO_COURT:
            continue
        prefix = code.lower()
        found += [f"{prefix}.clerk", f"{prefix}.chair"] + [f"{prefix}.judge{i}" for i in range(1, JUDGES_PER_COURT + 1)]
    found += [f"{r.prosecutor.lower()}.prosecutor" for r in REGIONS if r.prosecutor != "NPO"]
    found += [f"{r.investigators.lower()}.investigator" for r in REGIONS if r.investigators != "NPD"]
    return found


def _organizations() -> tuple[list[TerritorySpec], list[OrganizationSpec], list[CourtroomSpec], list[BridgePointSpec]]:
    territories: list[TerritorySpec] = []
    orgs = [
        OrganizationSpec(SUPREME, "Supreme Court of the Demo Republic", KIND.COURT, CAPITAL_ZONE, instance=3),
        OrganizationSpec("MOJ", "Ministry of Justice", KIND.MINISTRY, CAPITAL_ZONE, email="info@justice.example.org"),
        OrganizationSpec("CA", "Central Authority for Mutual Legal Assistance", KIND.CENTRAL_AUTHORITY, CAPITAL_ZONE),
        OrganizationSpec("STAT", "Committee on Legal Statistics", KIND.STATISTICS_OFFICE, CAPITAL_ZONE),
        OrganizationSpec("BAR", "Bar Association of the Demo Republic", KIND.BAR, CAPITAL_ZONE),
    ]
    orgs += [OrganizationSpec(code, name, KIND.LAW_FIRM, CAPITAL_ZONE, parent="BAR") for code, name in LAW_FIRMS]
    rooms: list[CourtroomSpec] = [CourtroomSpec(SUPREME, f"Hall {i}", 60, has_video=True) for i in (1, 2)]
    points: list[BridgePointSpec] = []
    for region in REGIONS:
        territories.append(TerritorySpec(region.code, region.name))
        adjective = region.name.split()[0]
        orgs += [
            OrganizationSpec(
                region.court, f"{adjective} Regional Court", KIND.COURT, region.time_zone, 2, SUPREME, region.code
            ),
            OrganizationSpec(
                region.prosecutor, f"{adjective} Regional Prosecutor's Office", KIND.PROSECUTOR_OFFICE,
                region.time_zone, territory=region.code,
            ),
            OrganizationSpec(
                region.investigators, f"{adjective} Regional Police Investigation Department",
                KIND.INVESTIGATIVE_BODY, region.time_zone, territory=region.code,
            ),
            OrganizationSpec(
                f"{region.code[0]}LA", f"{region.towns[-1][1]} Village Administration", KIND.LOCAL_AUTHORITY,
                region.time_zone, territory=f"{region.code}-3",
            ),
        ]  # fmt: skip
        rooms += [CourtroomSpec(region.court, f"Hall {i}", 40, has_video=i == 1) for i in (1, 2, 3)]
        for i, (code, district, _town) in enumerate(region.towns, start=1):
            territory = f"{region.code}-{i}"
            territories.append(TerritorySpec(territory, f"{district} District", region.code))
            orgs.append(
                OrganizationSpec(
                    code, f"{district} District Court", KIND.COURT, region.time_zone, 1, region.court, territory,
                    address=f"{district}, Court Street {i}", email=f"{code.lower()}@courts.example.org",
                )
            )  # fmt: skip
            rooms += [CourtroomSpec(code, f"Room {n}", 20 + 5 * n, has_video=n == 1) for n in (1, 2)]
        points.append(BridgePointSpec(f"{region.code[0]}LA", f"{region.towns[-1][1]} village hall", f"{region.code}-3"))
    orgs.append(
        OrganizationSpec(
            "NDF", "Northern Pre-trial Detention Centre", KIND.DETENTION_FACILITY, "Asia/Almaty", territory="NORTH"
        )
    )
    points.append(BridgePointSpec("NDF", "Video room, Northern Pre-trial Detention Centre", "NORTH"))
    # Territories are listed parents first.
    territories.sort(key=lambda t: (t.parent != "", t.code))
    return territories, orgs, rooms, points


@dataclass
class Country:
    organizations: dict[str, Organization]
    users: dict[str, User]
    judges: dict[str, list[User]] = field(default_factory=dict)  # court code -> its judges
    clerks: dict[str, User] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)  # court code -> its region


def _name(rng: random.Random) -> names.Person:
    return names.person(rng, cyrillic=rng.random() < 0.6)


def country_create(*, rng: random.Random, password: str) -> Country:
    """Create the organizations and the accounts; call inside a transaction."""
    territories, orgs, rooms, points = _organizations()
    loaded = organizations_bulk_create(
        territories=territories, organizations=orgs, courtrooms=rooms, bridge_points=points
    )
    organizations = loaded.organizations
    specs: list[UserSpec] = []
    for username, role, code in ROLE_ACCOUNTS:
        person = _name(rng)
        memberships = [(organizations[code], role)] if code else []
        specs.append(
            UserSpec(
                username=username,
                first_name=person.first_name,
                last_name=person.last_name,
                email=f"{username}@demo.example.org",
                is_superuser=role == Role.ADMIN,
                is_staff=role == Role.ADMIN,
                memberships=memberships,
            )
        )
    for username in staff_usernames()[len(ROLE_ACCOUNTS) :]:
        prefix, job = username.split(".")
        role = Role(job.rstrip("0123456789"))
        person = _name(rng)
        specs.append(
            UserSpec(
                username=username,
                first_name=person.first_name,
                last_name=person.last_name,
                email=f"{username}@demo.example.org",
                memberships=[(organizations[prefix.upper()], role)],
            )
        )
    users = users_bulk_create(users=specs, password=password)
    totp_device_create(user=users["admin"], name="Demo authenticator")
    country = Country(organizations=organizations, users=users)
    for region in REGIONS:
        country.regions[region.court] = region
        country.regions.update({code: region for code, _, _ in region.towns})
    for code in court_codes():
        if code == DEMO_COURT:
            country.judges[code] = [users[f"judge{i}"] for i in range(1, JUDGES_PER_COURT + 1)]
            country.clerks[code] = users["clerk"]
        else:
            prefix = code.lower()
            country.judges[code] = [users[f"{prefix}.judge{i}"] for i in range(1, JUDGES_PER_COURT + 1)]
            country.clerks[code] = users[f"{prefix}.clerk"]
    return country
