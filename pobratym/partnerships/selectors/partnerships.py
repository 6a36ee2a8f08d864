"""Reads of partnerships: what each viewer may see (the rules in ../rules.py), the detail
page's query plan, the needs and offers a partnership names as far as the viewer may see them,
the parties' contacts once the dialogue is open, the organisations a viewer acts for and their
calendars.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import rules
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from pobratym.accounts.enums import MembershipState
from pobratym.accounts.models import OrganisationMembership
from pobratym.core.errors import NotFound
from pobratym.core.i18n import alphabetical
from pobratym.core.viewer import Viewer
from pobratym.directory.models import Association, Authority, Contact
from pobratym.directory.organisations import Organisation
from pobratym.exchange.models import Sector
from pobratym.exchange.selectors import needs_visible_to, offers_visible_to

from ..enums import PartnershipState
from ..models import (
    Activity,
    Agreement,
    CalendarFeed,
    Delivery,
    FollowUp,
    Message,
    Partnership,
    PartnershipParty,
    Project,
    StateChange,
)
from ..rules import partnership_visible, partnerships_involving


def parties_prefetch() -> Prefetch[Any]:
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


def linked_records_prefetch(viewer: Viewer) -> list[Prefetch[Any]]:
    """The needs and offers a partnership answers, as far as the viewer may see each of them
    (a public partnership may answer a need shown to its parties only)."""
    return [
        Prefetch("needs", queryset=needs_visible_to(viewer).order_by("pk")),
        Prefetch("offers", queryset=offers_visible_to(viewer).order_by("pk")),
    ]


def partnership_list_for_viewer(
    *,
    viewer: Viewer,
    mine: bool = False,
    state: str = "",
    organisation: Organisation | None = None,
) -> QuerySet[Partnership]:
    """Partnerships the viewer may see (mine: only those the viewer works on; organisation:
    those it is a party of, declined and withdrawn interests aside), newest first."""
    partnerships = Partnership.objects.filter(partnership_visible.q(viewer))
    if mine:
        if not viewer.is_authenticated:
            return Partnership.objects.none()
        partnerships = partnerships.filter(pk__in=partnerships_involving(viewer))
    if state:
        partnerships = partnerships.filter(state=state)
    if organisation is not None:
        partnerships = partnerships.filter(
            pk__in=Partnership.objects.filter(_party(organisation)).values("pk")
        ).exclude(state__in=[PartnershipState.DECLINED, PartnershipState.WITHDRAWN])
    return partnerships.prefetch_related(
        parties_prefetch(), Prefetch("sectors", queryset=Sector.objects.order_by("position"))
    ).order_by("-updated_at", "-pk")


def partnership_for_viewer(*, pk: int, viewer: Viewer) -> Partnership:
    """One partnership with everything its page shows; NotFound if it does not exist or is
    hidden from the viewer (the two are not told apart)."""
    partnership = (
        Partnership.objects.filter(partnership_visible.q(viewer), pk=pk)
        .select_related("created_by")
        .prefetch_related(
            parties_prefetch(),
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


def linked_records_shown(
    partnership: Partnership, deliveries: list[Delivery], viewer: Viewer
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


@dataclass(frozen=True)
class PartyContacts:
    organisation: Organisation
    contacts: list[Contact]


def party_contacts_for_viewer(*, partnership: Partnership, viewer: Viewer) -> list[PartyContacts]:
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


def acting_organisations(*, viewer: Viewer) -> list[Organisation]:
    """The authorities and associations the viewer is a verified editor or facilitator of."""
    if not viewer.is_authenticated:
        return []
    memberships = OrganisationMembership.objects.filter(
        user=viewer, state=MembershipState.VERIFIED
    ).select_related("authority", "association")
    organisations = [m.organisation for m in memberships]
    return alphabetical(
        (o for o in organisations if not (isinstance(o, Authority) and o.merged_into_id)),
        by=lambda o: o.display_name,
    )


def partnerships_of(organisation: Organisation) -> QuerySet[Partnership]:
    """The partnerships an organisation is a party of (declined and withdrawn ones aside), with
    what its calendar shows."""
    return (
        Partnership.objects.filter(_party(organisation))
        .exclude(state__in=[PartnershipState.DECLINED, PartnershipState.WITHDRAWN])
        .distinct()
        .prefetch_related(
            parties_prefetch(),
            Prefetch("activities", queryset=Activity.objects.prefetch_related("followups")),
            "agreements",
        )
        .order_by("pk")
    )


def calendar_tokens(*, viewer: Viewer) -> list[tuple[Organisation, str]]:
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
