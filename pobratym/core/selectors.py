"""Reads of the audit: only the secretariat browses it."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from .i18n import alphabetical
from .models import AuditRecord
from .permissions import ensure_can
from .viewer import Viewer


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_list_for_viewer(
    *,
    viewer: Viewer,
    actor: str = "",
    verb: str = "",
    target_type: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditRecord]:
    """Audit records, newest first, filtered; refuses anyone but the secretariat.

    actor: part of the e-mail recorded at the time or of the account's current one.
    verb: a prefix ("membership." or "membership.verified").
    target_type: "app_label.model" of the records' kind.
    date_from, date_to: calendar days in the platform's time zone, both included.
    """
    ensure_can(viewer, "core.view_audit")
    records = AuditRecord.objects.select_related("target_type")
    if actor.strip():
        records = records.filter(
            Q(actor_label__icontains=actor.strip()) | Q(actor__email__icontains=actor.strip())
        )
    if verb:
        records = records.filter(verb__startswith=verb)
    if target_type:
        app_label, _, model = target_type.partition(".")
        records = records.filter(target_type__app_label=app_label, target_type__model=model)
    # Bounds on created_at itself rather than created_at__date, so the index on it serves them.
    if date_from is not None:
        records = records.filter(created_at__gte=_start_of(date_from))
    if date_to is not None:
        records = records.filter(created_at__lt=_start_of(date_to + timedelta(days=1)))
    return records.order_by("-created_at", "-pk")


@dataclass(frozen=True)
class AuditFilterChoices:
    verbs: list[str]
    kinds: list[ContentType]


def audit_filter_choices(*, viewer: Viewer) -> AuditFilterChoices:
    """The verbs and kinds of record the audit holds, to filter by; secretariat only."""
    ensure_can(viewer, "core.view_audit")
    verbs = list(AuditRecord.objects.order_by("verb").values_list("verb", flat=True).distinct())
    kinds = alphabetical(
        ContentType.objects.filter(
            pk__in=AuditRecord.objects.filter(target_type__isnull=False).values("target_type")
        ),
        by=lambda kind: str(kind.name),
    )
    return AuditFilterChoices(verbs=verbs, kinds=kinds)
