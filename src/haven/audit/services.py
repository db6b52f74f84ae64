"""Writing and verifying the audit chain.

Every service that changes data, and every selector that reads a sensitive class,
calls ``audit_log`` inside its own transaction, so the entry and the change commit
or roll back together.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
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


ERASED = "erased"
# A marker in ``sealed``: this entry's kept values were erased (never a field's name).
ERASED_MARK = "_erased"


def _value_digest(nonce: str, value: Mapping[str, Any]) -> str:
    body = json.dumps(
        {"old": value.get("old"), "new": value.get("new")},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(nonce.encode() + b"\n" + body.encode()).hexdigest()


def _seal(changes: Mapping[str, Any]) -> dict[str, Any]:
    """A nonce and a digest for each change that keeps values of a person (identity,
    documents); ids and codes (``REF``) stay plain."""
    sealed: dict[str, Any] = {}
    for name, value in changes.items():
        if value.get("class") != REF and ("old" in value or "new" in value):
            nonce = secrets.token_hex(16)
            sealed[name] = {"nonce": nonce, "digest": _value_digest(nonce, value)}
    return sealed


def _canonical_changes(entry: AuditEntry) -> Any:
    sealed = entry.sealed or {}
    if not sealed or not isinstance(sealed, Mapping) or not isinstance(entry.changes, Mapping):
        return entry.changes  # entries written before sealing, with no values, or tampered
    out = {}
    for name, value in entry.changes.items():
        seal = sealed.get(name)
        if isinstance(seal, Mapping) and isinstance(value, Mapping) and "digest" in seal:
            out[name] = {"class": value.get("class"), "digest": seal["digest"]}
        else:
            out[name] = value
    return out


def _seals_hold(entry: AuditEntry) -> bool:
    """Every kept value still matches its digest (erased values have neither)."""
    if not entry.sealed:
        return True
    if not isinstance(entry.sealed, Mapping) or not isinstance(entry.changes, Mapping):
        return False
    for name, seal in entry.sealed.items():
        if name == ERASED_MARK or not isinstance(seal, Mapping):
            continue
        value = entry.changes.get(name)
        if not isinstance(value, Mapping):
            return False
        if value.get(ERASED):
            if "nonce" in seal or "old" in value or "new" in value:
                return False
            continue
        if "nonce" not in seal or _value_digest(seal["nonce"], value) != seal.get("digest"):
            return False
    return True


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
        "changes": _canonical_changes(entry),
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


def _check_pending_constraints() -> None:
    """Run the foreign-key checks this transaction has deferred, before the head is locked.

    The lock order of every Haven transaction is: domain rows first, the audit head
    last (it is held to COMMIT, and every write and audited read waits for it). Django's
    foreign keys on PostgreSQL are DEFERRABLE INITIALLY DEFERRED, so an INSERT that
    points at a person is checked at COMMIT, with a key-share lock on that person taken
    *after* the head: a transaction editing that person (holding its row, waiting for
    the head) and this one then wait for each other, a deadlock (found by ``make soak``).
    Checking now takes those locks before the head; the keys go back to deferred for
    what the transaction writes next (Django's only deferrable constraints are its
    foreign keys, all initially deferred)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED")


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
    # Joined to the caller's transaction without a savepoint: the entry and the change
    # commit or roll back together anyway, and a savepoint costs two more round trips.
    # A transaction begun here has deferred no constraint yet: nothing to check first.
    joined = transaction.get_connection().in_atomic_block
    with transaction.atomic(savepoint=False):
        if joined:
            _check_pending_constraints()
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
            sealed=_seal(kept),
            note=note,
            prev_mac=head.mac or GENESIS,
        )
        entry.mac = compute_mac(entry.prev_mac, entry)
        entry.save(force_insert=True)
        AuditHead.objects.filter(pk=1).update(seq=entry.seq, mac=entry.mac)
        return entry


def audit_erase_values(entries: Any) -> int:
    """Remove the kept values (and their nonces) from these entries' sealed changes:
    erasure of a person. Ids, actions, field names, classes and ``REF`` values stay; each
    digest stays, so the chain still verifies. Entries written before sealing cannot be
    erased this way and are left as they are. Returns how many entries changed."""
    from django.db import connection

    done = 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # the append-only trigger lets exactly this through (audit migration 0003)
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL haven.audit_erasure = 'on'")
        for entry in entries.exclude(sealed={}).iterator(chunk_size=500):
            sealed = dict(entry.sealed)
            if sealed.get(ERASED_MARK):
                continue
            changes = dict(entry.changes)
            for name, seal in list(sealed.items()):
                if name in changes:
                    changes[name] = {"class": changes[name].get("class"), ERASED: True}
                    sealed[name] = {"digest": seal["digest"]}
            sealed[ERASED_MARK] = True
            AuditEntry.objects.filter(pk=entry.pk).update(changes=changes, sealed=sealed)
            done += 1
    return done


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
    # The head given to check against cannot be used (malformed, cut short, a typo): says
    # nothing about the chain, and is reported apart from a broken one.
    bad_head: bool = False


HEAD_RE = re.compile(r"^(\d{1,18}):([0-9a-f]+)$")
MAC_LENGTH = 64
# A kept MAC this close to the stored one is a copying mistake: a rewritten history gives
# an unrelated MAC (each hex digit differs with probability 15/16).
TYPO_DISTANCE = 3


def parse_head(head: str) -> tuple[int, str]:
    """``SEQ:MAC`` as ``haven audit head`` prints it; ValueError, saying what is wrong, for
    anything else (the 12 characters the audit page shows are not a head)."""
    text = head.strip().lower()
    match = HEAD_RE.match(text)
    if match is None:
        raise ValueError(
            f"{head.strip()!r} is not a chain head: a head is SEQ:MAC as `haven audit head` "
            "prints it (an entry number, a colon, 64 hexadecimal characters)"
        )
    seq, mac = int(match.group(1)), match.group(2)
    if len(mac) != MAC_LENGTH:
        raise ValueError(
            f"the MAC in the head has {len(mac)} characters, not {MAC_LENGTH}: copy the whole "
            "head that `haven audit head` printed (the audit page shows only the first 12)"
        )
    return seq, mac


def chain_head() -> str:
    """``seq:mac`` of the newest entry; keep it outside the database."""
    last = AuditEntry.objects.order_by("-seq").values("seq", "mac").first()
    return f"{last['seq']}:{last['mac']}" if last else f"0:{GENESIS}"


def audit_verify(*, head: str | None = None) -> Verification:
    """Recompute the chain from the first entry; report the first broken link, and with
    ``head`` whether the chain still holds that kept head."""
    kept_head: tuple[int, str] | None = None
    if head:
        try:
            kept_head = parse_head(head)
        except ValueError as exc:
            return Verification(False, 0, "", reason=str(exc), bad_head=True)
    prev, expected, checked = GENESIS, 1, 0
    last_head = f"0:{GENESIS}"
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        checked += 1
        problem = ""
        if entry.seq != expected:
            problem = f"entry #{expected} is missing (next is #{entry.seq})"
        elif entry.prev_mac != prev:
            problem = "it does not follow the entry before it (removed or reordered)"
        elif compute_mac(prev, entry) != entry.mac or not _seals_hold(entry):
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
    if kept_head is not None:
        seq, mac = kept_head
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
                differing = sum(a != b for a, b in zip(kept, mac, strict=True))
                if differing <= TYPO_DISTANCE:
                    return Verification(
                        False,
                        checked,
                        last_head,
                        seq,
                        None,
                        f"the kept head differs from entry #{seq}'s MAC in {differing} "
                        "character(s) only: a copying mistake, not a rewritten history; "
                        "check the head you kept",
                        bad_head=True,
                    )
                return Verification(
                    False,
                    checked,
                    last_head,
                    seq,
                    None,
                    f"entry #{seq} no longer matches the kept head (history was rewritten)",
                )
        elif mac != GENESIS:
            return Verification(
                False,
                checked,
                last_head,
                reason="a head numbered 0 names the empty chain, whose MAC is 64 zeros",
                bad_head=True,
            )
    return Verification(True, checked, last_head)
