"""The search index of the case file and the searches it answers (decision 0035).

A party is found by the start of any word of its name (``PartyWord``), a case by any part of any
number it was given (``CaseNumberPart``) and, for those who may see the parties' details, by a
party's identity number. The services write the index with the rows it describes; the bulk loader
writes the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import Model, Q
from django.db.models.expressions import RawSQL

from adalat.accounts.access import AnyUser
from adalat.core.text import number_key, number_parts, prefix_upper_bound, search_words
from adalat.jurisdictions.current import get_pack

from .models import CaseNumberPart, Participant, Party, PartyWord
from .rules import party_details_cases

# --- writing the index -----------------------------------------------------------------------


def party_index(*, party: Party) -> None:
    """Index the words of a new party's name."""
    PartyWord.objects.bulk_create(PartyWord(party=party, word=word) for word in search_words(party.name))


def number_index(*, case_id: int, number: str) -> None:
    """Index the parts of a number a case was given (its other numbers may share some)."""
    parts = [CaseNumberPart(case_id=case_id, part=part) for part in number_parts(number)]
    CaseNumberPart.objects.bulk_create(parts, ignore_conflicts=True)


# --- searching -------------------------------------------------------------------------------
#
# The search is one subquery of case ids, written here in SQL: the ORM takes milliseconds to build a
# union of correlated subqueries, many times what the database takes to answer it from the index.
# Tables and columns are named from the models.

MAX_HOLDERS = 1000  # parties with one identity number: more would be a mistake in the data


def _names(model: type[Model], *fields: str) -> tuple[str, ...]:
    """The quoted name of ``model``'s table and those of the columns of ``fields``."""
    quote = connection.ops.quote_name
    columns = {field.name: str(field.column) for field in model._meta.concrete_fields}
    return (quote(model._meta.db_table), *(quote(columns[name]) for name in fields))


def _word_sql(column: str, word: str) -> tuple[str, list[str]]:
    """A word of the index that starts with ``word``; a single letter or digit is a whole word
    (``"a"`` in "Nguyen Van A"), so that it does not stand for a twentieth of every name. PostgreSQL
    serves ``LIKE 'w%'`` from the ``text_pattern_ops`` index whatever the collation (words hold no %
    nor _); SQLite compares text byte by byte, so a range does it."""
    if len(word) == 1:
        return f"{column} = %s", [word]
    if connection.vendor == "postgresql":
        return f"{column} LIKE %s", [word + "%"]
    return f"{column} >= %s AND {column} < %s", [word, prefix_upper_bound(word)]


def parties_named(words: Iterable[str]) -> RawSQL:
    """The ids of the parties that have, for each of ``words``, a word of their name starting with
    it, in any order. The longest word is looked up in the index (word, party); the others are
    checked for each party it finds, on the primary key (party, word)."""
    ordered = sorted(dict.fromkeys(words), key=len, reverse=True)
    table, party, word = _names(PartyWord, "party", "word")
    condition, params = _word_sql(f"w.{word}", ordered[0])
    for other in ordered[1:]:
        other_condition, other_params = _word_sql(f"v.{word}", other)
        condition += f" AND EXISTS (SELECT 1 FROM {table} v WHERE v.{party} = w.{party} AND {other_condition})"  # noqa: S608
        params += other_params
    return RawSQL(f"SELECT w.{party} FROM {table} w WHERE {condition}", params)  # noqa: S608, S611


def national_id_of(query: str) -> str | None:
    """``query`` as an identity number, if it is written like one (the pack's format)."""
    candidate = query.strip().upper()
    if candidate and re.fullmatch(get_pack().header.formats.national_id.pattern, candidate):
        return candidate
    return None


def _identified(user: AnyUser, identity: str) -> tuple[list[str], list[Any]]:
    """The cases of the parties with this identity number, among those whose parties' details
    ``user`` may see, as SQL: one statement for each reason they may (each is a plain join the
    database answers from its indexes, where their ``OR`` would read every case of the parties);
    none when there is nowhere to look or nobody has the number."""
    holders = list(Party.objects.filter(national_id=identity).values_list("pk", flat=True)[:MAX_HOLDERS])
    scopes = party_details_cases(user, prefix="case__") if holders else []
    statements: list[str] = []
    params: list[Any] = []
    for scope in scopes:
        cases = Participant.objects.filter(scope, party_id__in=holders, removed_at__isnull=True).values("case_id")
        sql, scope_params = cases.query.sql_with_params()
        statements.append(sql)
        params += scope_params
    return statements, params


def case_search(*, user: AnyUser, query: str) -> Q:
    """The cases that ``query`` finds, as a filter on cases the user already sees: any part of any
    of their numbers (when it has a digit), any words of a party's name, or a party's identity
    number exactly (only where the user may see the parties' details, so that the search does not
    tell whether someone with that number exists elsewhere). One subquery, so that the database
    can start from what it finds (decision 0035)."""
    found: list[str] = []
    params: list[Any] = []
    if any(ch.isdigit() for ch in query) and (key := number_key(query)):
        table, case, part = _names(CaseNumberPart, "case", "part")
        found.append(f"SELECT {case} FROM {table} WHERE {part} = %s")  # noqa: S608
        params.append(key)
    if words := search_words(query):
        named = parties_named(words)
        table, case, party, removed = _names(Participant, "case", "party", "removed_at")
        found.append(f"SELECT {case} FROM {table} WHERE {removed} IS NULL AND {party} IN ({named.sql})")  # noqa: S608
        params += named.params
    if identity := national_id_of(query):
        statements, identified = _identified(user, identity)
        found += statements
        params += identified
    if not found:
        return Q(pk__in=[])
    return Q(pk__in=RawSQL(" UNION ALL ".join(found), params))  # noqa: S611 (values are parameters)
