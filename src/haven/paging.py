"""Pages of long lists that stay fast at a million rows (the register's lists).

``FastPaginator`` is Django's Paginator with two changes, both only where they pay:

- **Counts that do not scan when they need not.** It counts at most ``COUNT_CAP`` + 1
  rows (``SELECT COUNT(*) FROM (... LIMIT cap+1)``, a short index scan). Up to the cap
  the count is exact; past it, on PostgreSQL, it is the planner's estimate
  (``EXPLAIN``), never below the cap, and ``count_exact`` is False: "about 240,000".
  SQLite (the embedded default, small registers) always counts exactly.
- **Deep pages by a deferred join.** Past ``DEEP_OFFSET`` rows, it first reads only the
  ids of the page (``ORDER BY ... OFFSET n LIMIT k`` on the ids: an index-only scan of
  the covering index, people migration 0006) and then the page's rows by id, instead
  of reading and discarding every row before it.

With an estimated count a page past the estimate may still hold rows (it is served), and
one before it may be empty (404, as any page past the end).
"""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import QuerySet

COUNT_CAP = 5000
DEEP_OFFSET = 1000


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
    def has_next(self) -> bool:
        if getattr(self.paginator, "count_exact", True):
            return super().has_next()
        return len(self.object_list) == self.paginator.per_page


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
        if isinstance(qs, QuerySet) and bottom >= DEEP_OFFSET and qs.ordered:
            ids = list(qs.values_list("pk", flat=True)[bottom:top])
            rows = {row.pk: row for row in qs.model._default_manager.filter(pk__in=ids)
                    .select_related(*_related(qs))}  # fmt: skip
            items: list[Any] = [rows[i] for i in ids if i in rows]
        else:
            items = list(qs[bottom:top])
        if not items and number > 1 and not self.count_exact:
            raise EmptyPage(self.error_messages["no_results"])
        return self._get_page(items, number, self)

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


def _related(qs: QuerySet[Any]) -> list[str]:
    related = qs.query.select_related
    return list(related) if isinstance(related, dict) else []
