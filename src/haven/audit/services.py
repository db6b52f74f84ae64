"""Writing and verifying the audit chain.

Every service that changes data, and every selector that reads a sensitive class,
calls ``audit_log`` inside its own transaction, so the entry and the change commit
or roll back together.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from haven.accounts.roles import DataClass
from haven.audit.models import AuditEntry, AuditHead

GENESIS = "0" * 64
SECRET = "(secret)"
# The class of values that identify records or name codes, not people: ids, states.
REF = "ref"
# Classes whose values the log may keep (reads of the others are audited, so their
# values never enter the log); a reader still sees a value only if granted its class.
KEPT_CLASSES = frozenset({DataClass.IDENTITY, DataClass.DOCUMENTS, REF})


def _canonical(entry: AuditEntry) -> bytes:
    payload = {
        "seq": entry.seq,
        "id": str(entry.id),
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_username": entry.actor_username,
        "role": entry.role,
        "agency": entry.agency,
        "action": entry.action,
        "subject_type": entry.subject_type,
        "subject_id": entry.subject_id,
        "classes": list(entry.classes),
        "fields": list(entry.fields),
        "changes": entry.changes,
        "note": entry.note,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_mac(prev_mac: str, entry: AuditEntry) -> str:
    key = settings.AUDIT_KEY.encode()
    return hmac.new(key, prev_mac.encode() + b"\n" + _canonical(entry), hashlib.sha256).hexdigest()


def jsonable(value: Any) -> Any:
    """A value as the audit log stores it: JSON types, dates as ISO text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def change(data_class: str, old: Any = None, new: Any = None, *, secret: bool = False) -> Any:
    """One field's change as the log keeps it: its class, and its values only when the
    class may be kept and the field is not secret."""
    if secret or data_class not in KEPT_CLASSES:
        return {"class": str(data_class)}
    return {"class": str(data_class), "old": jsonable(old), "new": jsonable(new)}


def diff(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    *,
    classes: Mapping[str, str],
    secret: Iterable[str] = (),
) -> dict[str, Any]:
    """The fields that changed, each with its class (``classes`` maps every field) and,
    where allowed, its old and new values."""
    secret = set(secret)
    out: dict[str, Any] = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            out[name] = change(classes[name], old, new, secret=name in secret)
    return out


def _kept(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Every change reduced to what the log may keep, whatever the caller passed."""
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if not isinstance(value, Mapping) or "class" not in value:
            raise ValueError(f"audit change {name!r} has no data class; use change() or diff()")
        cls = str(value["class"])
        if cls in KEPT_CLASSES and ("old" in value or "new" in value):
            out[str(name)] = change(cls, value.get("old"), value.get("new"))
        else:
            out[str(name)] = {"class": cls}
    return out


def audit_log(
    *,
    actor: Any,
    action: str,
    subject_type: str,
    subject_id: object = "",
    classes: Iterable[str] = (),
    fields: Iterable[str] = (),
    changes: Mapping[str, Any] | None = None,
    note: str = "",
    at: datetime | None = None,
) -> AuditEntry:
    """Append one entry to the chain; joins the caller's transaction.

    ``changes`` (from ``diff``/``change``) name each changed field's class; values of
    read-audited classes and secret fields are never kept. ``note`` is system text only:
    what a user typed belongs in ``changes`` under its class."""
    kept = _kept(changes or {})
    classes = {str(c) for c in classes} | {v["class"] for v in kept.values() if v["class"] != REF}
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditHead.objects.create(pk=1, seq=0, mac=GENESIS)
        authenticated = actor is not None and getattr(actor, "is_authenticated", False)
        agency = getattr(actor, "agency", None) if authenticated else None
        entry = AuditEntry(
            seq=head.seq + 1,
            at=at or timezone.now(),
            actor_id=actor.pk if authenticated else None,
            actor_username=actor.get_username() if authenticated else "",
            role=getattr(actor, "role", "") if authenticated else "",
            agency=agency.name if agency is not None else "",
            action=action,
            subject_type=subject_type,
            subject_id=str(subject_id or ""),
            classes=sorted(classes),
            fields=sorted(set(fields) | set(kept)),
            changes=kept,
            note=note,
            prev_mac=head.mac or GENESIS,
        )
        entry.mac = compute_mac(entry.prev_mac, entry)
        entry.save(force_insert=True)
        AuditHead.objects.filter(pk=1).update(seq=entry.seq, mac=entry.mac)
        return entry


def visible_changes(changes: Mapping[str, Any], classes: Iterable[str]) -> dict[str, Any]:
    """What a reader granted ``classes`` may see of an entry's changes: every changed
    field's name and class, and old/new values only of classes they hold (ids and codes
    of ``REF`` to every reader of the log)."""
    granted = {str(c) for c in classes} | {REF}
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if isinstance(value, Mapping) and value.get("class") in granted and "new" in value:
            out[name] = dict(value)
        else:
            cls = value.get("class", "") if isinstance(value, Mapping) else ""
            out[name] = {"class": cls}
    return out


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    head: str
    broken_seq: int | None = None
    broken_id: str | None = None
    reason: str = ""


def chain_head() -> str:
    """``seq:mac`` of the newest entry; keep it outside the database."""
    last = AuditEntry.objects.order_by("-seq").values("seq", "mac").first()
    return f"{last['seq']}:{last['mac']}" if last else f"0:{GENESIS}"


def audit_verify(*, head: str | None = None) -> Verification:
    """Recompute the chain from the first entry; report the first broken link."""
    prev, expected, checked = GENESIS, 1, 0
    last_head = f"0:{GENESIS}"
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        checked += 1
        problem = ""
        if entry.seq != expected:
            problem = f"entry #{expected} is missing (next is #{entry.seq})"
        elif entry.prev_mac != prev:
            problem = "it does not follow the entry before it (removed or reordered)"
        elif compute_mac(prev, entry) != entry.mac:
            problem = "its content was altered"
        if problem:
            return Verification(False, checked, last_head, entry.seq, str(entry.id), problem)
        prev, expected = entry.mac, expected + 1
        last_head = f"{entry.seq}:{entry.mac}"
    tip = AuditHead.objects.filter(pk=1).first()
    if tip is not None and tip.seq > expected - 1:
        return Verification(
            False,
            checked,
            last_head,
            expected,
            None,
            f"the chain ends at #{expected - 1} but entries up to #{tip.seq} were written",
        )
    if head:
        try:
            seq_text, mac = head.strip().split(":", 1)
            seq = int(seq_text)
        except ValueError:
            return Verification(False, checked, last_head, None, None, f"bad head {head!r}")
        if seq > 0:
            kept = AuditEntry.objects.filter(seq=seq).values_list("mac", flat=True).first()
            if kept is None:
                return Verification(
                    False,
                    checked,
                    last_head,
                    seq,
                    None,
                    f"entry #{seq} named by the kept head is gone (the chain was cut back)",
                )
            if not hmac.compare_digest(kept, mac):
                return Verification(
                    False,
                    checked,
                    last_head,
                    seq,
                    None,
                    f"entry #{seq} no longer matches the kept head (history was rewritten)",
                )
    return Verification(True, checked, last_head)
