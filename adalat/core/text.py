"""Search keys for names (case-folded, accents removed, spaces collapsed) and prefix matching on them."""

from __future__ import annotations

import unicodedata

from django.db import connection
from django.db.models import Q


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
