"""Aid deliveries: pledged, shipped, received — and the need they answer, kept in step.

A delivery's items are matched to the needed items they cover: the needed item with the same
unit and the same name (case and accents aside); failing that, when the need and the delivery
each list exactly one item in a unit, those two ("10 генераторів" answers "Генератор 30 кВт").
When a delivery is received, the need becomes met if everything received covers every needed
item, partly met otherwise; a need already met or withdrawn is left as it is.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from pobratym.core.audit import audit_record
from pobratym.core.errors import InvalidInput
from pobratym.core.permissions import ensure_can
from pobratym.core.textkeys import fold
from pobratym.directory.models import Association, Authority
from pobratym.exchange.enums import NeedStatus, Visibility
from pobratym.exchange.models import Need, NeedItem
from pobratym.exchange.services import ItemIn, cleaning, need_update

from ..enums import DeliveryState
from ..models import Delivery, DeliveryItem, Partnership
from ..selectors import party_authority_ids
from . import common

Organisation = Authority | Association


def _match(
    item: cleaning.CleanItem, given: Sequence[cleaning.CleanItem], needed: Sequence[NeedItem]
) -> NeedItem | None:
    same_unit = [n for n in needed if n.unit == item.unit]
    by_name = [n for n in same_unit if fold(n.name) == fold(item.name)]
    if len(by_name) == 1:
        return by_name[0]
    given_in_unit = [g for g in given if g.unit == item.unit]
    return same_unit[0] if len(same_unit) == 1 and len(given_in_unit) == 1 else None


def _not_in_future(day: date, *, field: str, errors: common.Errors) -> None:
    if day > timezone.localdate():
        errors[field] = _("This date is in the future.")


@transaction.atomic
def delivery_pledge(
    *,
    partnership: Partnership,
    giver: Organisation,
    recipient: Authority,
    items: Sequence[ItemIn],
    need: Need | None = None,
    pledged_on: date | None = None,
    note: str = "",
    visibility: str | None = None,
    actor: Any,
) -> Delivery:
    """A party pledges aid to a Ukrainian authority of the partnership (a party, or a member of
    a party association), optionally answering one of its needs.

    Side effects: audit "delivery.pledged".
    """
    ensure_can(actor, "partnerships.change", partnership)
    partnership = common.locked(partnership)
    errors: common.Errors = {}
    giving_party = next((p for p in partnership.parties.all() if p.organisation == giver), None)
    if giving_party is None:
        errors["giver"] = _("The giver must be a party of the partnership.")
    if recipient.pk not in party_authority_ids(partnership) or not recipient.is_ukrainian:
        errors["recipient"] = _(
            "The recipient must be a Ukrainian party of the partnership or a member of one."
        )
    elif giver == recipient:
        errors["recipient"] = _("A party does not deliver to itself.")
    if need is not None:
        if need.authority_id != recipient.pk:
            errors["need"] = _("Choose a need of the recipient.")
        elif need.status == NeedStatus.WITHDRAWN:
            errors["need"] = _("This need was withdrawn.")
    day = pledged_on or timezone.localdate()
    _not_in_future(day, field="pledged_on", errors=errors)
    clean_note = common.note(note, errors)
    chosen_visibility = visibility or partnership.visibility
    cleaning.choice(chosen_visibility, Visibility.values, field="visibility", errors=errors)
    clean_items = cleaning.items(items, errors)
    if not items:
        errors["items"] = _("List at least one item.")
    if errors:
        raise common.invalid(errors)
    assert giving_party is not None  # checked above
    delivery = Delivery.objects.create(
        partnership=partnership,
        giver=giving_party,
        recipient=recipient,
        need=need,
        pledged_on=day,
        note=clean_note,
        visibility=chosen_visibility,
        created_by=actor,
    )
    needed = list(need.items.all()) if need is not None else []
    DeliveryItem.objects.bulk_create(
        DeliveryItem(
            delivery=delivery,
            position=index,
            name=item.name,
            quantity=item.quantity,
            unit=item.unit,
            need_item=_match(item, clean_items, needed),
        )
        for index, item in enumerate(clean_items)
    )
    audit_record(
        actor=actor,
        verb="delivery.pledged",
        target=delivery,
        details={
            "partnership_id": partnership.pk,
            "need_id": need.pk if need else None,
            "items": [cleaning.item_record(item) for item in clean_items],
        },
    )
    return delivery


def _locked(delivery: Delivery) -> Delivery:
    return (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("partnership", "recipient", "need")
        .get(pk=delivery.pk)
    )


def _wrong_state(delivery: Delivery) -> InvalidInput:
    return InvalidInput(
        _("This delivery is %(state)s; that step is not possible now.")
        % {"state": delivery.get_state_display()},
        code="delivery_state",
    )


@transaction.atomic
def delivery_ship(*, delivery: Delivery, shipped_on: date | None = None, actor: Any) -> Delivery:
    """The giver records that a pledged delivery left. Side effects: audit "delivery.shipped"."""
    ensure_can(actor, "partnerships.change", delivery.partnership)
    delivery = _locked(delivery)
    if delivery.state != DeliveryState.PLEDGED:
        raise _wrong_state(delivery)
    day = shipped_on or timezone.localdate()
    errors: common.Errors = {}
    _not_in_future(day, field="shipped_on", errors=errors)
    common.not_before(
        day,
        delivery.pledged_on,
        field="shipped_on",
        message=_("A delivery cannot leave before it was pledged."),
        errors=errors,
    )
    if errors:
        raise common.invalid(errors)
    delivery.state, delivery.shipped_on = DeliveryState.SHIPPED, day
    delivery.save(update_fields=["state", "shipped_on", "updated_at"])
    audit_record(
        actor=actor,
        verb="delivery.shipped",
        target=delivery,
        changes={"state": [DeliveryState.PLEDGED, DeliveryState.SHIPPED]},
    )
    return delivery


@transaction.atomic
def delivery_receive(
    *, delivery: Delivery, received_on: date | None = None, actor: Any
) -> Delivery:
    """The receiving side (the recipient's editors or curators) confirms a shipped delivery
    arrived; the need it answers becomes met or partly met.

    Side effects: audit "delivery.received"; the need's status through need_update (audited
    there).
    """
    ensure_can(actor, "partnerships.receive_delivery", delivery)
    delivery = _locked(delivery)
    if delivery.state != DeliveryState.SHIPPED:
        raise _wrong_state(delivery)
    day = received_on or timezone.localdate()
    errors: common.Errors = {}
    _not_in_future(day, field="received_on", errors=errors)
    common.not_before(
        day,
        delivery.shipped_on,
        field="received_on",
        message=_("A delivery cannot arrive before it was shipped."),
        errors=errors,
    )
    if errors:
        raise common.invalid(errors)
    delivery.state, delivery.received_on = DeliveryState.RECEIVED, day
    delivery.received_confirmed_by = actor
    delivery.save(update_fields=["state", "received_on", "received_confirmed_by", "updated_at"])
    audit_record(
        actor=actor,
        verb="delivery.received",
        target=delivery,
        changes={"state": [DeliveryState.SHIPPED, DeliveryState.RECEIVED]},
    )
    if delivery.need is not None:
        need_status_from_deliveries(need=delivery.need, actor=actor)
    return delivery


def need_status_received(need: Need) -> str:
    """Met when the received deliveries cover every needed item, else partly met.

    A need without items is never taken as met by a delivery: only its editors know.
    """
    needed = list(need.items.all())
    received: dict[int, Decimal] = {
        row["need_item"]: row["total"]
        for row in DeliveryItem.objects.filter(
            need_item__need=need, delivery__state=DeliveryState.RECEIVED
        )
        .values("need_item")
        .annotate(total=Sum("quantity"))
    }
    if needed and all(received.get(item.pk, Decimal(0)) >= item.quantity for item in needed):
        return NeedStatus.MET
    return NeedStatus.PARTLY_MET


def need_status_from_deliveries(*, need: Need, actor: Any) -> Need:
    """Bring a need's status in step with what was received, through exchange's need_update.

    Never takes a need back from met (its editors may have judged it met) and never touches a
    withdrawn one.
    """
    need = Need.objects.prefetch_related("items", "sectors").get(pk=need.pk)
    if need.status in (NeedStatus.MET, NeedStatus.WITHDRAWN):
        return need
    status = need_status_received(need)
    if status == need.status:
        return need
    return need_update(
        need=need,
        title=need.title,
        description=need.description,
        sectors=[sector.code for sector in need.sectors.all()],
        urgency=need.urgency,
        items=[ItemIn(item.name, item.quantity, item.unit) for item in need.items.all()],
        estimated_cost_eur=need.estimated_cost_eur,
        status=status,
        visibility=need.visibility,
        actor=actor,
    )
