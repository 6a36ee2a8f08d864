"""One way to leave an audit record, and the before/after of the fields a write changed."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditRecord

Changes = dict[str, list[Any]]


def _json_safe(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of the named fields, JSON-safe (foreign keys as their ids)."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        values[name] = _json_safe(getattr(obj, attname))
    return values


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """{field: [before, after]} for every field whose value differs."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def audit_record(
    *,
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    changes: Changes | None = None,
    details: dict[str, Any] | None = None,
    actor_label: str = "",
    ip_address: str | None = None,
) -> AuditRecord:
    """Record a write. actor is a user or None (the system, or an anonymous visitor)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditRecord.objects.create(
        actor=user,
        actor_label=actor_label or (getattr(user, "email", "") if user else ""),
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        changes={k: [_json_safe(v) for v in pair] for k, pair in (changes or {}).items()},
        details=details or {},
        ip_address=ip_address,
    )
