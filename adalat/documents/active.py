"""Active content and files that are two formats at once, found in an upload's bytes.

Courts that take electronic filings refuse documents that can act on the reader's machine:
PDFs with JavaScript, launch actions, embedded files, multimedia or XFA forms, and office
documents with macros, OLE objects or programs inside (decision 0030). A PDF keeps most of
its objects in compressed object streams, so a byte scan sees little of it: the PDF is read
with pypdf and every object in its cross-reference table is looked at. A file that a browser
or another program would take for something else as well (HTML or script markup inside a
PDF, a PDF header past the start of another file, a zip archive appended to an image or a
PDF) is refused whatever the setting, since no filing needs to be one.

Each check returns what it found, in words for the person uploading, or None.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from typing import IO, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject, TextStringObject

JAVASCRIPT = _("JavaScript")
LAUNCH = _("an action that starts a program")
EMBEDDED_FILES = _("embedded files")
MULTIMEDIA = _("embedded multimedia")
XFA = _("an XFA form")
MACROS = _("macros")
OLE_OBJECTS = _("embedded OLE or ActiveX objects")
PROGRAMS = _("programs")

# Names of a PDF that only active content uses, as keys or as values (``/S /Launch``).
PDF_ACTIVE_NAMES: dict[str, Promise] = {
    "/JS": JAVASCRIPT,
    "/JavaScript": JAVASCRIPT,
    "/Launch": LAUNCH,
    "/EmbeddedFile": EMBEDDED_FILES,
    "/EmbeddedFiles": EMBEDDED_FILES,
    "/GoToE": EMBEDDED_FILES,
    "/RichMedia": MULTIMEDIA,
    "/RichMediaContent": MULTIMEDIA,
    "/XFA": XFA,
}
# More objects than any filing needs: a PDF past this is not read to the end, and refused.
PDF_MAX_OBJECTS = 100_000

# Markup that makes a browser (or a reader that sniffs) take part of a PDF for a web page. Each
# pattern is long enough that compressed data holds it by chance about once in 10^5 large files.
PDF_MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|script[\s>]|iframe[\s>]|svg\s+xmlns|object[\s>]|embed[\s>])",
    re.IGNORECASE,
)
MARKUP_OVERLAP = 32
PDF_HEADER = b"%PDF-"

OFFICE_MACRO_NAMES = ("vbaproject.bin", "vbadata.xml", "vbaprojectsignature.bin")
OFFICE_MACRO_FOLDERS = ("basic/", "scripts/")  # an ODT's StarBasic, Python or JavaScript macros
# Programs, scripts, and office formats that carry macros, by their extension inside an archive.
PROGRAM_EXTENSIONS = frozenset((
    ".exe", ".dll", ".com", ".scr", ".pif", ".cpl", ".msi", ".msp", ".bat", ".cmd", ".ps1", ".psm1", ".vbs",
    ".vbe", ".js", ".jse", ".wsf", ".wsh", ".hta", ".jar", ".lnk", ".reg", ".sh", ".app",
    ".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm", ".ppam", ".sldm",
))  # fmt: skip
CONTENT_TYPES_MAX = 1024 * 1024  # what is read of [Content_Types].xml (a zip bomb stops there)
MACRO_CONTENT_TYPES = re.compile(rb"macroEnabled|vbaProject|vbaData|oleObject|activeX", re.IGNORECASE)


# --- PDF --------------------------------------------------------------------------------


class MarkupScan:
    """HTML or script markup anywhere in a file read chunk by chunk (a pattern split across two
    chunks is found too)."""

    def __init__(self) -> None:
        self.tail = b""
        self.found = False

    def feed(self, chunk: bytes) -> None:
        if self.found:
            return
        window = self.tail + chunk
        self.found = PDF_MARKUP.search(window) is not None
        self.tail = window[-MARKUP_OVERLAP:]


class PdfUnreadable(Exception):
    """The PDF cannot be read to the end: damaged, locked with a password, or too large a tree."""


def _named(value: Any) -> Promise | None:
    return PDF_ACTIVE_NAMES.get(str(value)) if isinstance(value, NameObject) else None


def _javascript_uri(value: Any) -> bool:
    return isinstance(value, TextStringObject | str) and str(value).strip().lower().startswith("javascript:")


def _objects(reader: PdfReader) -> list[PdfObject]:
    """Every object the file lists: the trailer and each entry of the cross-reference tables,
    those kept in object streams among them (whether or not the document refers to them)."""
    found: list[PdfObject] = [reader.trailer]
    for generation, entries in reader.xref.items():
        found.extend(IndirectObject(number, generation, reader) for number in entries)
    found.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
    return found


def pdf_active(stream: IO[bytes]) -> Promise | None:
    """The active content of the PDF in ``stream``, or None; ``PdfUnreadable`` if it cannot tell."""
    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfUnreadable("encrypted")
        return _walk(_objects(reader))
    except PdfUnreadable:
        raise
    except Exception as error:  # a parser of untrusted bytes fails in many ways; each means "damaged"
        raise PdfUnreadable(type(error).__name__) from error


def _walk(pending: list[PdfObject]) -> Promise | None:
    seen: set[tuple[int, int]] = set()
    while pending:
        item: Any = pending.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > PDF_MAX_OBJECTS:
                raise PdfUnreadable("too many objects")
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # streams too: their dictionary
            for name, value in dict.items(item):
                found = _named(name) or _named(value)
                if found is not None:
                    return found
                if str(name) == "/URI" and _javascript_uri(value):
                    return JAVASCRIPT
                pending.append(value)
        elif isinstance(item, ArrayObject):
            for value in item:
                found = _named(value)
                if found is not None:
                    return found
                pending.append(value)
    return None


# --- office documents and other files ---------------------------------------------------------


def office_active(archive: zipfile.ZipFile) -> Promise | None:
    """Macros, OLE or ActiveX objects, or programs inside a DOCX, XLSX or ODT."""
    for entry in archive.infolist():
        name = entry.filename.lower()
        base = posixpath.basename(name)
        if base in OFFICE_MACRO_NAMES or name.startswith(OFFICE_MACRO_FOLDERS):
            return MACROS
        if base.startswith(("oleobject", "activex")):
            return OLE_OBJECTS
        if posixpath.splitext(base)[1] in PROGRAM_EXTENSIONS:
            return PROGRAMS
    if "[Content_Types].xml" in archive.namelist():
        with archive.open("[Content_Types].xml") as types:
            declared = types.read(CONTENT_TYPES_MAX)
        if MACRO_CONTENT_TYPES.search(declared):
            return MACROS
    return None


def pdf_header_inside(head: bytes) -> bool:
    """Whether a file that does not start as a PDF has a PDF header where readers still look for
    one (in its first kilobyte), so that it opens as a PDF as well."""
    return PDF_HEADER in head


def zip_appended(stream: IO[bytes]) -> bool:
    """Whether a zip archive ends the file (found from its end, as zip readers find it)."""
    stream.seek(0)
    return zipfile.is_zipfile(stream)
