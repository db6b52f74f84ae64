"""Pages of long lists that stay fast at a million rows (the register's lists).

``FastPaginator`` is Django's Paginator with two changes, both only where they pay:

- **Counts that do not scan when they need not.** It counts at most ``COUNT_CAP`` + 1
  rows (``SELECT COUNT(*) FROM (... LIMIT cap+1)``, a short index scan). Up to the cap
  the count is exact; past it, on PostgreSQL, it is the planner's estimate
  (``EXPLAIN``), never below the cap, and ``count_exact`` is False: "about 240,000".
  SQLite (the embedded default, small registers) always counts exactly.
- **Pages by a deferred join.** It first reads only the ids of the page (``ORDER BY ...
  OFFSET n LIMIT k`` on the ids: an index-only scan of the covering index, people
  migration 0006; for a search, a sort of narrow rows) and then the page's rows by id,
  instead of sorting whole rows or reading and discarding every row before it.
- **Keyset pages** (``keyset_page``): the rows after (or before) a given row of the
  list, by the list's own order, ``WHERE (family_name, given_name, id) > (...)``: an
  index range scan, as fast at the millionth row as at the first, where an offset
  costs a scan of every row before it. The cursor is the row's id, never its names
  (URLs end up in logs), and it must be in the caller's list. Past ``DEEP_OFFSET``
  rows, a page's next and previous links are keyset links (``page.after``,
  ``page.before``), so walking a long list stays fast; page numbers still jump.

With an estimated count a page past the estimate may still hold rows (it is served), and
one before it may be empty (404, as any page past the end).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.db.models.query import ModelIterable
from django.utils.translation import gettext as _

COUNT_CAP = 5000
DEEP_OFFSET = 1000


class CursorError(ValueError):
    """A keyset cursor that cannot be followed; ``field`` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def order_keys(qs: QuerySet[Any]) -> tuple[list[str], bool] | None:
    """The fields ``qs`` is ordered by and whether descending, when a keyset can follow
    that order: plain fields of the model, all in one direction, the last one the
    primary key (so the order is total). None otherwise (a ranked search, say)."""
    order = list(qs.query.order_by) or (
        list(qs.model._meta.ordering) if qs.query.default_ordering else []
    )
    if not order or not all(isinstance(o, str) for o in order):
        return None
    directions = {o.startswith("-") for o in order}
    if len(directions) != 1:
        return None
    names = [o.lstrip("-") for o in order]
    pk = qs.model._meta.pk
    names = ["pk" if n in ("pk", pk.name, pk.attname) else n for n in names]
    concrete = {f.name for f in qs.model._meta.concrete_fields}
    if names[-1] != "pk" or not all(n == "pk" or n in concrete for n in names):
        return None
    return names, directions.pop()


def estimated_rows(qs: QuerySet[Any]) -> int | None:
    """The PostgreSQL planner's estimate of the rows ``qs`` returns (None elsewhere)."""
    connection = connections[qs.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = qs.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class FastPage(Page):
    """A numbered page; past ``DEEP_OFFSET`` rows its links go by keyset: ``after`` (the
    last row's id, for the next page) and ``before`` (the first's, for the previous)."""

    after: Any = None
    before: Any = None

    def has_next(self) -> bool:
        if getattr(self.paginator, "count_exact", True):
            return super().has_next()
        return len(self.object_list) == self.paginator.per_page


class KeysetPage(Sequence[Any]):
    """The rows after (or before) a row of the list: it has no number, only neighbours."""

    number = None

    def __init__(
        self, rows: list[Any], paginator: FastPaginator, *, more: bool, forward: bool
    ) -> None:
        self.object_list, self.paginator = rows, paginator
        # the anchor row lies behind the page; ``more`` says whether rows lie beyond it
        self.after = rows[-1].pk if rows and (more or not forward) else None
        self.before = rows[0].pk if rows and (more or forward) else None

    def __len__(self) -> int:
        return len(self.object_list)

    def __getitem__(self, index: Any) -> Any:
        return self.object_list[index]

    def has_next(self) -> bool:
        return self.after is not None

    def has_previous(self) -> bool:
        return self.before is not None

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()


class FastPaginator(Paginator):
    _exact = True

    @property
    def count_exact(self) -> bool:
        """Whether ``count`` is exact (False: the planner's estimate of a long list)."""
        self.count  # noqa: B018 -- computes it
        return self._exact

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        qs = self.object_list
        if not isinstance(qs, QuerySet):
            return super().count
        capped = qs.order_by()[: COUNT_CAP + 1].count()
        if capped <= COUNT_CAP:
            return capped
        estimate = estimated_rows(qs)
        if estimate is None:
            return qs.count()
        self._exact = False
        return max(estimate, capped)

    def validate_number(self, number: Any) -> int:
        try:
            return super().validate_number(number)
        except EmptyPage:
            if self.count_exact:
                raise
            return int(number)  # an estimate may fall short: look, and 404 if empty

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        qs = self.object_list
        if _of_models(qs) and qs.ordered:
            items = _by_ids(qs, slice(bottom, top))
        else:
            items = list(qs[bottom:top])
        if not items and number > 1 and not self.count_exact:
            raise EmptyPage(self.error_messages["no_results"])
        page = self._get_page(items, number, self)
        deep = bottom + self.per_page >= DEEP_OFFSET and items and _of_models(qs)
        if deep and order_keys(qs) is not None:  # deep in a long list: walk on by keyset
            page.after = items[-1].pk if page.has_next() else None
            page.before = items[0].pk if page.has_previous() else None
        return page

    def keyset_page(self, *, after: Any = None, before: Any = None) -> KeysetPage:
        """The page of rows after ``after`` (or before ``before``), a row id of this list.

        Raises ``CursorError`` when the list's order cannot be followed by keyset, when
        both or neither are given, or when the id is not a row of this list (as the
        user sees it: another agency's person is "not in this list" like a made-up id).
        """
        qs = self.object_list
        field = "after" if after is not None else "before"
        if (after is None) == (before is None):
            raise CursorError(field, _("Give either after or before."))
        keys = order_keys(qs) if _of_models(qs) else None
        if keys is None:
            raise CursorError(field, _("This list cannot be paged by a cursor; use page."))
        names, descending = keys
        try:
            anchor = uuid.UUID(str(after if after is not None else before))
        except ValueError:
            raise CursorError(field, _("Not a valid id.")) from None
        values = qs.filter(pk=anchor).values_list(*names).first()
        if values is None:
            raise CursorError(field, _("No such row in this list."))
        forward = after is not None
        lookup = TupleGreaterThan if forward != descending else TupleLessThan
        window = qs.filter(lookup(Tuple(*(F(n) for n in names)), values))
        if not forward:
            window = window.reverse()
        rows = _by_ids(window, slice(0, self.per_page + 1))
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if not forward:
            rows.reverse()
        return KeysetPage(rows, self, more=more, forward=forward)

    def get_page(self, number: Any) -> Page:
        """As Django's: a page that is not a number is the first, one past the end the
        last; and, when the count was an estimate and the last page is empty, the first."""
        try:
            number = self.validate_number(number)
        except PageNotAnInteger:
            number = 1
        except EmptyPage:
            number = self.num_pages
        try:
            return self.page(number)
        except EmptyPage:
            return self.page(1)

    def _get_page(self, *args: Any, **kwargs: Any) -> Page:
        return FastPage(*args, **kwargs)


def _of_models(qs: Any) -> bool:
    return isinstance(qs, QuerySet) and qs._iterable_class is ModelIterable


def _by_ids(qs: QuerySet[Any], window: slice) -> list[Any]:
    """The rows of ``qs[window]``, read as ids first (a narrow sort or an index-only scan),
    then by id through the same queryset (its joins, annotations and prefetches)."""
    ids = list(qs.values_list("pk", flat=True)[window])
    rows = {row.pk: row for row in qs.filter(pk__in=ids).order_by()}
    return [rows[i] for i in ids if i in rows]
