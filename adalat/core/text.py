"""Search keys: names as words (case-folded, accents removed, punctuation dropped), case numbers as
their parts, and prefix matching on an index of such keys."""

from __future__ import annotations

import re
import unicodedata

from django.db import connection
from django.db.models import Q

# A word: a run of letters and digits (of any script); everything else separates words.
WORD = re.compile(r"[^\W_]+")
MAX_WORD = 64  # longer runs are cut here, in the index and in a search alike
MAX_PARTS = 12  # of a case number's tokens, at most this many take part in its parts


def search_key(name: str) -> str:
    """The key a name is found by: ``"  Nguyễn  Văn A "`` -> ``"nguyen van a"``.

    Cyrillic and other scripts are kept; combining marks are removed, so ё folds to е
    (as Russian readers expect) and й to и. The key is only ever compared with keys made
    the same way, so the folding loses no match.
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("đ", "d")
    return " ".join(unicodedata.normalize("NFC", stripped).split())


def search_words(text: str) -> list[str]:
    """The words of ``text`` as they are indexed and searched, each once, in order:
    ``'ТОО «Астана-Аренда»'`` -> ``["тоо", "астана", "аренда"]``. Quotes, hyphens and other
    punctuation separate words and are not part of them."""
    return list(dict.fromkeys(word[:MAX_WORD] for word in WORD.findall(search_key(text))))


def number_tokens(number: str) -> list[str]:
    """The tokens of a case number or of a part of one: its runs of letters and digits, folded like
    names, numbers without their leading zeros: ``"DC01-CR-2026-00123"`` -> ``["dc01", "cr",
    "2026", "123"]``."""
    tokens = []
    for token in WORD.findall(search_key(number)):
        if token.isdecimal():
            token = str(int(token))
        tokens.append(token[:MAX_WORD])
    return tokens[:MAX_PARTS]


def number_key(text: str) -> str:
    """What a search for a part of a number looks up: its tokens, joined by spaces."""
    return " ".join(number_tokens(text))


def number_parts(number: str) -> set[str]:
    """Every run of consecutive tokens of ``number``, each as ``number_key`` writes it: a search
    finds the number by any part of it with one lookup. ``"CR-2026-00123"`` -> ``{"cr", "2026",
    "123", "cr 2026", "2026 123", "cr 2026 123"}``."""
    tokens = number_tokens(number)
    return {" ".join(tokens[start:end]) for start in range(len(tokens)) for end in range(start + 1, len(tokens) + 1)}


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``.

    ``key >= prefix AND key < prefix_upper_bound(prefix)`` is a prefix match that
    a plain B-tree index serves on SQLite and on PostgreSQL alike.
    """
    return prefix + "\U0010ffff"


def prefix_match(field: str, prefix: str) -> Q:
    """A prefix match on a column of search keys that the database answers from an index.

    PostgreSQL serves ``LIKE 'p%'`` from a ``text_pattern_ops`` index whatever the
    database's collation; SQLite compares text byte by byte, so a range does it.
    """
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__startswith": prefix})
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix_upper_bound(prefix)})
