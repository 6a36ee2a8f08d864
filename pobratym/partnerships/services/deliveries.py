"""Aid deliveries: pledged, shipped, received — and the need and offer they answer, kept in step.

A delivery answering a need is made of the need's own items: each line names a needed item,
and its name and unit are that item's (never free words in another language, which nothing
could add up). A delivery giving from an offer names the offered items it gives, which
reserves them: what the offer has left to give goes down (item_selectors). A delivery that
answers no need and gives from no offer names its own items, and its giver says under which
sectors it counts. When a delivery is received, the need becomes met once every needed item's
received quantity reaches what was needed, partly met otherwise; a need already met or
withdrawn is left as it is.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from pobratym.core.audit import audit_record
from pobratym.core.errors import InvalidInput
from pobratym.core.permissions import ensure_can
from pobratym.core.viewer import SignedIn, Viewer
from pobratym.directory.models import Authority, Membership
from pobratym.directory.organisations import Organisation
from pobratym.exchange.enums import NeedStatus, OfferStatus, Visibility
from pobratym.exchange.models import Need, NeedItem, Offer, OfferItem, Sector
from pobratym.exchange.services import ItemIn, cleaning, need_update, offer_stock_changed

from ..enums import DeliveryState
from ..errors import PartnershipsErrorCode
from ..item_selectors import offer_item_stock
from ..models import Delivery, DeliveryItem, Partnership
from ..selectors.deliveries import party_authority_ids
from . import common


@dataclass(frozen=True)
class DeliveryLineIn:
    """One line of a pledge, as a form or the API submits it.

    Answering a need: `need_item` (and, giving from an offer, the `offer_item` it comes from,
    in the same unit). Giving from an offer only: `offer_item`. Neither: `name` and `unit`.
    """

    quantity: Decimal | int | float | str
    need_item: int | None = None
    offer_item: int | None = None
    name: str = ""
    unit: str = ""


@dataclass(frozen=True)
class _Line:
    item: cleaning.CleanItem
    need_item: NeedItem | None
    offer_item: OfferItem | None


def _not_in_future(day: date, *, field: str, errors: common.Errors) -> None:
    common.in_range(day, field=field, errors=errors)
    if day > timezone.localdate():
        errors[field] = _("This date is in the future.")


def offer_owners(offer: Offer) -> set[tuple[str, int]]:
    """Who may give from an offer: its organisation and, for an authority's offer, the
    associations it belongs to (LSA gives from Plungė's stock)."""
    owners = {(type(offer.organisation).__name__, offer.organisation.pk)}
    if offer.authority_id is not None:
        owners |= {
            ("Association", pk)
            for pk in Membership.objects.filter(authority_id=offer.authority_id).values_list(
                "association_id", flat=True
            )
        }
    return owners


def _check_offer(offer: Offer, giver: Organisation, errors: common.Errors) -> None:
    if offer.status != OfferStatus.OPEN:
        errors["offer"] = _("This offer is closed.")
    elif (type(giver).__name__, giver.pk) not in offer_owners(offer):
        errors["offer"] = _("Choose an offer of the giver or of one of its members.")


def _check_need(need: Need, recipient: Authority, errors: common.Errors) -> None:
    if need.authority_id != recipient.pk:
        errors["need"] = _("Choose a need of the recipient.")
    elif need.status == NeedStatus.WITHDRAWN:
        errors["need"] = _("This need was withdrawn.")


def _lines(
    lines: Sequence[DeliveryLineIn],
    *,
    need: Need | None,
    offer: Offer | None,
    errors: common.Errors,
) -> list[_Line]:
    """Each line checked against the need's and the offer's items; errors on "items.<n>."."""
    needed = {item.pk: item for item in need.items.all()} if need is not None else {}
    offered = (
        {item.pk: item for item in OfferItem.objects.select_for_update().filter(offer=offer)}
        if offer is not None
        else {}
    )
    left = {stock.item.pk: stock.left for stock in offer_item_stock(offered.values())}
    checked: list[_Line] = []
    seen: set[tuple[str, int]] = set()
    for index, line in enumerate(lines):
        prefix = f"items.{index}."
        need_item = needed.get(line.need_item) if line.need_item is not None else None
        offer_item = offered.get(line.offer_item) if line.offer_item is not None else None
        if need is not None and need_item is None:
            errors[prefix + "need_item"] = _(
                "Choose one of the need's items. Record other aid as a separate delivery."
            )
            continue
        if need is None and offer is not None and offer_item is None:
            errors[prefix + "offer_item"] = _("Choose one of the offer's items.")
            continue
        if line.offer_item is not None and offer_item is None:
            errors[prefix + "offer_item"] = _("Choose one of the offer's items.")
            continue
        if need_item and offer_item and need_item.unit != offer_item.unit:
            errors[prefix + "offer_item"] = _(
                "The offered item is counted in %(offered)s, the needed one in %(needed)s."
            ) % {
                "offered": offer_item.get_unit_display(),
                "needed": need_item.get_unit_display(),
            }
            continue
        source = need_item or offer_item
        keys = {("need", need_item.pk)} if need_item else set()
        keys |= {("offer", offer_item.pk)} if offer_item else set()
        if keys & seen:
            errors[prefix + "quantity"] = _("This item is listed twice.")
            continue
        seen |= keys
        submitted = ItemIn(
            name=source.name if source else line.name,
            quantity=line.quantity,
            unit=source.unit if source else line.unit,
        )
        row_errors: common.Errors = {}
        clean = cleaning.items([submitted], row_errors)
        for key, message in row_errors.items():
            errors[key.replace("items.0.", prefix, 1)] = message
        if not clean:
            continue
        item = clean[0]
        if offer_item is not None and item.quantity > left[offer_item.pk]:
            errors[prefix + "quantity"] = _(
                "Only %(left)s %(unit)s of this item are left to give."
            ) % {
                "left": number_format(left[offer_item.pk].normalize()),
                "unit": offer_item.get_unit_display(),
            }
            continue
        checked.append(_Line(item, need_item, offer_item))
    if not lines:
        errors["items"] = _("List at least one item.")
    return checked


@transaction.atomic
def delivery_pledge(
    *,
    partnership: Partnership,
    giver: Organisation,
    recipient: Authority,
    lines: Sequence[DeliveryLineIn],
    need: Need | None = None,
    offer: Offer | None = None,
    sectors: Sequence[str] = (),
    pledged_on: date | None = None,
    note: str = "",
    visibility: str | None = None,
    actor: SignedIn,
) -> Delivery:
    """A party pledges aid to a Ukrainian authority of the partnership (a party, or a member of
    a party association), optionally answering one of its needs and giving from an offer.

    The delivery counts under the need's sectors, or else under `sectors` (required then).
    Side effects: audit "delivery.pledged"; the offer's stamp changes (offer_stock_changed) so
    that recommendations read what it has left.
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
        _check_need(need, recipient, errors)
    if offer is not None:
        _check_offer(offer, giver, errors)
    chosen_sectors: list[Sector] = (
        list(need.sectors.all()) if need is not None else cleaning.sectors(sectors, errors)
    )
    day = pledged_on or timezone.localdate()
    _not_in_future(day, field="pledged_on", errors=errors)
    clean_note = common.note(note, errors)
    chosen_visibility = visibility or partnership.visibility
    cleaning.choice(chosen_visibility, Visibility.values, field="visibility", errors=errors)
    checked = _lines(lines, need=need, offer=offer, errors=errors)
    if errors:
        raise InvalidInput.of_fields(errors)
    assert giving_party is not None  # checked above
    delivery = Delivery.objects.create(
        partnership=partnership,
        giver=giving_party,
        recipient=recipient,
        need=need,
        offer=offer,
        pledged_on=day,
        note=clean_note,
        visibility=chosen_visibility,
        created_by=actor,
    )
    delivery.sectors.set(chosen_sectors)
    DeliveryItem.objects.bulk_create(
        DeliveryItem(
            delivery=delivery,
            position=index,
            name=line.item.name,
            quantity=line.item.quantity,
            unit=line.item.unit,
            need_item=line.need_item,
            offer_item=line.offer_item,
        )
        for index, line in enumerate(checked)
    )
    audit_record(
        actor=actor,
        verb="delivery.pledged",
        target=delivery,
        details={
            "partnership_id": partnership.pk,
            "need_id": need.pk if need else None,
            "offer_id": offer.pk if offer else None,
            "sectors": [sector.code for sector in chosen_sectors],
            "items": [cleaning.item_record(line.item) for line in checked],
        },
    )
    if offer is not None:
        offer_stock_changed(offer=offer)
    return delivery


def _locked_in(delivery: Delivery, state: str) -> Delivery:
    """The delivery, locked for its next step, which only a delivery in `state` may take."""
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("partnership", "recipient", "need")
        .get(pk=delivery.pk)
    )
    if delivery.state != state:
        raise InvalidInput(
            _("This delivery is %(state)s; that step is not possible now.")
            % {"state": delivery.get_state_display()},
            code=PartnershipsErrorCode.DELIVERY_STATE,
        )
    return delivery


def _step_day(day: date | None, *, field: str, earliest: date | None, message: str) -> date:
    """The day a step was taken (today when not given): not in the future, nor before the step
    it follows."""
    day = day or timezone.localdate()
    errors: common.Errors = {}
    _not_in_future(day, field=field, errors=errors)
    common.not_before(day, earliest, field=field, message=message, errors=errors)
    if errors:
        raise InvalidInput.of_fields(errors)
    return day


@transaction.atomic
def delivery_ship(*, delivery: Delivery, shipped_on: date | None = None, actor: Viewer) -> Delivery:
    """The giver records that a pledged delivery left. Side effects: audit "delivery.shipped"."""
    ensure_can(actor, "partnerships.change", delivery.partnership)
    delivery = _locked_in(delivery, DeliveryState.PLEDGED)
    day = _step_day(
        shipped_on,
        field="shipped_on",
        earliest=delivery.pledged_on,
        message=_("A delivery cannot leave before it was pledged."),
    )
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
    *, delivery: Delivery, received_on: date | None = None, actor: SignedIn
) -> Delivery:
    """The receiving side (the recipient's editors or curators) confirms a shipped delivery
    arrived; the need it answers becomes met or partly met.

    Side effects: audit "delivery.received"; the need's status through need_update (audited
    there).
    """
    ensure_can(actor, "partnerships.receive_delivery", delivery)
    delivery = _locked_in(delivery, DeliveryState.SHIPPED)
    day = _step_day(
        received_on,
        field="received_on",
        earliest=delivery.shipped_on,
        message=_("A delivery cannot arrive before it was shipped."),
    )
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


def need_status_from_deliveries(*, need: Need, actor: Viewer) -> Need:
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
        items=[
            ItemIn(item.name, item.quantity, item.unit, id=item.pk) for item in need.items.all()
        ],
        estimated_cost_eur=need.estimated_cost_eur,
        status=status,
        visibility=need.visibility,
        actor=actor,
    )
