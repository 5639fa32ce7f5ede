"""A small PDF writer for the acts Adalat makes and the demo's papers: A4 pages of wrapped text in
one embedded TrueType font, so that Russian and English read the same in every viewer, and the same
text always gives the same bytes (nothing in the file depends on when or where it was made).

The font is embedded whole as a CIDFontType2 with Identity-H encoding (text is written as glyph
ids), with its widths and a ToUnicode map so that viewers can select and search the text.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONT_FILE = Path(__file__).resolve().parent / "fonts" / "DejaVuSans-subset.ttf"
FONT_NAME = "ADALAT+DejaVuSans"  # a subset's name: six capitals, "+", the font's own name
PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 64
LEADING = 1.35  # line height, in font sizes


@dataclass(frozen=True)
class Font:
    data: bytes
    units: int  # font units per em
    glyphs: dict[int, int]  # code point -> glyph id
    advances: list[int]  # by glyph id, in font units
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int

    def glyph(self, char: str) -> int:
        return self.glyphs.get(ord(char), self.glyphs.get(ord("?"), 0))

    def width(self, text: str, size: float) -> float:
        return sum(self.advances[self.glyph(char)] for char in text) * size / self.units

    def scaled(self, value: int) -> int:
        """A length in font units as PDF glyph space has it (1000 to the em)."""
        return round(value * 1000 / self.units)


def _tables(data: bytes) -> dict[str, bytes]:
    (count,) = struct.unpack_from(">H", data, 4)
    tables = {}
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        tables[tag.decode("latin-1")] = data[offset : offset + length]
    return tables


def _cmap(table: bytes) -> dict[int, int]:
    """The Unicode to glyph map of a Windows Unicode BMP subtable (format 4)."""
    (count,) = struct.unpack_from(">H", table, 2)
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", table, 4 + 8 * i)
        if (platform, encoding) == (3, 1) and struct.unpack_from(">H", table, offset)[0] == 4:
            break
    else:
        raise ValueError("the font has no Windows Unicode (format 4) character map")
    (segments,) = struct.unpack_from(">H", table, offset + 6)
    segments //= 2
    ends = struct.unpack_from(f">{segments}H", table, offset + 14)
    starts = struct.unpack_from(f">{segments}H", table, offset + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", table, offset + 16 + 4 * segments)
    range_at = offset + 16 + 6 * segments
    ranges = struct.unpack_from(f">{segments}H", table, range_at)
    glyphs: dict[int, int] = {}
    for i in range(segments):
        for code in range(starts[i], ends[i] + 1):
            if code == 0xFFFF:
                continue
            if ranges[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                at = range_at + 2 * i + ranges[i] + 2 * (code - starts[i])
                (glyph,) = struct.unpack_from(">H", table, at)
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                glyphs[code] = glyph
    return glyphs


@cache
def font_load(path: Path = FONT_FILE) -> Font:
    data = path.read_bytes()
    tables = _tables(data)
    head, hhea, maxp = tables["head"], tables["hhea"], tables["maxp"]
    (units,) = struct.unpack_from(">H", head, 18)
    bbox = struct.unpack_from(">4h", head, 36)
    ascent, descent = struct.unpack_from(">2h", hhea, 4)
    (metrics,) = struct.unpack_from(">H", hhea, 34)
    (count,) = struct.unpack_from(">H", maxp, 4)
    advances = [struct.unpack_from(">H", tables["hmtx"], 4 * i)[0] for i in range(metrics)]
    advances += [advances[-1]] * (count - metrics)
    os2 = tables.get("OS/2", b"")
    cap_height = struct.unpack_from(">h", os2, 88)[0] if len(os2) >= 90 else ascent
    box = (bbox[0], bbox[1], bbox[2], bbox[3])
    return Font(data, units, _cmap(tables["cmap"]), advances, box, ascent, descent, cap_height)


@dataclass(frozen=True)
class Block:
    """A paragraph: its text, its size in points, and the space before it (in its lines)."""

    text: str
    size: float = 11
    before: float = 0.6
    centred: bool = False


def _wrap(font: Font, text: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in filter(None, text.split(" ")):  # a no-break space (U+00A0) keeps "№ 12" on one line
        attempt = f"{current} {word}" if current else word
        if current and font.width(attempt, size) > width:
            lines.append(current)
            current = word
        else:
            current = attempt
    return [*lines, current] if current else lines or [""]


def _pages(font: Font, blocks: list[Block]) -> tuple[list[bytes], set[int]]:
    """The content streams of the pages, and the glyphs they use."""
    width = PAGE_WIDTH - 2 * MARGIN
    pages: list[list[str]] = [[]]
    used: set[int] = set()
    y: float = PAGE_HEIGHT - MARGIN
    for block in blocks:
        step = block.size * LEADING
        y -= block.before * step
        for line in _wrap(font, block.text, block.size, width):
            if y - step < MARGIN:
                pages.append([])
                y = PAGE_HEIGHT - MARGIN
            y -= step
            x = MARGIN + (width - font.width(line, block.size)) / 2 if block.centred else MARGIN
            ids = [font.glyph(char) for char in line]
            used.update(ids)
            hex_ids = "".join(f"{glyph:04X}" for glyph in ids)
            pages[-1].append(f"BT /F1 {block.size:g} Tf {x:.2f} {y:.2f} Td <{hex_ids}> Tj ET")
    return [zlib.compress("\n".join(page).encode("ascii"), 9) for page in pages], used


def _to_unicode(font: Font, used: set[int]) -> bytes:
    by_glyph = {glyph: code for code, glyph in sorted(font.glyphs.items(), reverse=True)}
    pairs = [(glyph, by_glyph[glyph]) for glyph in sorted(used) if glyph in by_glyph]
    chunks = []
    for start in range(0, len(pairs), 100):
        part = pairs[start : start + 100]
        rows = "\n".join(f"<{glyph:04X}> <{code:04X}>" for glyph, code in part)
        chunks.append(f"{len(part)} beginbfchar\n{rows}\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(chunks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def _text(value: str) -> str:
    """A PDF text string (UTF-16 with its byte order mark), for the document's title."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


def _stream(dictionary: str, data: bytes) -> bytes:
    return f"<< {dictionary} /Length {len(data)} >>\nstream\n".encode("ascii") + data + b"\nendstream"


def pdf_document(blocks: list[Block], *, title: str, font: Font | None = None) -> bytes:
    """A PDF of ``blocks`` on as many A4 pages as they take."""
    font = font or font_load()
    contents, used = _pages(font, blocks)
    first_page = 7
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(len(contents)))
    widths = " ".join(f"{glyph} [{font.scaled(font.advances[glyph])}]" for glyph in sorted(used))
    x0, y0, x1, y1 = (font.scaled(v) for v in font.bbox)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(contents)} >>".encode("ascii"),
        (
            f"<< /Type /Font /Subtype /Type0 /BaseFont /{FONT_NAME} /Encoding /Identity-H "
            "/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>"
        ).encode("ascii"),
        (
            f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{FONT_NAME} "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            f"/FontDescriptor 6 0 R /CIDToGIDMap /Identity /DW 1000 /W [{widths}] >>"
        ).encode("ascii"),
        _stream("/Filter /FlateDecode", zlib.compress(_to_unicode(font, used), 9)),
        (
            f"<< /Type /FontDescriptor /FontName /{FONT_NAME} /Flags 32 /FontBBox [{x0} {y0} {x1} {y1}] "
            f"/ItalicAngle 0 /Ascent {font.scaled(font.ascent)} /Descent {font.scaled(font.descent)} "
            f"/CapHeight {font.scaled(font.cap_height)} /StemV 80 /FontFile2 {first_page + 2 * len(contents)} 0 R >>"
        ).encode("ascii"),
    ]
    for i, content in enumerate(contents):
        objects.append(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
                f"/Resources << /Font << /F1 3 0 R >> >> /Contents {first_page + 2 * i + 1} 0 R >>"
            ).encode("ascii")
        )
        objects.append(_stream("/Filter /FlateDecode", content))
    objects.append(_stream(f"/Filter /FlateDecode /Length1 {len(font.data)}", zlib.compress(font.data, 9)))
    objects.append(f"<< /Title {_text(title)} /Producer (Adalat) >>".encode("ascii"))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("ascii")
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode("ascii")
    return bytes(out)
