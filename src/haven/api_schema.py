"""The OpenAPI schema's view inspector (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers


class AutoSchema(SpectacularAutoSchema):
    """Haven's API views are APIViews, which drf-spectacular cannot tell as lists: a GET
    on a collection and a GET on one of its records would both be ``..._retrieve``. A GET
    whose path does not end in a record's id is named ``..._list``."""

    def get_operation_id(self) -> str:
        operation_id = super().get_operation_id()
        collection = not self.path.rstrip("/").endswith("}")
        if self.method == "GET" and collection and operation_id.endswith("_retrieve"):
            return operation_id.removesuffix("_retrieve") + "_list"
        return operation_id

    def _map_serializer_field(
        self, field: Any, direction: str, bypass_extensions: bool = False
    ) -> Any:
        """A read-only choice of a ``blank=True`` column may answer "" (DRF drops
        ``allow_blank`` from read-only model fields): the enum says so."""
        if (
            isinstance(field, serializers.ChoiceField)
            and field.read_only
            and not field.allow_blank
            and (path := _model_fields(field))
            and getattr(path[-1], "blank", False)
        ):
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _get_serializer_field_meta(self, field: Any, direction: str) -> dict[str, Any]:
        """A read-only field whose model column (or a relation on its way there) may be
        NULL answers null: say so, whether or not the field was declared ``allow_null``
        (a hand-declared ``SlugRelatedField(read_only=True)`` on a nullable key is not)."""
        meta = super()._get_serializer_field_meta(field, direction)
        if getattr(field, "read_only", False) and not meta.get("nullable") and _nullable(field):
            meta["nullable"] = True
        return meta


def _model_fields(field: Any) -> list[Any]:
    """The model fields a serializer field's source goes through (empty if unknown)."""
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = getattr(field, "source", "") or ""
    if model is None or not source or source == "*":
        return []
    path = []
    for name in source.split("."):
        if model is None:
            return []
        try:
            model_field = model._meta.get_field(name)
        except (FieldDoesNotExist, AttributeError):
            return []
        path.append(model_field)
        model = getattr(model_field, "related_model", None)
    return path


def _nullable(field: Any) -> bool:
    return any(getattr(f, "null", False) for f in _model_fields(field))
