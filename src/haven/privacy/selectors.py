"""Reads of erasure requests, scoped by accounts.policy.privacy."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from haven.accounts.policy import privacy as policy
from haven.privacy.models import ErasureRequest


def erasure_list(*, user: Any) -> QuerySet[ErasureRequest]:
    if not policy.can_list_erasures(user):
        return ErasureRequest.objects.none()
    return ErasureRequest.objects.filter(agency_id=user.agency_id)


def erasure_get(*, user: Any, request_id: Any) -> ErasureRequest:
    try:
        pk = uuid.UUID(str(request_id))
    except ValueError as exc:
        raise Http404 from exc
    found = erasure_list(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
