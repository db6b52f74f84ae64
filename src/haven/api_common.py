"""Small pieces every API module shares: error mapping and pagination."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Model and service validation errors answer 400 with field errors, like serializers."""
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = ValidationError(detail=detail)
    return drf_exception_handler(exc, context)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def validated(serializer_class: type[serializers.Serializer], data: Any, **kwargs: Any) -> Any:
    """Validate input with a serializer, raising 400 with field errors."""
    s = serializer_class(data=data, **kwargs)
    s.is_valid(raise_exception=True)
    return s.validated_data
