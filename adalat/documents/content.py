"""What an uploaded file is, decided from its bytes: its SHA-256, its size and its type.

The name and the Content-Type the client sends are never trusted. Only the types of the
allow-list are accepted: PDF, PNG, JPEG, TIFF, the zip-based office formats DOCX, XLSX
and ODT (their expected entries checked), plain UTF-8 text that a browser would not take for a
web page, and audio and video recordings (MP4, WebM, MP3, WAV, Ogg). A file that is two formats at
once is refused, and so is active content (``active``): JavaScript and the like in PDFs, macros and
embedded objects in office documents, unless ``DOCUMENT_ALLOW_ACTIVE_CONTENT`` is set. The file is
read once, in chunks, so a large upload never sits whole in memory; a PDF is then parsed from the file.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from adalat.core.errors import ApplicationError, ValidationFailed

from . import active

HEAD_BYTES = 1024
ZIP_MAX_ENTRIES = 10_000
TEXT_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# What a browser would sniff as a web page or an XML document (WHATWG MIME Sniffing, 7.1),
# each followed by a space or ">".
MARKUP_STARTS = (
    b"<!doctype html", b"<html", b"<head", b"<script", b"<iframe", b"<h1", b"<div", b"<font",
    b"<table", b"<a", b"<style", b"<title", b"<b", b"<body", b"<br", b"<p", b"<!--",
)  # fmt: skip


@dataclass(frozen=True)
class FileType:
    code: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileType("pdf", "application/pdf", (".pdf",))
PNG = FileType("png", "image/png", (".png",))
JPEG = FileType("jpeg", "image/jpeg", (".jpg", ".jpeg"))
TIFF = FileType("tiff", "image/tiff", (".tif", ".tiff"))
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
ODT = FileType("odt", "application/vnd.oasis.opendocument.text", (".odt",))
TEXT = FileType("text", "text/plain; charset=utf-8", (".txt", ".csv", ".md"))
# Audio and video recordings of procedural acts (an interview, a search): kept by their SHA-256,
# with a chain of custody (``models.CustodyEntry``).
MP4 = FileType("mp4", "video/mp4", (".mp4", ".m4v", ".m4a", ".mov"))
WEBM = FileType("webm", "video/webm", (".webm", ".mkv"))
MP3 = FileType("mp3", "audio/mpeg", (".mp3",))
WAV = FileType("wav", "audio/wav", (".wav",))
OGG = FileType("ogg", "audio/ogg", (".ogg", ".oga", ".opus"))
RECORDINGS = (MP4, WEBM, MP3, WAV, OGG)
ZIP = FileType("zip", "application/zip", ())  # a container; never accepted as such
FILE_TYPES = (PDF, PNG, JPEG, TIFF, DOCX, XLSX, ODT, TEXT, *RECORDINGS)
BY_CONTENT_TYPE = {t.content_type: t for t in FILE_TYPES}

SIGNATURES: tuple[tuple[bytes, FileType], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"\x1a\x45\xdf\xa3", WEBM),
    (b"ID3", MP3),
    (b"OggS", OGG),
)
ZIP_SIGNATURE = b"PK\x03\x04"
PROGRAM_SIGNATURES = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe")


class FileTooLarge(ApplicationError):
    """The file is larger than ``DOCUMENT_MAX_BYTES``; the API answers 413."""

    status = 413

    def __init__(self, limit: int | None = None) -> None:
        limit = settings.DOCUMENT_MAX_BYTES if limit is None else limit
        message = _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(limit)}
        super().__init__(message, code="file_too_large", fields={"file": message})


def accepted_types_text() -> str:
    return _(
        "Accepted are PDF, PNG, JPEG, TIFF, DOCX, XLSX, ODT, plain text in UTF-8, and audio and video "
        "recordings (MP4, WebM, MP3, WAV, Ogg)."
    )


def _refuse(message: str) -> ValidationFailed:
    error = ValidationFailed({"file": f"{message} {accepted_types_text()}"})
    error.code = "file_type"
    return error


@dataclass(frozen=True)
class Inspected:
    sha256: str
    size: int
    file_type: FileType


class _TextCheck:
    """Strict UTF-8 decoding chunk by chunk, refusing control characters."""

    def __init__(self) -> None:
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")

    def feed(self, data: bytes, final: bool = False) -> None:
        try:
            text = self.decoder.decode(data, final=final)
        except UnicodeDecodeError:
            raise _refuse(_("The file is neither a document of an accepted type nor UTF-8 text.")) from None
        if TEXT_FORBIDDEN.search(text):
            raise _refuse(_("The file is neither a document of an accepted type nor plain text."))


def _mpeg_audio_frame(head: bytes) -> bool:
    """An MP3 without an ID3 tag: an MPEG layer III frame header (sync, a version that exists,
    layer III, a bit rate and a sample rate that are not "bad")."""
    if len(head) < 3 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 0x03, (head[1] >> 1) & 0x03
    bitrate, rate = head[2] >> 4, (head[2] >> 2) & 0x03
    return version != 0x01 and layer == 0x01 and bitrate != 0x0F and rate != 0x03


def _type_from_head(head: bytes) -> FileType | None:
    for signature, file_type in SIGNATURES:
        if head.startswith(signature):
            return file_type
    if head[4:8] == b"ftyp":  # ISO base media: MP4, QuickTime
        return MP4
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if _mpeg_audio_frame(head):
        return MP3
    return None


def _looks_like_markup(head: bytes) -> bool:
    start = head.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\n\r\x0c").lower()
    for pattern in MARKUP_STARTS:
        if start.startswith(pattern) and start[len(pattern) : len(pattern) + 1] in (b" ", b">"):
            return True
    # XML (SVG images among it) is markup a browser may run scripts in, too.
    return start.startswith((b"<?xml", b"<svg"))


def _zip_type(stream: IO[bytes]) -> FileType:
    """DOCX, XLSX or ODT, from the entries of the zip container."""
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            if len(entries) > ZIP_MAX_ENTRIES:
                raise _refuse(_("The archive holds too many entries."))
            names = {entry.filename for entry in entries}
            found = None if settings.DOCUMENT_ALLOW_ACTIVE_CONTENT else active.office_active(archive)
            if found is not None:
                raise _active(str(found))
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
            if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                return XLSX
            first = entries[0] if entries else None
            if (
                first is not None
                and first.filename == "mimetype"
                and first.file_size <= 100
                and "content.xml" in names
                and archive.read(first).strip() == ODT.content_type.encode()
            ):
                return ODT
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError, zlib.error):
        raise _refuse(_("The file looks like a zip archive but it is damaged.")) from None
    raise _refuse(_("The file is a zip archive, not a DOCX, XLSX or ODT document."))


def inspect(file: File[Any], *, limit: int | None = None) -> Inspected:
    """Hash, measure and recognise ``file``; raise ``FileTooLarge`` or ``ValidationFailed``."""
    limit = settings.DOCUMENT_MAX_BYTES if limit is None else limit
    digest = hashlib.sha256()
    size = 0
    pending = b""  # what was read before the head was long enough to decide on
    decided = False
    file_type: FileType | None = None
    text: _TextCheck | None = None
    markup = active.MarkupScan()  # looked for in PDFs only
    for chunk in file.chunks():
        size += len(chunk)
        if size > limit:
            raise FileTooLarge(limit)
        digest.update(chunk)
        if decided:
            if text is not None:
                text.feed(chunk)
            elif file_type is PDF:
                markup.feed(chunk)
            continue
        pending += chunk
        if len(pending) >= HEAD_BYTES:
            file_type, text = _decide(pending[:HEAD_BYTES])
            if text is not None:
                text.feed(pending)
            elif file_type is PDF:
                markup.feed(pending)
            decided, pending = True, b""
    if size == 0:
        raise ValidationFailed({"file": _("The file is empty.")})
    if not decided:
        file_type, text = _decide(pending)
        if text is not None:
            text.feed(pending)
        elif file_type is PDF:
            markup.feed(pending)
    if text is not None or file_type is None:
        (text or _TextCheck()).feed(b"", final=True)
        file_type = TEXT
    if file_type is ZIP:
        file.seek(0)
        file_type = _zip_type(file)
    elif file_type is not TEXT:
        _binary_check(file, file_type, markup_found=markup.found)
    return Inspected(sha256=digest.hexdigest(), size=size, file_type=file_type)


def _two_formats() -> ValidationFailed:
    return _refuse(_("The file is two formats at once (a document with a web page or an archive inside)."))


def _active(what: str) -> ValidationFailed:
    message = _(
        "The file holds active content (%(what)s), which is not accepted. Save or print it again as a plain "
        "document, without it."
    ) % {"what": what}
    error = ValidationFailed({"file": message})
    error.code = "active_content"
    return error


def _binary_check(file: File[Any], file_type: FileType, *, markup_found: bool) -> None:
    """A PDF or an image is one format only; a PDF holds no active content (unless allowed)."""
    if markup_found or active.zip_appended(file):
        raise _two_formats()
    if file_type is not PDF or settings.DOCUMENT_ALLOW_ACTIVE_CONTENT:
        return
    file.seek(0)
    try:
        found = active.pdf_active(file)
    except active.PdfUnreadable:
        raise _refuse(
            _("The file looks like a PDF but it cannot be read to the end (it is damaged or locked with a password).")
        ) from None
    if found is not None:
        raise _active(str(found))


def _decide(head: bytes) -> tuple[FileType | None, _TextCheck | None]:
    """The binary type the head shows, or a text check to run over the whole file."""
    known = _type_from_head(head)
    if known is not PDF and active.pdf_header_inside(head):
        raise _two_formats()
    if known is not None:
        return known, None
    if head.startswith(ZIP_SIGNATURE):
        return ZIP, None  # which office format, if any, is decided from the entries
    if head.startswith(PROGRAM_SIGNATURES):
        raise _refuse(_("Programs and scripts are not accepted."))
    if _looks_like_markup(head):
        raise _refuse(_("Web pages and XML files are not accepted."))
    return None, _TextCheck()


# --- names ------------------------------------------------------------------------------

UNSAFE_NAME_CHARS = re.compile(r'[<>:"/\\|?*]')
MAX_NAME = 200


def filename_clean(filename: str, file_type: FileType) -> str:
    """A safe file name for downloads: no folders, no control or direction-changing characters,
    and an extension that matches the content (``report.exe`` holding a PDF becomes ``report.exe.pdf``)."""
    name = unicodedata.normalize("NFC", filename).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = UNSAFE_NAME_CHARS.sub("_", " ".join(name.split())).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot or f".{extension.lower()}" not in file_type.extensions:
        stem, extension = name, file_type.extensions[0][1:]
    stem = stem[: MAX_NAME - len(extension) - 1].strip(" .") or _("document")
    return f"{stem}.{extension.lower()}"
