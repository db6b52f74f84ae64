"""The OpenAPI schema's view inspector (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS)."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


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
