"""Loading the demo: the country, its accounts and its cases, once per database.

The load is a data load, not the activity of someone using Adalat: the rows are written by
the modules' bulk loaders and the audit log gets one entry that says what was loaded.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password

from adalat.accounts.bulk import totp_secret, users_loaded
from adalat.audit.services import audit_record
from adalat.cases.bulk import CaseBulkWriter
from adalat.core import clock
from adalat.documents.bulk import DocumentBulkWriter
from adalat.jurisdictions.current import get_pack
from adalat.organizations.bulk import organizations_loaded

from .appeals import appeals_send
from .cases import CaseStories
from .country import ROLE_ACCOUNTS, SUPREME, country_create, staff_usernames
from .filings import filings_file
from .papers import CasePapers
from .pretrial import pretrial_cases
from .signatures import signers_certify

DEFAULT_SEED = 2026
DEFAULT_CASES = 5000
LARGE_LOAD = 20_000  # from here on, references are checked once at the end (PostgreSQL)
PASSWORD_FILE = "demo-password"  # noqa: S105 (a file name)


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    organization: str
    name: str


@dataclass(frozen=True)
class Logins:
    accounts: list[Login]  # those named after their role
    others: list[Login]  # the staff of the other courts and offices
    totp_secret: str | None  # the admin's second factor
    password_works: bool  # whether the password given opens the demo accounts


@dataclass(frozen=True)
class LoadSummary:
    seed: int
    counts: dict[str, int]
    overdue: int
    seconds: float
    write_seconds: float  # of which writing the cases' rows


def demo_password(data_dir: Path | None = None) -> str:
    """``ADALAT_DEMO_PASSWORD``, or a random password made once and kept in the data folder."""
    given = os.environ.get("ADALAT_DEMO_PASSWORD", "")
    if given:
        return given
    path = (data_dir or Path(settings.DATA_DIR)) / PASSWORD_FILE
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(12) + "\n")
    return path.read_text().strip()


def demo_present() -> bool:
    """Whether this database already holds the demo (its supreme court is there)."""
    return bool(organizations_loaded([SUPREME]))


def demo_load(
    *,
    seed: int = DEFAULT_SEED,
    cases: int = DEFAULT_CASES,
    password: str,
    now: dt.datetime | None = None,
    documents: bool = True,
) -> LoadSummary:
    """Build the demo country, its accounts and ``cases`` cases with their documents (unless not
    ``documents``). Call inside ``transaction.atomic()``; the same ``seed`` on the same day gives
    the same data."""
    started = time.perf_counter()
    moment = now or clock.now()
    rng = random.Random(seed)
    country = country_create(rng=rng, password=password)
    writer = CaseBulkWriter(now=moment, check_references_at_end=cases >= LARGE_LOAD)
    papers = CasePapers(documents=DocumentBulkWriter(cases=writer), now=moment) if documents else None
    with writer:
        stories = CaseStories(writer=writer, country=country, rng=rng, now=moment, total=cases, papers=papers)
        stories.write()
    appeals = appeals_send(country=country, rng=rng)  # through the services, at the real moment
    signers = signers_certify()
    pretrial = pretrial_cases(country=country, rng=rng)
    filings = filings_file(country=country)
    counts = {
        "organizations": len(country.organizations),
        "users": len(country.users),
        **writer.counts,
        "appeals": appeals,
        "signers": signers,
        "pretrial": pretrial,
        "filings": filings,
    }
    audit_record(
        actor=None,
        action="demo.load",
        object_type="jurisdiction",
        object_id=get_pack().code,
        data={"seed": seed, "counts": counts, "loaded_by": "adalat demo"},
    )
    return LoadSummary(
        seed=seed,
        counts=counts,
        overdue=stories.overdue,
        seconds=time.perf_counter() - started,
        write_seconds=writer.write_seconds,
    )


def demo_logins(*, password: str) -> Logins:
    """The demo accounts as they are in the database now, and whether ``password`` opens them
    (it does not when the demo was loaded with another ``ADALAT_DEMO_PASSWORD``)."""
    loaded = users_loaded(staff_usernames())
    named = {username: role for username, role, _ in ROLE_ACCOUNTS}
    accounts: list[Login] = []
    others: list[Login] = []
    secret: str | None = None
    for username in staff_usernames():
        found = loaded.get(username)
        if found is None:
            continue
        membership = found.memberships[0] if found.memberships else None
        login = Login(
            username=username,
            role=str(named.get(username) or (membership.role if membership else "")),
            organization=membership.organization.name if membership else "",
            name=found.user.display_name,
        )
        (accounts if username in named else others).append(login)
        if username == "admin" and found.totp_devices:
            secret = totp_secret(found.totp_devices[0])
    clerk = loaded.get("clerk")
    works = clerk is not None and check_password(password, clerk.user.password)
    return Logins(accounts=accounts, others=others, totp_secret=secret, password_works=works)
