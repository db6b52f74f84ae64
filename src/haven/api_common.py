"""Small pieces every API module shares: error mapping, pagination, parsing and strict
input."""

from __future__ import annotations

import copy
import functools
import io
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext as _
from rest_framework import parsers, serializers
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from haven.busy import RETRY_AFTER_SECONDS, busy_message, is_lock_conflict
from haven.paging import CursorError, FastPaginator, KeysetPage

# No Haven request nests deeper than 3 (a person: object > other_names > one name); this
# leaves room, and refuses before parsing what would exhaust the parser's stack.
MAX_JSON_DEPTH = 8


def busy_response() -> Response:
    """503 with Retry-After: a lock conflict is the server's, not the request's, fault."""
    return Response(
        {"detail": busy_message()},
        status=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Model and service validation errors answer 400 with field errors, like serializers;
    a deadlock or serialization failure 503 with Retry-After, never a 500."""
    # imported here: rest_framework.views reads the API settings, which name this module
    # (a module-level import is circular whenever DRF's settings load this module first)
    from rest_framework.views import exception_handler as drf_exception_handler

    if is_lock_conflict(exc):
        return busy_response()
    if isinstance(exc, RequestDataTooBig):  # Django's own check, as DRF reads the body
        exc = _too_big(max_body_bytes())
    elif isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = ValidationError(detail=detail)
    return drf_exception_handler(exc, context)


@functools.cache  # one component per serializer, however many lists answer it
def paginated(serializer: type[serializers.BaseSerializer]) -> serializers.BaseSerializer:
    """The OpenAPI response of a list that ``Pagination`` pages (an APIView's list is not
    wrapped by drf-spectacular by itself): the page's envelope around the results."""
    from drf_spectacular.utils import inline_serializer

    name = serializer.__name__.removesuffix("Serializer")
    return inline_serializer(
        f"Paginated{name}List",
        fields={
            "count": serializers.IntegerField(),
            "count_exact": serializers.BooleanField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer(many=True),
        },
    )


def page_parameters() -> list[Any]:
    """The OpenAPI parameters of a list that ``Pagination`` pages."""
    from drf_spectacular.utils import OpenApiParameter

    return [
        OpenApiParameter("page", int, description="Page number"),
        OpenApiParameter("page_size", int, description="Rows per page (at most 500)"),
        OpenApiParameter("after", str, description="The page after this row id (keyset paging)"),
        OpenApiParameter("before", str, description="The page before this row id (keyset paging)"),
    ]


@functools.cache
def listed(serializer: type[serializers.BaseSerializer]) -> serializers.BaseSerializer:
    """The OpenAPI response of a short list answered whole: ``{"results": [...]}``."""
    from drf_spectacular.utils import inline_serializer

    name = serializer.__name__.removesuffix("Serializer")
    return inline_serializer(f"{name}Results", fields={"results": serializer(many=True)})


class Pagination(PageNumberPagination):
    """Page-numbered lists; ``count`` is exact up to ``haven.paging.COUNT_CAP`` and an
    estimate past it (``count_exact`` says which), so long lists never count every row.

    ``?after=<id>`` (or ``?before=<id>``) gives the page after (before) that row of the
    list by keyset, as fast deep in a long list as at its start; past
    ``haven.paging.DEEP_OFFSET`` rows the ``next`` and ``previous`` links are such
    links. A list in ranked order (a search) pages by number only."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = FastPaginator

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any]:
        after, before = request.query_params.get("after"), request.query_params.get("before")
        if after is None and before is None:
            return list(super().paginate_queryset(queryset, request, view) or [])
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        try:
            self.page = paginator.keyset_page(after=after, before=before)
        except CursorError as exc:
            raise ValidationError({exc.field: [exc.message]}) from exc
        self.request = request
        return list(self.page)

    def _link(self, name: str, numbered: Callable[[], str | None]) -> str | None:
        """The page's keyset link ``name`` (after/before) when it has one; a keyset page
        without it has no neighbour that way; a numbered page links by number."""
        value = getattr(self.page, name, None)
        if value is not None:
            url = self.request.build_absolute_uri()
            for other in ("after", "before", self.page_query_param):
                url = remove_query_param(url, other)
            return replace_query_param(url, name, str(value))
        return None if isinstance(self.page, KeysetPage) else numbered()

    def get_next_link(self) -> str | None:
        return self._link("after", super().get_next_link)

    def get_previous_link(self) -> str | None:
        return self._link("before", super().get_previous_link)

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        response.data["count_exact"] = getattr(self.page.paginator, "count_exact", True)
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        out = super().get_paginated_response_schema(schema)
        out["properties"]["count_exact"] = {
            "type": "boolean",
            "description": "False when count is the database's estimate (a long list)",
        }
        return out


# --- parsing: one size limit and one depth limit for every API request ------------------


def max_body_bytes() -> int:
    """The largest request body the API reads: Django's DATA_UPLOAD_MAX_MEMORY_SIZE,
    the same limit the web forms have."""
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)


def _too_big(limit: int) -> ParseError:
    return ParseError(
        _("The request body is larger than %(n)s bytes.") % {"n": limit}, code="too_large"
    )


def _check_declared_length(parser_context: Mapping[str, Any] | None) -> None:
    limit = max_body_bytes()
    request = (parser_context or {}).get("request")
    meta = getattr(request, "META", {}) if request is not None else {}
    try:
        declared = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if limit and declared > limit:
        raise _too_big(limit)


def _read_limited(stream: Any, parser_context: Mapping[str, Any] | None) -> bytes:
    """The body, refused (400) past the limit whether or not its length was declared."""
    _check_declared_length(parser_context)
    limit = max_body_bytes()
    body = stream.read(limit + 1) if limit else stream.read()
    if limit and len(body) > limit:
        raise _too_big(limit)
    return bytes(body)


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether brackets nest deeper than ``limit`` (strings skipped); no recursion, so
    '[' * 50000 is answered in linear time."""
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return True
        elif token in "]}":
            depth -= 1
    return False


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


class JSONParser(parsers.JSONParser):
    """JSON within the size limit and nested no deeper than MAX_JSON_DEPTH; anything
    else is a 400, never a RecursionError."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        raw = _read_limited(stream, parser_context)
        try:
            text = raw.decode(settings.DEFAULT_CHARSET)
        except UnicodeDecodeError as exc:
            raise ParseError(_("The request body is not valid UTF-8.")) from exc
        if json_depth_exceeds(text):
            raise ParseError(
                _("The JSON nests deeper than %(n)s levels.") % {"n": MAX_JSON_DEPTH},
                code="too_deep",
            )
        try:
            return json.loads(text, parse_constant=_no_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("The request body is not valid JSON.")) from exc


class FormParser(parsers.FormParser):
    """Form-encoded input within the size limit."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        raw = _read_limited(stream, parser_context)
        return super().parse(io.BytesIO(raw), media_type, parser_context)


class MultiPartParser(parsers.MultiPartParser):
    """Multipart input within the size limit (the API takes no files). Django reads no
    more than the declared length, so the declared length is what is checked."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        _check_declared_length(parser_context)
        return super().parse(stream, media_type, parser_context)


# --- strict input -------------------------------------------------------------------


class StrictCharField(serializers.CharField):
    """Text only: a number, object or list where text belongs is refused, not turned
    into text."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


# For ModelSerializers: their text fields are strict too.
STRICT_FIELD_MAPPING = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.CharField: StrictCharField,
    models.TextField: StrictCharField,
}


class ModelSerializer(serializers.ModelSerializer):
    """DRF's ModelSerializer with strict text fields, which reads its model and Meta to
    build its fields once per class instead of once per instance (the larger part of a
    small response's CPU); each instance gets deep copies of them, as DRF gives each
    instance copies of its declared fields."""

    serializer_field_mapping = STRICT_FIELD_MAPPING

    def get_fields(self) -> dict[str, Any]:
        built = type(self).__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            type(self)._built_fields = built
        return copy.deepcopy(built)


def validated(
    serializer_class: type[serializers.Serializer],
    data: Any,
    *,
    strict: bool = False,
    **kwargs: Any,
) -> Any:
    """Validate input with a serializer, raising 400 with field errors. With ``strict``
    (every request body), a field the serializer does not take is an error too, never
    silently dropped."""
    s = serializer_class(data=data, **kwargs)
    valid = s.is_valid()
    errors = dict(s.errors) if not valid else {}
    if strict and isinstance(data, Mapping):
        writable = {name for name, field in s.fields.items() if not field.read_only}
        for name in sorted(set(data) - writable):
            errors[str(name)] = [_("Unknown or read-only field.")]
    if errors:
        raise ValidationError(errors)
    return s.validated_data
