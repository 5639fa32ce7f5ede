"""Small files of every accepted type and of some refused ones, built in memory, and the
fixture that gives each test its own document storage folder."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from adalat.documents.content import DOCX, ODT, XLSX

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
TIFF = b"II*\x00\x08\x00\x00\x00\x00\x00"
TEXT = "Protocol of the hearing.\nThe parties were heard. Ёлка, Nguyễn.\n".encode()
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode."
)
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 40
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    )


def zip_of(entries: dict[str, bytes], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (name, data) in enumerate(entries.items()):
            method = zipfile.ZIP_STORED if stored_first and i == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


def docx(text: str = "Judgment") -> bytes:
    return zip_of(
        {
            "[Content_Types].xml": b"<Types/>",
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": f"<w:document><w:t>{text}</w:t></w:document>".encode(),
        }
    )


def docm() -> bytes:
    return zip_of(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>", "word/vbaProject.bin": b"\x00" * 10}
    )


def xlsx() -> bytes:
    return zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def odt() -> bytes:
    return zip_of(
        {"mimetype": ODT.content_type.encode(), "content.xml": b"<office:document-content/>"}, stored_first=True
    )


def plain_zip() -> bytes:
    return zip_of({"readme.txt": b"hello"})


# --- office documents ----------------------------------------------------------------------------


def docx_with(entries: dict[str, bytes], content_types: bytes = b"<Types/>") -> bytes:
    return zip_of(
        {
            "[Content_Types].xml": content_types,
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document/>",
            **entries,
        }
    )


ACTIVE_OFFICE: dict[str, tuple[bytes, str]] = {
    "a DOCX with macros": (docm(), "macros"),
    "a DOCX declaring macros": (
        docx_with(
            {}, b'<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
        ),
        "macros",
    ),
    "a DOCX with an OLE object": (docx_with({"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}), "OLE"),
    "a DOCX with an ActiveX control": (docx_with({"word/activeX/activeX1.bin": b"\x00"}), "ActiveX"),
    "a DOCX carrying a program": (docx_with({"word/embeddings/setup.exe": EXE}), "programs"),
    "a DOCX carrying a document with macros": (docx_with({"word/embeddings/Sheet.xlsm": b"PK"}), "programs"),
    "an XLSX with macros": (
        zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", "xl/vbaProject.bin": b"\x00"}),
        "macros",
    ),
    "an ODT with macros": (
        zip_of(
            {"mimetype": ODT.content_type.encode(), "content.xml": b"<x/>", "Basic/Standard/Module1.xml": b"<m/>"},
            stored_first=True,
        ),
        "macros",
    ),
}
# Office documents with parts that only look suspicious: a chart's workbook, printer settings.
PLAIN_OFFICE: dict[str, bytes] = {
    "a DOCX with a chart": docx_with(
        {"word/charts/chart1.xml": b"<c/>", "word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx()}
    ),
    "an XLSX with printer settings": zip_of(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/printerSettings/printerSettings1.bin": b"\x00" * 16,
        }
    ),
}


# --- PDFs -----------------------------------------------------------------------------------

CATALOG = b"/Type /Catalog /Pages 2 0 R"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"/Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"


def pdf_of(catalog: bytes = b"", page: bytes = b"", *more: bytes, trailer: bytes = b"") -> bytes:
    """A PDF of one empty page with a cross-reference table, as a writer makes it: objects 1 to 3
    are the catalog, the page tree and the page (each with the keys given added), ``more`` are
    objects 4, 5, ..."""
    objects = [b"<< " + CATALOG + b" " + catalog + b" >>", PAGES, b"<< " + PAGE + b" " + page + b" >>", *more]
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, table)
    return out


def pdf_with_object_stream(hidden: bytes) -> bytes:
    """A PDF 1.5 whose objects all sit in one compressed object stream, listed by a cross-reference
    stream: the catalog (2) opens with action 4, which is ``hidden``; no name of them is in the bytes."""
    inner = [(2, b"<< /Type /Catalog /Pages 3 0 R /OpenAction 4 0 R >>"), (3, b"<< /Type /Pages /Kids [] /Count 0 >>")]
    inner.append((4, hidden))
    index, body = b"", b""
    for number, item in inner:
        index += b"%d %d " % (number, len(body))
        body += item + b"\n"
    data = zlib.compress(index + body)
    out = b"%PDF-1.7\n"
    stream_at = len(out)
    out += b"1 0 obj\n<< /Type /ObjStm /N 3 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        len(index),
        len(data),
    )
    out += data + b"\nendstream\nendobj\n"
    xref_at = len(out)
    rows = [(0, 0, 65535), (1, stream_at, 0), (2, 1, 0), (2, 1, 1), (2, 1, 2), (1, xref_at, 0)]
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    out += b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 2 0 R /Length %d >>\nstream\n" % len(table)
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return out


def pdf_locked() -> bytes:
    """A PDF that opens only with a password (its objects are encrypted)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = pdf_of()
JS_ACTION = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
# Each refused with what it holds, in words: (bytes, what the refusal names).
ACTIVE_PDFS: dict[str, tuple[bytes, str]] = {
    "javascript in the names": (
        pdf_of(b"/Names << /JavaScript << /Names [(a) 4 0 R] >> >>", b"", JS_ACTION),
        "JavaScript",
    ),
    "javascript on opening": (pdf_of(b"/OpenAction 4 0 R", b"", JS_ACTION), "JavaScript"),
    "javascript on a page's action": (pdf_of(b"", b"/AA << /O 4 0 R >>", JS_ACTION), "JavaScript"),
    "javascript in a link": (
        pdf_of(
            b"",
            b"/Annots [4 0 R]",
            b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (javascript:alert\\(1\\)) >> >>",
        ),
        "JavaScript",
    ),
    "javascript with its names escaped": (
        pdf_of(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"),
        "JavaScript",
    ),
    "javascript in an object stream": (pdf_with_object_stream(JS_ACTION), "JavaScript"),
    "a launch action": (pdf_of(b"/OpenAction << /S /Launch /F (cmd.exe) >>"), "starts a program"),
    "an embedded file": (
        pdf_of(
            b"/Names << /EmbeddedFiles << /Names [(setup.exe) 4 0 R] >> >>",
            b"",
            b"<< /Type /Filespec /F (setup.exe) /EF << /F 5 0 R >> >>",
            b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
        ),
        "embedded files",
    ),
    "rich media": (
        pdf_of(b"", b"/Annots [4 0 R]", b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>"),
        "multimedia",
    ),
    "an XFA form": (
        pdf_of(b"/AcroForm << /Fields [] /XFA 4 0 R >>", b"", b"<< /Length 5 >>\nstream\n<xdp>\nendstream"),
        "XFA",
    ),
}
# Each is a PDF and something else at once.
POLYGLOTS: dict[str, bytes] = {
    "a PDF followed by a web page": PDF + b"<html><body><script>alert(1)</script></body></html>\n",
    "a PDF holding a web page": pdf_of(b"", b"", b"(<!DOCTYPE html><html><body>hello</body></html>)"),
    "a PDF whose header is not at the start": b"To the court, a note.\n" + PDF,
    "a PDF followed by a zip archive": PDF + zip_of({"readme.txt": b"hello"}),
    "an image followed by a zip archive": png() + zip_of({"readme.txt": b"hello"}),
    "an image with a PDF header inside": JPEG + b"%PDF-1.7\n",
}
SAMPLES: dict[str, tuple[bytes, str]] = {
    "pdf": (PDF, "application/pdf"),
    "png": (png(), "image/png"),
    "jpeg": (JPEG, "image/jpeg"),
    "tiff": (TIFF, "image/tiff"),
    "docx": (docx(), DOCX.content_type),
    "xlsx": (xlsx(), XLSX.content_type),
    "odt": (odt(), ODT.content_type),
    "text": (TEXT, "text/plain; charset=utf-8"),
}


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    """A file as a browser would send it; the content type it claims is not believed."""
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def document_storage(settings: Any, tmp_path: Path) -> Path:
    """Each test stores documents in a folder of its own."""
    location = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": location}},
    }
    return location
