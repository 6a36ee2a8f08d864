"""Each organisation's secret calendar address: made on first request, replaced on demand."""

from django.db import transaction

from pobratym.core.audit import audit_record
from pobratym.core.permissions import ensure_can
from pobratym.core.viewer import Viewer
from pobratym.directory.models import Association, Authority

from ..models import CalendarFeed, new_calendar_token, organisation_fields


@transaction.atomic
def calendar_feed_get(*, organisation: Authority | Association, actor: Viewer) -> CalendarFeed:
    """The organisation's feed, made if it has none. Side effects: audit "calendar_feed.created"
    the first time."""
    ensure_can(actor, "partnerships.manage_calendar", organisation)
    fields = {k: v for k, v in organisation_fields(organisation).items() if v is not None}
    feed, created = CalendarFeed.objects.get_or_create(**fields)
    if created:
        audit_record(actor=actor, verb="calendar_feed.created", target=feed)
    return feed


@transaction.atomic
def calendar_feed_rotate(*, organisation: Authority | Association, actor: Viewer) -> CalendarFeed:
    """A new secret address; the old one stops working at once (a link that leaked is revoked
    this way). Side effects: audit "calendar_feed.rotated"."""
    feed = calendar_feed_get(organisation=organisation, actor=actor)
    feed.token = new_calendar_token()
    feed.save(update_fields=["token", "updated_at"])
    audit_record(actor=actor, verb="calendar_feed.rotated", target=feed)
    return feed
