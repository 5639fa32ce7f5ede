"""Page-numbered lists in a stable order. Counting stops at ``COUNT_LIMIT``: past that the
answer says "more than" instead of making the database count a million rows."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

from .api_input import Input

COUNT_LIMIT = 10_000
MAX_PAGE_SIZE = 200
MAX_PAGE = 1_000_000
T = TypeVar("T")
M = TypeVar("M", bound=Model)


class PageQuery(Input):
    """The page wanted of a list; endpoints with filters add theirs to it."""

    page: Annotated[int, Field(ge=1, le=MAX_PAGE)] = 1
    page_size: Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)] = 50


class Page(Schema, Generic[T]):
    items: list[T]
    page: int
    page_size: int
    count: int
    count_exact: bool
    next: str | None
    previous: str | None


def bounded_count(queryset: QuerySet[Any], limit: int = COUNT_LIMIT) -> tuple[int, bool]:
    """The number of rows up to ``limit``, and whether that is the exact count."""
    counted = queryset.order_by()[: limit + 1].count()
    return min(counted, limit), counted <= limit


def page_of(
    queryset: QuerySet[M], page: int, page_size: int, limit: int = COUNT_LIMIT
) -> tuple[list[M], int, bool, bool]:
    """The rows of one page, the bounded count, whether it is exact, and whether a page follows.
    A list that fits on its first page is not counted again."""
    offset = (page - 1) * page_size
    rows = list(queryset[offset : offset + page_size + 1])
    has_next = len(rows) > page_size
    if page == 1 and not has_next:
        return rows, len(rows), True, False
    count, exact = bounded_count(queryset, limit)
    return rows[:page_size], count, exact, has_next


def paginate(request: HttpRequest, queryset: QuerySet[M], page: int, page_size: int) -> dict[str, Any]:
    """One page of ``queryset`` (``page`` and ``page_size`` as a ``PageQuery`` bounds them)."""
    rows, count, exact, has_next = page_of(queryset, page, page_size)

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        query["page_size"] = str(page_size)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "items": rows,
        "page": page,
        "page_size": page_size,
        "count": count,
        "count_exact": exact,
        "next": link(page + 1) if has_next else None,
        "previous": link(page - 1) if page > 1 else None,
    }
