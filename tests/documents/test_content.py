"""Recognising an upload from its bytes, and making its name safe."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile

from adalat.core.errors import ValidationFailed
from adalat.documents.content import JPEG, PDF, TEXT, FileTooLarge, filename_clean, inspect
from tests.documents import samples


@pytest.mark.parametrize("kind", sorted(samples.SAMPLES))
def test_each_accepted_type_is_recognised_with_its_digest_and_size(kind: str) -> None:
    data, content_type = samples.SAMPLES[kind]
    found = inspect(ContentFile(data, name="whatever.bin"))
    assert found.file_type.content_type == content_type
    assert (found.sha256, found.size) == (hashlib.sha256(data).hexdigest(), len(data))


def test_a_large_text_is_read_in_chunks_to_the_end() -> None:
    # a multi-byte letter split across the 64 KiB chunk boundary is still good UTF-8
    data = ("a" * 65535 + "Ж" + "b" * 200_000).encode()
    found = inspect(ContentFile(data), limit=10_000_000)
    assert found.file_type is TEXT and found.size == len(data)


def test_a_control_character_far_into_a_text_is_found() -> None:
    with pytest.raises(ValidationFailed) as caught:
        inspect(ContentFile(b"a" * 300_000 + b"\x00" + b"b" * 10), limit=10_000_000)
    assert set(caught.value.fields) == {"file"}


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (samples.EXE, "Programs"),
        (samples.ELF, "Programs"),
        (b"#!/bin/sh\nrm -rf /\n", "Programs"),
        (samples.HTML, "Web pages"),
        (b"\xef\xbb\xbf  <html lang=en>hello</html>", "Web pages"),
        (b"<!-- a comment -->", "Web pages"),
        (samples.SVG, "Web pages"),
        (b'<?xml version="1.0"?><x/>', "Web pages"),
        (samples.plain_zip(), "zip archive"),
        (samples.docm(), "macros"),
        (b"PK\x03\x04 broken", "damaged"),
        ("Привет".encode("cp1251"), "nor UTF-8 text"),
        ("Hello".encode("utf-16"), "nor UTF-8 text"),
        (b"\x00\x01\x02\x03", "nor plain text"),
        (b"", "The file is empty."),
    ],
)
def test_refused_content_is_explained(data: bytes, said: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        inspect(ContentFile(data, name="innocent.pdf"))
    assert said in caught.value.fields["file"]


def test_text_that_merely_mentions_markup_is_text() -> None:
    assert inspect(ContentFile(b"The <b> tag was found in the e-mail.")).file_type is TEXT
    assert inspect(ContentFile(b"<abbr> is not on the list")).file_type is TEXT


def test_an_odt_needs_its_mimetype_entry_first() -> None:
    shuffled = samples.zip_of({"content.xml": b"<x/>", "mimetype": b"application/vnd.oasis.opendocument.text"})
    with pytest.raises(ValidationFailed):
        inspect(ContentFile(shuffled))
    spreadsheet = samples.zip_of(
        {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}, stored_first=True
    )
    with pytest.raises(ValidationFailed):
        inspect(ContentFile(spreadsheet))


def test_the_size_limit_is_exact() -> None:
    assert inspect(ContentFile(b"a" * 100), limit=100).size == 100
    with pytest.raises(FileTooLarge) as caught:
        inspect(ContentFile(b"a" * 101), limit=100)
    assert caught.value.status == 413 and set(caught.value.fields) == {"file"}


@pytest.mark.parametrize(
    ("given", "file_type", "kept"),
    [
        ("indictment.pdf", PDF, "indictment.pdf"),
        ("../../etc/passwd", PDF, "passwd.pdf"),
        ("C:\\Users\\clerk\\scan.JPG", JPEG, "scan.jpg"),
        ("report.exe", PDF, "report.exe.pdf"),
        ("invoice\u202egpj.exe", PDF, "invoicegpj.exe.pdf"),  # a right-to-left override hiding ".exe"
        ("  ..hidden  ", TEXT, "hidden.txt"),
        ('a<b>:"c"|?*.txt', TEXT, "a_b___c____.txt"),
        ("", PDF, "document.pdf"),
        ("Заявление истца.txt", TEXT, "Заявление истца.txt"),
        ("x" * 300 + ".pdf", PDF, "x" * 196 + ".pdf"),
    ],
)
def test_names_are_made_safe(given: str, file_type: object, kept: str) -> None:
    assert filename_clean(given, file_type) == kept  # type: ignore[arg-type]
