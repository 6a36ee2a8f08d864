"""Reads of partnerships: what each viewer may see, the detail page's query plan, the parties'
contacts once the dialogue is open, delivery totals.

Visibility follows the exchange: "public" for everyone; "verified members" for anyone with a
verified membership and the secretariat; "parties only" for those who change the partnership
(its parties' verified editors, their curators, the staff of its facilitating associations)
and the secretariat. A delivery is shown when both it and its partnership are.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import rules
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from pobratym.accounts.enums import MembershipState, Role
from pobratym.accounts.models import OrganisationMembership
from pobratym.accounts.rules import has_verified_membership, is_secretariat
from pobratym.accounts.selectors import own_organisation_ids
from pobratym.core.errors import NotFound
from pobratym.core.i18n import alphabetical
from pobratym.directory.models import Association, Authority, Contact, Country, Membership
from pobratym.directory.organisations import Organisation
from pobratym.exchange.enums import NeedStatus, OfferStatus, Unit, Visibility
from pobratym.exchange.models import Need, Offer, Sector
from pobratym.exchange.selectors import needs_visible_to, offers_visible_to

from .enums import CLOSED_STATES, DeliveryState, PartnershipState
from .models import (
    Activity,
    Agreement,
    CalendarFeed,
    Delivery,
    DeliveryItem,
    FollowUp,
    Message,
    Partnership,
    PartnershipParty,
    Project,
    StateChange,
)


def _involved(viewer: Any) -> QuerySet[Partnership, Any]:
    """Partnerships the viewer changes (secretariat aside), as a subquery of ids."""
    verified = OrganisationMembership.objects.filter(user=viewer, state=MembershipState.VERIFIED)
    facilitated = verified.filter(role=Role.FACILITATOR).values("association_id")
    own_authorities = verified.filter(authority__isnull=False).values("authority_id")
    own_associations = verified.filter(association__isnull=False).values("association_id")
    members = Membership.objects.filter(association_id__in=facilitated)
    parties = PartnershipParty.objects.filter(
        Q(authority_id__in=own_authorities)
        | Q(authority_id__in=members.filter(authority__isnull=False).values("authority_id"))
        | Q(association_id__in=own_associations)
        | Q(association_id__in=facilitated)
        | Q(
            association_id__in=members.filter(member_association__isnull=False).values(
                "member_association_id"
            )
        )
    )
    return Partnership.objects.filter(
        Q(pk__in=parties.values("partnership_id")) | Q(facilitators__in=own_associations)
    ).values("pk")


def _shown(viewer: Any, *, visibility: str, partnership_id: str) -> Q:
    """The condition for a record whose visibility field and partnership id field are named."""
    public = Q(**{visibility: Visibility.PUBLIC})
    if not getattr(viewer, "is_authenticated", False):
        return public
    if is_secretariat(viewer):
        return Q()
    shown = public | Q(**{f"{partnership_id}__in": _involved(viewer)})
    if has_verified_membership(viewer):
        shown |= Q(**{visibility: Visibility.MEMBERS})
    return shown


def visible_partnerships(viewer: Any) -> Q:
    return _shown(viewer, visibility="visibility", partnership_id="pk")


def visible_deliveries(viewer: Any, prefix: str = "") -> Q:
    return _shown(
        viewer,
        visibility=f"{prefix}partnership__visibility",
        partnership_id=f"{prefix}partnership_id",
    ) & _shown(viewer, visibility=f"{prefix}visibility", partnership_id=f"{prefix}partnership_id")


def _parties_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "parties",
        queryset=PartnershipParty.objects.select_related(
            "authority", "authority__country", "association", "association__country"
        ),
    )


def _party(organisation: Organisation, prefix: str = "") -> Q:
    if isinstance(organisation, Authority):
        return Q(**{f"{prefix}parties__authority": organisation})
    return Q(**{f"{prefix}parties__association": organisation})


def linked_records_prefetch(viewer: Any) -> list[Prefetch[Any]]:
    """The needs and offers a partnership answers, as far as the viewer may see each of them
    (a public partnership may answer a need shown to its parties only)."""
    return [
        Prefetch("needs", queryset=needs_visible_to(viewer).order_by("pk")),
        Prefetch("offers", queryset=offers_visible_to(viewer).order_by("pk")),
    ]


def partnership_list_for_viewer(
    *,
    viewer: Any,
    mine: bool = False,
    state: str = "",
    organisation: Organisation | None = None,
) -> QuerySet[Partnership]:
    """Partnerships the viewer may see (mine: only those the viewer works on; organisation:
    those it is a party of, declined and withdrawn interests aside), newest first."""
    partnerships = Partnership.objects.filter(visible_partnerships(viewer))
    if mine:
        if not getattr(viewer, "is_authenticated", False):
            return Partnership.objects.none()
        partnerships = partnerships.filter(pk__in=_involved(viewer))
    if state:
        partnerships = partnerships.filter(state=state)
    if organisation is not None:
        partnerships = partnerships.filter(
            pk__in=Partnership.objects.filter(_party(organisation)).values("pk")
        ).exclude(state__in=[PartnershipState.DECLINED, PartnershipState.WITHDRAWN])
    return partnerships.prefetch_related(
        _parties_prefetch(), Prefetch("sectors", queryset=Sector.objects.order_by("position"))
    ).order_by("-updated_at", "-pk")


def partnership_for_viewer(*, pk: int, viewer: Any) -> Partnership:
    """One partnership with everything its page shows; NotFound if it does not exist or is
    hidden from the viewer (the two are not told apart)."""
    partnership = (
        Partnership.objects.filter(visible_partnerships(viewer), pk=pk)
        .select_related("created_by")
        .prefetch_related(
            _parties_prefetch(),
            *linked_records_prefetch(viewer),
            Prefetch("sectors", queryset=Sector.objects.order_by("position")),
            "facilitators",
            Prefetch("history", queryset=StateChange.objects.select_related("by")),
            Prefetch("messages", queryset=Message.objects.select_related("author")),
            Prefetch(
                "agreements",
                queryset=Agreement.objects.prefetch_related("signatories", "sectors"),
            ),
            Prefetch(
                "activities",
                queryset=Activity.objects.prefetch_related(
                    Prefetch("followups", queryset=FollowUp.objects.all())
                ),
            ),
            Prefetch(
                "deliveries",
                queryset=Delivery.objects.select_related(
                    "recipient",
                    "need",
                    "offer",
                    "giver__authority",
                    "giver__association",
                ).prefetch_related(
                    "items", Prefetch("sectors", queryset=Sector.objects.order_by("position"))
                ),
            ),
            Prefetch("projects", queryset=Project.objects.prefetch_related("needs")),
        )
        .first()
    )
    if partnership is None:
        raise NotFound(_("This partnership does not exist or is not shown to you."))
    return partnership


def deliveries_shown(partnership: Partnership, viewer: Any) -> list[Delivery]:
    """The partnership's (prefetched) deliveries the viewer may see."""
    return [
        d for d in partnership.deliveries.all() if rules.has_perm("partnerships.view", viewer, d)
    ]


def linked_records_shown(
    partnership: Partnership, deliveries: list[Delivery], viewer: Any
) -> tuple[set[int], set[int]]:
    """The ids of the needs and offers the partnership page names through its deliveries and
    projects that the viewer may see: a public partnership names a parties-only need only to
    those who may read it. (The partnership's own needs and offers are prefetched for the
    viewer already.)"""
    need_ids = {d.need_id for d in deliveries if d.need_id}
    need_ids |= {need.pk for project in partnership.projects.all() for need in project.needs.all()}
    offer_ids = {d.offer_id for d in deliveries if d.offer_id}
    return (
        set(needs_visible_to(viewer).filter(pk__in=need_ids).values_list("pk", flat=True))
        if need_ids
        else set(),
        set(offers_visible_to(viewer).filter(pk__in=offer_ids).values_list("pk", flat=True))
        if offer_ids
        else set(),
    )


def needs_for_projects(partnership: Partnership, viewer: Any) -> list[Need]:
    """The needs of the partnership's authorities a joint project may answer (any status but
    withdrawn) that the viewer may see."""
    return list(
        needs_visible_to(viewer)
        .filter(authority_id__in=party_authority_ids(partnership))
        .exclude(status=NeedStatus.WITHDRAWN)
        .select_related("authority")
    )


def party_authority_ids(partnership: Partnership) -> set[int]:
    """Authorities aid may go to: party authorities and the members of party associations."""
    parties = list(partnership.parties.all())
    ids = {party.authority_id for party in parties if party.authority_id is not None}
    associations = [party.association_id for party in parties if party.association_id]
    if associations:
        ids |= set(
            Membership.objects.filter(
                association_id__in=associations, authority__isnull=False
            ).values_list("authority_id", flat=True)
        )
    return ids


def recipients_for(partnership: Partnership) -> list[Authority]:
    """The Ukrainian authorities a delivery of this partnership may go to, by name."""
    authorities = Authority.objects.filter(
        pk__in=party_authority_ids(partnership), merged_into__isnull=True
    )
    return alphabetical((a for a in authorities if a.is_ukrainian), by=lambda a: a.display_name)


def needs_for(partnership: Partnership, viewer: Any) -> list[Need]:
    """Open needs of the authorities the partnership may deliver to that the viewer may see,
    newest first."""
    return list(
        needs_visible_to(viewer)
        .filter(
            authority_id__in=party_authority_ids(partnership),
            status__in=[NeedStatus.OPEN, NeedStatus.PARTLY_MET],
        )
        .select_related("authority")
        .order_by("-created_at", "-pk")
    )


def offers_for(partnership: Partnership, viewer: Any) -> list[Offer]:
    """Open offers with items that a party may give from (its own, or a member authority's of
    a party association) and the viewer may see, by title."""
    associations = [p.association_id for p in partnership.parties.all() if p.association_id]
    return list(
        offers_visible_to(viewer)
        .filter(
            Q(authority_id__in=party_authority_ids(partnership))
            | Q(association_id__in=associations),
            status=OfferStatus.OPEN,
            items__isnull=False,
        )
        .select_related("authority", "association")
        .distinct()
        .order_by("title", "pk")
    )


@dataclass(frozen=True)
class PartyContacts:
    organisation: Organisation
    contacts: list[Contact]


def party_contacts_for_viewer(*, partnership: Partnership, viewer: Any) -> list[PartyContacts]:
    """Once both sides accepted, and until the partnership ends, those who work on it see the
    contact persons (those who consented) of each party whose contacts the viewer may see
    (`directory.view_contacts`: the other side is granted them by this partnership)."""
    if not partnership.shares_contacts or not rules.has_perm(
        "partnerships.change", viewer, partnership
    ):
        return []
    organisations = [
        party.organisation
        for party in partnership.parties.all()
        if rules.has_perm("directory.view_contacts", viewer, party.organisation)
    ]
    authority_ids = [o.pk for o in organisations if isinstance(o, Authority)]
    association_ids = [o.pk for o in organisations if isinstance(o, Association)]
    contacts = Contact.objects.filter(
        Q(authority_id__in=authority_ids) | Q(association_id__in=association_ids),
        consented_at__isnull=False,
    ).order_by("name")
    by_owner: dict[tuple[str, int], list[Contact]] = defaultdict(list)
    for contact in contacts:
        owner = contact.organisation
        by_owner[(type(owner).__name__, owner.pk)].append(contact)
    return [
        PartyContacts(organisation=o, contacts=by_owner[(type(o).__name__, o.pk)])
        for o in organisations
    ]


def acting_organisations(*, viewer: Any) -> list[Organisation]:
    """The authorities and associations the viewer is a verified editor or facilitator of."""
    if not getattr(viewer, "is_authenticated", False):
        return []
    memberships = OrganisationMembership.objects.filter(
        user=viewer, state=MembershipState.VERIFIED
    ).select_related("authority", "association")
    organisations = [m.organisation for m in memberships]
    return alphabetical(
        (o for o in organisations if not (isinstance(o, Authority) and o.merged_into_id)),
        by=lambda o: o.display_name,
    )


GROUPS = {
    "partnership": "delivery__partnership_id",
    "hromada": "delivery__recipient_id",
    "country": "giver_country",
    "sector": "delivery__sectors__code",
}


@dataclass(frozen=True)
class DeliveryTotal:
    """What was delivered of one item in one unit, within one group.

    `pledged` is pledged and not yet received (shipped or not); `shipped` is the part of it on
    its way; `received` is confirmed by the receiving side.
    """

    key: Any
    label: str
    item: str
    unit: str
    unit_label: str
    pledged: Decimal
    shipped: Decimal
    received: Decimal


def _labels(by: str, keys: set[Any]) -> dict[Any, str]:
    if by == "partnership":
        partnerships = Partnership.objects.filter(pk__in=keys).prefetch_related(_parties_prefetch())
        return {p.pk: p.display_title for p in partnerships}
    if by == "hromada":
        return {a.pk: a.display_name for a in Authority.objects.filter(pk__in=keys)}
    if by == "country":
        return {c.code: c.name for c in Country.objects.filter(code__in=keys)}
    return {s.code: s.label for s in Sector.objects.filter(code__in=keys)}


def delivery_totals(
    *, viewer: Any, by: str, partnership: Partnership | None = None
) -> list[DeliveryTotal]:
    """Quantities per item and unit — never two items or two units added together — grouped by
    partnership, receiving hromada, the giver's country or the delivery's own sectors (a
    delivery counts under each of its sectors). Only deliveries the viewer may see count.

    An item is named as its needed or offered item is now (a renamed item stays one row), or by
    the delivery's own words when it answers no need and gives from no offer.
    """
    if by not in GROUPS:
        raise ValueError(by)
    items = DeliveryItem.objects.filter(visible_deliveries(viewer, prefix="delivery__"))
    if partnership is not None:
        items = items.filter(delivery__partnership=partnership)
    if by == "country":
        items = items.annotate(
            giver_country=Coalesce(
                "delivery__giver__authority__country__code",
                "delivery__giver__association__country__code",
            )
        )
    field = GROUPS[by]
    not_yet_received = (DeliveryState.PLEDGED, DeliveryState.SHIPPED)
    rows = list(
        items.exclude(**{f"{field}__isnull": True})
        .annotate(item=Coalesce("need_item__name", "offer_item__name", "name"))
        .values(field, "item", "unit")
        .annotate(
            pledged=Sum("quantity", filter=Q(delivery__state__in=not_yet_received)),
            shipped=Sum("quantity", filter=Q(delivery__state=DeliveryState.SHIPPED)),
            received=Sum("quantity", filter=Q(delivery__state=DeliveryState.RECEIVED)),
        )
        .order_by(field, "item", "unit")
    )
    labels = _labels(by, {row[field] for row in rows})
    zero = Decimal(0)
    totals = [
        DeliveryTotal(
            key=row[field],
            label=labels.get(row[field], str(row[field])),
            item=row["item"],
            unit=row["unit"],
            unit_label=str(Unit(row["unit"]).label) if row["unit"] in Unit.values else row["unit"],
            pledged=row["pledged"] or zero,
            shipped=row["shipped"] or zero,
            received=row["received"] or zero,
        )
        for row in rows
    ]
    return sorted(totals, key=lambda total: (total.label, total.item.casefold(), total.unit_label))


def partnerships_of(organisation: Organisation) -> QuerySet[Partnership]:
    """The partnerships an organisation is a party of (declined and withdrawn ones aside), with
    what its calendar shows."""
    return (
        Partnership.objects.filter(_party(organisation))
        .exclude(state__in=[PartnershipState.DECLINED, PartnershipState.WITHDRAWN])
        .distinct()
        .prefetch_related(
            _parties_prefetch(),
            Prefetch("activities", queryset=Activity.objects.prefetch_related("followups")),
            "agreements",
        )
        .order_by("pk")
    )


def calendar_tokens(*, viewer: Any) -> list[tuple[Organisation, str]]:
    """The organisations whose calendar the viewer manages, each with its secret token ("" if
    it has no calendar address yet)."""
    organisations = [
        o
        for o in acting_organisations(viewer=viewer)
        if rules.has_perm("partnerships.manage_calendar", viewer, o)
    ]
    feeds = CalendarFeed.objects.filter(
        Q(authority_id__in=[o.pk for o in organisations if isinstance(o, Authority)])
        | Q(association_id__in=[o.pk for o in organisations if isinstance(o, Association)])
    )
    tokens = {(f.authority_id, f.association_id): f.token for f in feeds}
    return [
        (
            o,
            tokens.get((o.pk, None) if isinstance(o, Authority) else (None, o.pk), ""),
        )
        for o in organisations
    ]


# What waits for the viewer's own organisations (curation aside) -----------------------------

# Follow-ups are listed from a week before they are due, and until they are done.
FOLLOWUPS_DUE_WITHIN = timedelta(days=7)


def _own_parties(viewer: Any) -> QuerySet[PartnershipParty]:
    authorities, associations = own_organisation_ids(viewer=viewer)
    return PartnershipParty.objects.filter(
        Q(authority_id__in=authorities) | Q(association_id__in=associations)
    )


def interests_to_answer(*, viewer: Any) -> list[Partnership]:
    """Interests expressed in the viewer's organisations that nobody has answered yet (and the
    partnerships of accepted round proposals, which either side moves on), oldest first."""
    if not getattr(viewer, "is_authenticated", False):
        return []
    answering = _own_parties(viewer).filter(is_initiator=False).values("partnership_id")
    return list(
        Partnership.objects.filter(state=PartnershipState.INTEREST_EXPRESSED, pk__in=answering)
        .prefetch_related(_parties_prefetch())
        .order_by("created_at", "pk")
    )


def deliveries_to_confirm(*, viewer: Any) -> list[Delivery]:
    """Deliveries shipped to the viewer's authorities whose receipt is not confirmed yet (those
    the viewer may see), shipped first first."""
    if not getattr(viewer, "is_authenticated", False):
        return []
    authorities, _associations = own_organisation_ids(viewer=viewer)
    return list(
        Delivery.objects.filter(
            visible_deliveries(viewer),
            state=DeliveryState.SHIPPED,
            recipient_id__in=authorities,
        )
        .select_related("partnership", "recipient", "giver__authority", "giver__association")
        .prefetch_related("items")
        .order_by("shipped_on", "pk")
    )


def followups_due(*, viewer: Any, today: date) -> list[FollowUp]:
    """Follow-ups not done yet of the partnerships the viewer's organisations are parties of,
    overdue or due within FOLLOWUPS_DUE_WITHIN, soonest first (closed partnerships aside)."""
    if not getattr(viewer, "is_authenticated", False):
        return []
    return list(
        FollowUp.objects.filter(
            done_at__isnull=True,
            due_on__lte=today + FOLLOWUPS_DUE_WITHIN,
            activity__partnership_id__in=_own_parties(viewer).values("partnership_id"),
        )
        .exclude(activity__partnership__state__in=CLOSED_STATES)
        .select_related("activity__partnership")
        .prefetch_related(
            Prefetch(
                "activity__partnership__parties",
                queryset=PartnershipParty.objects.select_related("authority", "association"),
            )
        )
        .order_by("due_on", "pk")
    )
