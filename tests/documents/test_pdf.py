"""The demo's PDF writer: a well-formed file whose text reads back in both languages."""

from __future__ import annotations

import re
import zlib

from adalat.documents.pdf import Block, font_load, pdf_document

RUSSIAN = "Суд рассмотрел дело № 12 в открытом заседании — «решение» принято."
ENGLISH = "The court heard the case in open court and gave its decision."


def objects(data: bytes) -> dict[int, bytes]:
    """The file's objects by number, found through its cross-reference table."""
    startxref = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert data[startxref:].startswith(b"xref\n")
    lines = data[startxref:].split(b"trailer", 1)[0].decode("ascii").split("\n")[2:]
    found = {}
    for number, line in enumerate(lines[1:], start=1):
        if not line.strip():
            continue
        offset = int(line[:10])
        assert data[offset:].startswith(f"{number} 0 obj\n".encode()), number
        found[number] = data[offset : data.index(b"\nendobj\n", offset)]
    return found


def stream(body: bytes) -> bytes:
    raw = body.split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
    length = int(re.search(rb"/Length (\d+)", body).group(1))  # type: ignore[union-attr]
    assert len(raw) == length
    return zlib.decompress(raw)


def text_of(data: bytes) -> list[str]:
    """The lines of text of every page, read back through the ToUnicode map as a viewer reads them."""
    found = objects(data)
    cmap = next(stream(body) for body in found.values() if b"beginbfchar" in _maybe(body))
    to_unicode = {
        int(glyph, 16): chr(int(code, 16)) for glyph, code in re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]{4})>", cmap)
    }
    lines = []
    for body in found.values():
        if b"/Type /Page " in body:
            contents = int(re.search(rb"/Contents (\d+) 0 R", body).group(1))  # type: ignore[union-attr]
            for hex_ids in re.findall(rb"<([0-9A-F]+)> Tj", stream(found[contents])):
                ids = [int(hex_ids[i : i + 4], 16) for i in range(0, len(hex_ids), 4)]
                lines.append("".join(to_unicode[glyph] for glyph in ids))
    return lines


def _maybe(body: bytes) -> bytes:
    try:
        return stream(body) if b"stream\n" in body else b""
    except zlib.error:
        return b""


def test_a_document_is_a_well_formed_pdf_whose_text_reads_back() -> None:
    data = pdf_document([Block("Решение суда", size=15, centred=True), Block(RUSSIAN), Block(ENGLISH)], title="Решение")

    assert data.startswith(b"%PDF-1.7\n") and data.endswith(b"%%EOF\n")
    assert " ".join(text_of(data)) == f"Решение суда {RUSSIAN} {ENGLISH}"
    assert b"/FontFile2" in data and b"/ToUnicode" in data and b"/Encoding /Identity-H" in data
    assert "<FEFF" + "Решение".encode("utf-16-be").hex().upper() + ">" in data.decode("latin-1")  # its title


def test_long_text_wraps_within_the_margins_and_runs_onto_more_pages() -> None:
    font = font_load()
    data = pdf_document([Block(ENGLISH * 3) for _ in range(60)], title="Long")

    assert data.count(b"/Type /Page ") > 1
    assert all(font.width(line, 11) <= 595 - 2 * 64 for line in text_of(data))


def test_the_same_text_gives_the_same_bytes_and_every_letter_has_its_glyph() -> None:
    blocks = [Block(RUSSIAN), Block(ENGLISH)]
    assert pdf_document(blocks, title="T") == pdf_document(blocks, title="T")
    font = font_load()
    assert all(ord(char) in font.glyphs for char in RUSSIAN + ENGLISH + "ӘәҒғҚқҢңӨөҰұҮүҺһІі")
