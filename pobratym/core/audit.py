"""One way to leave an audit record, the before/after of the fields a write changed, and the
words the audit page shows for each action."""

import functools
import importlib
import importlib.util
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import AuditRecord
from .viewer import Viewer

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
    actor: Viewer | None,
    verb: str,
    target: models.Model | None = None,
    changes: Changes | None = None,
    details: dict[str, Any] | None = None,
    actor_label: str = "",
    ip_address: str | None = None,
) -> AuditRecord:
    """Record a write. actor is a user or None (the system, or an anonymous visitor)."""
    user = actor if actor is not None and actor.is_authenticated else None
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


# Each app names its own actions in its module `audit_verbs` (VERBS: verb -> label, GROUPS:
# the part before the dot -> label), so that core knows no app. Saves and deletes in the
# admin are recorded as "<model>.created|updated|deleted" for any model: named generically.
VERB_LABELS_MODULE = "audit_verbs"
_ADMIN_ACTIONS = {
    "created": _("Created: %(kind)s"),
    "updated": _("Changed: %(kind)s"),
    "deleted": _("Deleted: %(kind)s"),
}


@functools.cache
def _registered() -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    verbs: dict[str, Any] = {}
    groups: dict[str, Any] = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.{VERB_LABELS_MODULE}"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        verbs.update(module.VERBS)
        groups.update(module.GROUPS)
    return verbs, groups


def _model_named(model_name: str) -> type[models.Model] | None:
    return next((m for m in apps.get_models() if m._meta.model_name == model_name), None)


def verb_label(verb: str) -> str | None:
    """The action in words in the active language; None for a verb nobody named."""
    verbs, _groups = _registered()
    if verb in verbs:
        return str(verbs[verb])
    prefix, _dot, action = verb.partition(".")
    model = _model_named(prefix)
    if model is not None and action in _ADMIN_ACTIONS:
        return str(_ADMIN_ACTIONS[action] % {"kind": model._meta.verbose_name})
    return None


def verb_group_label(prefix: str) -> str:
    """The kind of action ("membership") in words; the model's name, or the prefix itself."""
    _verbs, groups = _registered()
    if prefix in groups:
        return str(groups[prefix])
    model = _model_named(prefix)
    return str(capfirst(model._meta.verbose_name_plural)) if model is not None else prefix
