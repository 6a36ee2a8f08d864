"""Writes of needs: publish, update, withdraw.

Each checks the rules before it changes anything, checks every value, writes in one
transaction (a bad item leaves no need behind), leaves an audit record with the before/after
of what changed, and queues the text's embedding after commit.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from pobratym.core.audit import audit_record
from pobratym.core.errors import InvalidInput
from pobratym.core.permissions import ensure_can
from pobratym.core.viewer import SignedIn, Viewer
from pobratym.directory.models import Authority

from ..enums import NeedStatus, RecordKind, Urgency, Visibility
from ..models import Need
from . import cleaning
from .cleaning import ItemIn
from .common import (
    audit_values,
    embed_after_commit,
    record_end,
    record_search_key,
    record_update,
    replace_items,
    text_language,
)

_AUDITED = (
    "title",
    "description",
    "language",
    "urgency",
    "estimated_cost_eur",
    "status",
    "visibility",
)
# Withdrawing has its own service, so that it is a deliberate, separately audited act.
_EDITABLE_STATUSES = (NeedStatus.OPEN, NeedStatus.PARTLY_MET, NeedStatus.MET)


def _check_authority(authority: Authority, errors: cleaning.Errors) -> None:
    if authority.merged_into_id is not None:
        errors["authority"] = _("This entry was merged into another one.")
    elif not authority.is_ukrainian:
        errors["authority"] = _("Only a Ukrainian hromada, city or oblast publishes needs.")


@transaction.atomic
def need_publish(
    *,
    authority: Authority,
    title: str,
    description: str = "",
    sectors: Sequence[str],
    urgency: str,
    items: Sequence[ItemIn] = (),
    estimated_cost_eur: Decimal | int | str | None = None,
    visibility: str = Visibility.PUBLIC,
    actor: SignedIn,
) -> Need:
    """Publish what a Ukrainian authority needs.

    Side effects: audit "need.published"; the text's embedding is queued after commit.
    """
    ensure_can(actor, "exchange.publish_need", authority)
    errors: cleaning.Errors = {}
    _check_authority(authority, errors)
    title, description = cleaning.title_and_description(title, description, errors)
    chosen_sectors = cleaning.sectors(sectors, errors)
    cleaning.choice(urgency, Urgency.values, field="urgency", errors=errors)
    cleaning.choice(visibility, Visibility.values, field="visibility", errors=errors)
    cost = cleaning.amount_eur(estimated_cost_eur, field="estimated_cost_eur", errors=errors)
    clean_items = cleaning.items(items, errors)
    if errors:
        raise InvalidInput.of_fields(errors)
    need = Need.objects.create(
        authority=authority,
        title=title,
        description=description,
        language=text_language(title, description),
        urgency=urgency,
        estimated_cost_eur=cost,
        visibility=visibility,
        created_by=actor,
        search_key=record_search_key(title, description, clean_items),
    )
    need.sectors.set(chosen_sectors)
    replace_items(need, clean_items)
    after = audit_values(need, _AUDITED)
    audit_record(
        actor=actor,
        verb="need.published",
        target=need,
        changes={
            name: [None, value] for name, value in after.items() if value not in ("", [], None)
        },
        details={"authority": str(authority), "authority_id": authority.pk},
    )
    embed_after_commit(RecordKind.NEED, need.pk)
    return need


def _changeable(need: Need) -> Need:
    """The need, locked for this transaction; refused once withdrawn."""
    need = Need.objects.select_for_update(of=("self",)).select_related("authority").get(pk=need.pk)
    if need.status == NeedStatus.WITHDRAWN:
        raise InvalidInput(_("This need was withdrawn; it can no longer be changed."))
    return need


@transaction.atomic
def need_update(
    *,
    need: Need,
    title: str,
    description: str,
    sectors: Sequence[str],
    urgency: str,
    items: Sequence[ItemIn],
    estimated_cost_eur: Decimal | int | str | None,
    status: str,
    visibility: str,
    actor: Viewer,
) -> Need:
    """Change a need; a withdrawn need stays as it was.

    Side effects: audit "need.updated" with every changed value; the embedding is queued
    after commit (and recomputed only if the text changed). Nothing at all when nothing changed.
    """
    ensure_can(actor, "exchange.change_need", need)
    need = _changeable(need)
    errors: cleaning.Errors = {}
    title, description = cleaning.title_and_description(title, description, errors)
    chosen_sectors = cleaning.sectors(sectors, errors)
    cleaning.choice(urgency, Urgency.values, field="urgency", errors=errors)
    cleaning.choice(status, _EDITABLE_STATUSES, field="status", errors=errors)
    cleaning.choice(visibility, Visibility.values, field="visibility", errors=errors)
    cost = cleaning.amount_eur(estimated_cost_eur, field="estimated_cost_eur", errors=errors)
    clean_items = cleaning.items(items, errors)
    if errors:
        raise InvalidInput.of_fields(errors)
    record_update(
        need,
        audited=_AUDITED,
        values={
            "title": title,
            "description": description,
            "urgency": urgency,
            "status": status,
            "visibility": visibility,
            "estimated_cost_eur": cost,
        },
        sectors=chosen_sectors,
        items=clean_items,
        kind=RecordKind.NEED,
        verb="need.updated",
        actor=actor,
    )
    return need


@transaction.atomic
def need_withdraw(*, need: Need, actor: Viewer) -> Need:
    """Withdraw a need: it stays readable, marked withdrawn, and can no longer be changed.

    Side effects: audit "need.withdrawn".
    """
    ensure_can(actor, "exchange.change_need", need)
    need = _changeable(need)
    record_end(need, status=NeedStatus.WITHDRAWN, verb="need.withdrawn", actor=actor)
    return need
