"""Writes of a partnership itself: expressing interest, a partnership both sides agreed to
elsewhere (a round's accepted proposal), one entered by hand, its details, and every change of
state."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import rules
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pobratym.accounts.rules import is_editor_of
from pobratym.core.audit import audit_record, changes_between
from pobratym.core.errors import InvalidInput, PermissionRefused
from pobratym.core.permissions import ensure_can
from pobratym.core.viewer import SignedIn, Viewer
from pobratym.directory.models import Association, Authority
from pobratym.directory.organisations import Organisation
from pobratym.exchange.enums import NeedStatus, OfferStatus, Visibility
from pobratym.exchange.models import Need, Offer, Sector
from pobratym.exchange.services import cleaning

from ..enums import CLOSED_STATES, PartnershipKind, PartnershipState, Source
from ..errors import PartnershipsErrorCode
from ..models import Message, Partnership, PartnershipParty, organisation_fields
from ..tasks import notify_interest
from ..transitions import check_transition
from . import common
from .records import message_add_unsafe


def _same(first: Organisation, second: Organisation) -> bool:
    return type(first) is type(second) and first.pk == second.pk


def _default_kind(organisations: Sequence[Organisation]) -> str:
    if all(isinstance(o, Association) for o in organisations):
        return PartnershipKind.ASSOCIATIONS
    return PartnershipKind.SOLIDARITY


def _party_filter(organisation: Organisation) -> Q:
    if isinstance(organisation, Authority):
        return Q(parties__authority=organisation)
    return Q(parties__association=organisation)


def _open_between(first: Organisation, second: Organisation) -> Partnership | None:
    return (
        Partnership.objects.filter(_party_filter(first))
        .filter(_party_filter(second))
        .exclude(state__in=CLOSED_STATES)
        .order_by("pk")
        .first()
    )


def _sectors_of(*records: Need | Offer | None) -> list[Sector]:
    found: dict[int, Sector] = {}
    for record in records:
        if record is not None:
            found.update({sector.pk: sector for sector in record.sectors.all()})
    return sorted(found.values(), key=lambda sector: sector.position)


def _check_organisation(organisation: Organisation, field: str, errors: common.Errors) -> None:
    if isinstance(organisation, Authority) and organisation.merged_into_id is not None:
        errors[field] = _("This entry was merged into another one.")


def _create(
    *,
    organisations: Sequence[Organisation],
    initiator: Organisation | None,
    kind: str,
    source: str,
    sectors: Sequence[Sector],
    visibility: str,
    facilitators: Sequence[Association],
    actor: Viewer,
    state: str = PartnershipState.INTEREST_EXPRESSED,
    description: str = "",
    needs: Sequence[Need] = (),
    offers: Sequence[Offer] = (),
    note: str = "",
    at: datetime | None = None,
) -> Partnership:
    partnership = Partnership.objects.create(
        kind=kind,
        source=source,
        state=state,
        visibility=visibility,
        description=description,
        created_by=actor if actor.is_authenticated else None,
    )
    PartnershipParty.objects.bulk_create(
        PartnershipParty(
            partnership=partnership,
            is_initiator=initiator is not None and _same(organisation, initiator),
            **organisation_fields(organisation),
        )
        for organisation in organisations
    )
    partnership.sectors.set(sectors)
    partnership.facilitators.set(facilitators)
    partnership.needs.set(needs)
    partnership.offers.set(offers)
    common.record_state(partnership, from_state="", to_state=state, actor=actor, note=note, at=at)
    audit_record(
        actor=actor,
        verb="partnership.created",
        target=partnership,
        details={
            "source": source,
            "state": state,
            "parties": [f"{type(o).__name__.lower()}:{o.pk}" for o in organisations],
        },
    )
    return partnership


@dataclass(frozen=True)
class ExpressedInterest:
    """What expressing interest did: a new partnership, or additions to one already open."""

    partnership: Partnership
    is_new: bool
    # The need and offer this call linked (none when they were linked before).
    linked: list[Need | Offer] = field(default_factory=list)
    # The note, posted to the thread of the partnership already open.
    message: Message | None = None


def _owner(record: Need | Offer) -> Organisation:
    return record.authority if isinstance(record, Need) else record.organisation


def _check_record(
    record: Need | Offer | None, sides: Sequence[Organisation], errors: common.Errors
) -> None:
    if record is None:
        return
    field_name = "need" if isinstance(record, Need) else "offer"
    if not any(_same(_owner(record), side) for side in sides):
        errors[field_name] = (
            _("The need belongs to neither side.")
            if isinstance(record, Need)
            else _("The offer belongs to neither side.")
        )
    elif isinstance(record, Need) and record.status not in (NeedStatus.OPEN, NeedStatus.PARTLY_MET):
        errors[field_name] = _("This need is no longer open.")
    elif isinstance(record, Offer) and record.status != OfferStatus.OPEN:
        errors[field_name] = _("This offer is closed.")


def _link(
    partnership: Partnership, *, need: Need | None, offer: Offer | None, actor: Viewer
) -> list[Need | Offer]:
    """Add the need and offer the partnership does not answer yet, with their sectors."""
    linked: list[Need | Offer] = []
    if need is not None and not partnership.needs.filter(pk=need.pk).exists():
        partnership.needs.add(need)
        linked.append(need)
    if offer is not None and not partnership.offers.filter(pk=offer.pk).exists():
        partnership.offers.add(offer)
        linked.append(offer)
    if linked:
        partnership.sectors.add(*_sectors_of(*linked))
        audit_record(
            actor=actor,
            verb="partnership.records_linked",
            target=partnership,
            details={
                "needs": [r.pk for r in linked if isinstance(r, Need)],
                "offers": [r.pk for r in linked if isinstance(r, Offer)],
            },
        )
    return linked


def _party_of(partnership: Partnership, organisation: Organisation) -> PartnershipParty | None:
    return next((p for p in partnership.parties.all() if _same(p.organisation, organisation)), None)


@transaction.atomic
def partnership_express_interest(
    *,
    from_organisation: Organisation,
    to_organisation: Organisation,
    need: Need | None = None,
    offer: Offer | None = None,
    actor: SignedIn,
    note: str = "",
) -> ExpressedInterest:
    """The "Express interest" button: a partnership in state interest expressed, the acting
    organisation as its initiator, the other side to accept or decline. need and offer (open,
    each of either side) are what it answers: a European side names the need it is interested
    in and may name its own offer for it.

    If the two already share a partnership that is neither declined, withdrawn nor ended, no
    second one is made: the need and offer are added to that one and the note is posted to its
    thread by the actor.
    Side effects: a new partnership — audit "partnership.created" with the first history row,
    and after commit a task e-mails the other side's verified editors; an open one — audit
    "partnership.records_linked" when something was added, and the note as a message (audit
    "message.posted", e-mailed to the other parties).
    """
    ensure_can(actor, "partnerships.express_interest", from_organisation)
    errors: common.Errors = {}
    if _same(from_organisation, to_organisation):
        errors["to_organisation"] = _("Choose another organisation than your own.")
    elif is_editor_of(actor, to_organisation):
        errors["to_organisation"] = _(
            "You work for %(organisation)s: interest is expressed in other organisations."
        ) % {"organisation": to_organisation.display_name}
    _check_organisation(to_organisation, "to_organisation", errors)
    sides = (from_organisation, to_organisation)
    _check_record(need, sides, errors)
    _check_record(offer, sides, errors)
    clean_note = common.note(note, errors)
    if errors:
        raise InvalidInput.of_fields(errors)
    existing = _open_between(from_organisation, to_organisation)
    if existing is None:
        partnership = _create(
            organisations=sides,
            initiator=from_organisation,
            kind=_default_kind(sides),
            source=Source.RECOMMENDATION,
            sectors=_sectors_of(need, offer),
            visibility=Visibility.PARTIES,
            facilitators=[],
            actor=actor,
            needs=[need] if need is not None else [],
            offers=[offer] if offer is not None else [],
            note=clean_note,
        )
        transaction.on_commit(lambda: notify_interest.enqueue(partnership_id=partnership.pk))
        return ExpressedInterest(
            partnership=partnership,
            is_new=True,
            linked=[record for record in (need, offer) if record is not None],
        )
    partnership = common.locked(existing)
    linked = _link(partnership, need=need, offer=offer, actor=actor)
    message = (
        message_add_unsafe(
            partnership=partnership,
            party=_party_of(partnership, from_organisation),
            body=clean_note,
            actor=actor,
        )
        if clean_note
        else None
    )
    return ExpressedInterest(partnership=partnership, is_new=False, linked=linked, message=message)


@transaction.atomic
def partnership_create_agreed_unsafe(
    *,
    organisations: Sequence[Organisation],
    source: str,
    need: Need | None,
    offer: Offer,
    facilitators: Sequence[Association],
    actor: Viewer,
) -> Partnership:
    """A partnership both sides agreed to elsewhere (both accepted an allocation round's
    proposal): in state interest expressed, with no initiator (either side moves it on to the
    dialogue), answering the need and taking up the offer, with their sectors.

    Unsafe: the caller has checked that the actor may start it and that both sides agreed.
    Side effects: audit "partnership.created" with the first history row.
    """
    return _create(
        organisations=organisations,
        initiator=None,
        kind=_default_kind(organisations),
        source=source,
        sectors=_sectors_of(need, offer),
        visibility=Visibility.PARTIES,
        facilitators=facilitators,
        actor=actor,
        needs=[need] if need is not None else [],
        offers=[offer],
    )


def _check_details(
    *,
    kind: str,
    sector_codes: Sequence[str],
    visibility: str,
    description: str,
    errors: common.Errors,
) -> tuple[list[Sector], str]:
    cleaning.choice(kind, PartnershipKind.values, field="kind", errors=errors)
    cleaning.choice(visibility, Visibility.values, field="visibility", errors=errors)
    sectors = cleaning.sectors(sector_codes, errors) if sector_codes else []
    return sectors, common.text(description, field="description", errors=errors)


@transaction.atomic
def partnership_create(
    *,
    organisations: Sequence[Organisation],
    kind: str,
    sectors: Sequence[str] = (),
    visibility: str = Visibility.PARTIES,
    facilitators: Sequence[Association] = (),
    description: str = "",
    source: str = Source.MANUAL,
    note: str = "",
    at: datetime | None = None,
    actor: Viewer,
) -> Partnership:
    """A partnership entered by hand (or from the news) by someone acting for one of its
    parties, in state interest expressed; that party is its initiator. at dates a partnership
    recorded after the fact (never in the future).

    Side effects: audit "partnership.created" with the first history row.
    """
    if len(organisations) < 2:
        raise InvalidInput(
            _("A partnership joins at least two parties."),
            code=PartnershipsErrorCode.TOO_FEW_PARTIES,
        )
    acting_for = [
        o for o in organisations if rules.has_perm("partnerships.express_interest", actor, o)
    ]
    if not acting_for:
        raise PermissionRefused(_("You are not allowed to do this."))
    errors: common.Errors = {}
    keys = {(type(o), o.pk) for o in organisations}
    if len(keys) != len(organisations):
        errors["organisations"] = _("Each party is named once.")
    for organisation in organisations:
        _check_organisation(organisation, "organisations", errors)
    cleaning.choice(source, Source.values, field="source", errors=errors)
    clean_note = common.note(note, errors)
    if at is not None and at > timezone.now():
        errors["at"] = _("A change cannot be dated in the future.")
    chosen, clean_description = _check_details(
        kind=kind,
        sector_codes=sectors,
        visibility=visibility,
        description=description,
        errors=errors,
    )
    if errors:
        raise InvalidInput.of_fields(errors)
    return _create(
        organisations=organisations,
        initiator=acting_for[0],
        kind=kind,
        source=source,
        sectors=chosen,
        visibility=visibility,
        facilitators=facilitators,
        actor=actor,
        description=clean_description,
        note=clean_note,
        at=at,
    )


@transaction.atomic
def partnership_update(
    *,
    partnership: Partnership,
    kind: str,
    sectors: Sequence[str],
    visibility: str,
    description: str,
    facilitators: Sequence[Association],
    actor: Viewer,
) -> Partnership:
    """Change a partnership's kind, sectors, visibility, description and facilitators.

    Side effects: audit "partnership.updated" with every changed value; nothing when nothing
    changed.
    """
    ensure_can(actor, "partnerships.change", partnership)
    partnership = common.locked(partnership)
    errors: common.Errors = {}
    chosen, clean_description = _check_details(
        kind=kind,
        sector_codes=sectors,
        visibility=visibility,
        description=description,
        errors=errors,
    )
    if errors:
        raise InvalidInput.of_fields(errors)
    before = {
        "kind": partnership.kind,
        "visibility": partnership.visibility,
        "description": partnership.description,
        "sectors": sorted(s.code for s in partnership.sectors.all()),
        "facilitators": sorted(a.slug for a in partnership.facilitators.all()),
    }
    after = {
        "kind": kind,
        "visibility": visibility,
        "description": clean_description,
        "sectors": sorted(s.code for s in chosen),
        "facilitators": sorted(a.slug for a in facilitators),
    }
    changes = changes_between(before, after)
    if not changes:
        return partnership
    partnership.kind, partnership.visibility = kind, visibility
    partnership.description = clean_description
    partnership.save()
    partnership.sectors.set(chosen)
    partnership.facilitators.set(facilitators)
    audit_record(actor=actor, verb="partnership.updated", target=partnership, changes=changes)
    return partnership


@transaction.atomic
def partnership_transition(
    *,
    partnership: Partnership,
    to_state: str,
    actor: Viewer,
    note: str = "",
    imported: bool = False,
    at: datetime | None = None,
) -> Partnership:
    """Move a partnership to another state, dated, by the actor, with an optional note.

    Answering an interest (interest expressed → in dialogue, or declined) is for the side that
    did not express it, withdrawing it for the side that did; later, either side declines or
    ends the partnership. An imported signed agreement (imported=True, curators and the
    secretariat only) may skip the dialogue; at dates a change recorded after the fact (never
    in the future).
    Side effects: a history row; audit "partnership.state_changed".
    """
    ensure_can(actor, "partnerships.change", partnership)
    partnership = common.locked(partnership)
    from_state = partnership.state
    if from_state == PartnershipState.INTEREST_EXPRESSED and to_state in (
        PartnershipState.IN_DIALOGUE,
        PartnershipState.DECLINED,
    ):
        ensure_can(actor, "partnerships.accept", partnership)
    if to_state == PartnershipState.WITHDRAWN:
        ensure_can(actor, "partnerships.withdraw", partnership)
    if imported:
        ensure_can(actor, "partnerships.import_agreement", partnership)
    errors: common.Errors = {}
    clean_note = common.note(note, errors)
    if at is not None and at > timezone.now():
        errors["at"] = _("A change cannot be dated in the future.")
    if errors:
        raise InvalidInput.of_fields(errors)
    check_transition(from_state, to_state, note=clean_note, imported=imported)
    partnership.state = to_state
    partnership.save(update_fields=["state", "updated_at"])
    common.record_state(
        partnership,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        note=clean_note,
        imported=imported,
        at=at,
    )
    audit_record(
        actor=actor,
        verb="partnership.state_changed",
        target=partnership,
        changes={"state": [from_state, to_state]},
        details={"note": clean_note, "imported": imported},
    )
    return partnership
