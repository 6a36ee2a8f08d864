"""Writes of offers: publish, update, close.

An offer comes from a European authority, an association or a Ukrainian community (what a
hromada can give back — wartime resilience know-how, say — is an offer like any other). Each
write checks the rules first, checks every value, runs in one transaction, is audited with
the before/after of what changed, and queues the text's embedding after commit.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from pobratym.core.audit import audit_record
from pobratym.core.errors import InvalidInput
from pobratym.core.permissions import ensure_can
from pobratym.core.viewer import SignedIn, Viewer
from pobratym.directory.languages import DIRECTORY_LANGUAGES
from pobratym.directory.models import Association, Authority
from pobratym.directory.organisations import Organisation

from ..enums import OfferKind, OfferStatus, RecordKind, Visibility
from ..models import MAX_CAPACITY, Offer, Sector
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
    "kind",
    "title",
    "description",
    "language",
    "capacity",
    "staff_languages",
    "status",
    "visibility",
)


def _capacity(value: int | str, errors: cleaning.Errors) -> int:
    try:
        capacity = int(str(value).strip())
    except ValueError:
        capacity = 0
    if not 1 <= capacity <= MAX_CAPACITY:
        errors["capacity"] = _("Give a number of partners from 1 to %(limit)d.") % {
            "limit": MAX_CAPACITY
        }
    return capacity


def _staff_languages(codes: Sequence[str], errors: cleaning.Errors) -> str:
    """Codes as stored: lower-case, in the order given, without repeats: "uk,en,de". Staff
    may speak any language of the directory's organisations, not only a detectable one."""
    wanted = list(dict.fromkeys(code.strip().lower() for code in codes if code.strip()))
    if any(code not in DIRECTORY_LANGUAGES for code in wanted):
        errors["staff_languages"] = _("Use language codes separated by commas, e.g. uk, en, de.")
    return ",".join(wanted)


def _check_organisation(organisation: Organisation, errors: cleaning.Errors) -> None:
    if isinstance(organisation, Authority) and organisation.merged_into_id is not None:
        errors["organisation"] = _("This entry was merged into another one.")


@dataclass(frozen=True)
class _CleanOffer:
    title: str
    description: str
    sectors: list[Sector]
    items: list[cleaning.CleanItem]
    capacity: int
    staff_languages: str


def _cleaned(
    kind: str,
    title: str,
    description: str,
    sectors: Sequence[str],
    items: Sequence[ItemIn],
    capacity: int | str,
    staff_languages: Sequence[str],
    visibility: str,
    errors: cleaning.Errors,
) -> _CleanOffer:
    """An offer's values as stored, publish and update alike; every problem at once, with
    those already in `errors`. The values in the order of the services' parameters."""
    cleaning.choice(kind, OfferKind.values, field="kind", errors=errors)
    title, description = cleaning.title_and_description(title, description, errors)
    chosen_sectors = cleaning.sectors(sectors, errors)
    clean_items = cleaning.items(items, errors)
    clean_capacity = _capacity(capacity, errors)
    languages = _staff_languages(staff_languages, errors)
    cleaning.choice(visibility, Visibility.values, field="visibility", errors=errors)
    if errors:
        raise InvalidInput.of_fields(errors)
    return _CleanOffer(
        title=title,
        description=description,
        sectors=chosen_sectors,
        items=clean_items,
        capacity=clean_capacity,
        staff_languages=languages,
    )


@transaction.atomic
def offer_publish(
    *,
    organisation: Organisation,
    kind: str,
    title: str,
    description: str = "",
    sectors: Sequence[str],
    items: Sequence[ItemIn] = (),
    capacity: int | str = 1,
    staff_languages: Sequence[str] = (),
    visibility: str = Visibility.PUBLIC,
    actor: SignedIn,
) -> Offer:
    """Publish what an organisation can give.

    Side effects: audit "offer.published"; the text's embedding is queued after commit.
    """
    ensure_can(actor, "exchange.publish_offer", organisation)
    errors: cleaning.Errors = {}
    _check_organisation(organisation, errors)
    clean = _cleaned(
        kind, title, description, sectors, items, capacity, staff_languages, visibility, errors
    )
    offer = Offer.objects.create(
        authority=organisation if isinstance(organisation, Authority) else None,
        association=organisation if isinstance(organisation, Association) else None,
        kind=kind,
        title=clean.title,
        description=clean.description,
        language=text_language(clean.title, clean.description),
        capacity=clean.capacity,
        staff_languages=clean.staff_languages,
        visibility=visibility,
        created_by=actor,
        search_key=record_search_key(clean.title, clean.description, clean.items),
    )
    offer.sectors.set(clean.sectors)
    replace_items(offer, clean.items)
    after = audit_values(offer, _AUDITED)
    audit_record(
        actor=actor,
        verb="offer.published",
        target=offer,
        changes={name: [None, value] for name, value in after.items() if value not in ("", [])},
        details={"organisation": str(organisation)},
    )
    embed_after_commit(RecordKind.OFFER, offer.pk)
    return offer


def _changeable(offer: Offer) -> Offer:
    """The offer, locked for this transaction; refused once closed."""
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("authority", "association")
        .get(pk=offer.pk)
    )
    if offer.status == OfferStatus.CLOSED:
        raise InvalidInput(_("This offer is closed; it can no longer be changed."))
    return offer


@transaction.atomic
def offer_update(
    *,
    offer: Offer,
    kind: str,
    title: str,
    description: str,
    sectors: Sequence[str],
    items: Sequence[ItemIn],
    capacity: int | str,
    staff_languages: Sequence[str],
    visibility: str,
    actor: Viewer,
) -> Offer:
    """Change an open offer; a closed one stays as it was.

    Side effects: audit "offer.updated" with every changed value; the embedding is queued
    after commit (and recomputed only if the text changed). Nothing at all when nothing changed.
    """
    ensure_can(actor, "exchange.change_offer", offer)
    offer = _changeable(offer)
    errors: cleaning.Errors = {}
    clean = _cleaned(
        kind, title, description, sectors, items, capacity, staff_languages, visibility, errors
    )
    record_update(
        offer,
        audited=_AUDITED,
        values={
            "kind": kind,
            "title": clean.title,
            "description": clean.description,
            "capacity": clean.capacity,
            "staff_languages": clean.staff_languages,
            "visibility": visibility,
        },
        sectors=clean.sectors,
        items=clean.items,
        kind=RecordKind.OFFER,
        verb="offer.updated",
        actor=actor,
    )
    return offer


@transaction.atomic
def offer_close(*, offer: Offer, actor: Viewer) -> Offer:
    """Close an offer: it stays readable, marked closed, and can no longer be changed.

    Side effects: audit "offer.closed".
    """
    ensure_can(actor, "exchange.change_offer", offer)
    offer = _changeable(offer)
    record_end(offer, status=OfferStatus.CLOSED, verb="offer.closed", actor=actor)
    return offer


def offer_stock_changed(*, offer: Offer) -> None:
    """Aid was pledged from the offer (partnerships records it): the offer's stamp changes, so
    that recommendations, which re-read an offer whose stamp changed, see what it has left.

    Saved, not updated in the database alone: the save's signal queues the refresh of the
    stored recommendations (matching/triggers.py). Not audited here: the pledge that changed
    the stock is.
    """
    offer.save(update_fields=["updated_at"])
