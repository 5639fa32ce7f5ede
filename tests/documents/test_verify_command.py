"""``adalat documents verify``: 0 and the signers for a genuine file, 1 and the problem for an
altered file or a revoked certificate, 2 when it cannot decide."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from adalat.cases.models import Case
from adalat.documents.models import Signature
from adalat.integrations.signing import pki
from adalat.signing.models import Authority
from adalat.signing.services import certificate_revoke
from tests.cases.factories import register
from tests.conftest import World
from tests.documents.samples import PDF, TEXT
from tests.documents.test_document_upload import upload
from tests.documents.test_signatures import content, first_version, forged, sign
from tests.signing.factories import issue

pytestmark = pytest.mark.django_db


def verify(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("documents", "verify", *args, stdout=out)
    except CommandError as error:
        return error.returncode, f"{out.getvalue()}{error}"
    return 0, out.getvalue()


@pytest.fixture
def case(world: World, authority: Authority, document_storage: Path) -> Case:
    issue(world.judge)
    return register(clerk=world.clerk, court=world.court, judge=world.judge)


def test_a_genuine_pdf_names_its_signer(world: World, case: Case, tmp_path: Path) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(content(sign(world.judge, first_version(upload(world.clerk, case, PDF)))))
    code, said = verify(str(path))
    assert code == 0
    assert world.judge.display_name in said and "valid" in said


def test_an_altered_pdf_exits_1_naming_the_problem(world: World, case: Case, tmp_path: Path) -> None:
    data = bytearray(content(sign(world.judge, first_version(upload(world.clerk, case, PDF)))))
    at = data.find(b"/MediaBox")
    data[at + 11 : at + 12] = b"7" if data[at + 11 : at + 12] != b"7" else b"8"
    path = tmp_path / "altered.pdf"
    path.write_bytes(bytes(data))
    code, said = verify(str(path))
    assert code == 1 and "changed after it was signed" in said
    path.write_bytes(forged(content(sign(world.judge, first_version(upload(world.clerk, case, PDF, title="B"))))))
    code, said = verify(str(path))
    assert code == 1 and "changed after it was signed" in said


def test_a_detached_signature_and_a_revoked_certificate(world: World, case: Case, tmp_path: Path) -> None:
    sign(world.judge, first_version(upload(world.clerk, case, TEXT, filename="note.txt")))
    (tmp_path / "note.txt").write_bytes(TEXT)
    (tmp_path / "note.p7s").write_bytes(bytes(Signature.objects.get().signature))
    assert verify(str(tmp_path / "note.txt"), "--signature", str(tmp_path / "note.p7s"))[0] == 0
    (tmp_path / "other.txt").write_bytes(TEXT + b"!")
    assert verify(str(tmp_path / "other.txt"), "--signature", str(tmp_path / "note.p7s"))[0] == 1
    with transaction.atomic():
        certificate_revoke(actor=None, user=world.judge)
    code, said = verify(str(tmp_path / "note.txt"), "--signature", str(tmp_path / "note.p7s"))
    assert code == 1 and "revoked" in said


def test_an_unknown_authority_exits_2(world: World, case: Case, tmp_path: Path) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(content(sign(world.judge, first_version(upload(world.clerk, case, PDF)))))
    elsewhere = pki.root_make(name="Elsewhere CA", organization="Elsewhere", now=dt.datetime.now(dt.UTC))
    Authority.objects.update(certificate=elsewhere.certificate)
    code, said = verify(str(path))
    assert code == 2 and "does not trust" in said


def test_files_without_signatures_or_unreadable(tmp_path: Path, db: None) -> None:
    (tmp_path / "plain.pdf").write_bytes(PDF)
    assert verify(str(tmp_path / "plain.pdf"))[0] == 1
    assert verify(str(tmp_path / "missing.pdf"))[0] == 2
    (tmp_path / "note.txt").write_bytes(TEXT)
    (tmp_path / "bad.p7s").write_bytes(b"not a signature")
    code, said = verify(str(tmp_path / "note.txt"), "--signature", str(tmp_path / "bad.p7s"))
    assert code == 1 and "cannot be read" in said
