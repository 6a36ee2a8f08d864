"""The exchange and the directory as the engine's dataclasses.

Only what may be recommended goes in: open needs and open offers of authorities, seen by more
than their own parties (a "parties only" record is sensitive by its author's choice: where and
when aid reaches a frontline hromada), whose text has been embedded by the current model.
Association offers are not matched yet: the engine scores places and sizes of authorities.
Partnerships under way (in dialogue, agreement signed, active or dormant) make their parties
partners (the engine's `partnered` penalty) and take a place of the offer they came from.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from pobratym.directory.enums import FrontlineStatus
from pobratym.directory.models import Authority
from pobratym.exchange.enums import NeedStatus, OfferStatus, RecordKind, Visibility
from pobratym.exchange.models import Need, Offer, TextEmbedding
from pobratym.matching.engine import AuthorityIn, NeedIn, OfferIn
from pobratym.matching.engine.types import Urgency, Vector
from pobratym.partnerships.enums import PartnershipState
from pobratym.partnerships.item_selectors import offers_used_up
from pobratym.partnerships.models import PartnershipParty
from pobratym.semantics import vector_from_bytes

UKRAINE = "UA"
PARTNERSHIPS_UNDER_WAY = (
    PartnershipState.IN_DIALOGUE,
    PartnershipState.AGREEMENT_SIGNED,
    PartnershipState.ACTIVE,
    PartnershipState.DORMANT,
)
MATCHABLE_NEED_STATUSES = (NeedStatus.OPEN, NeedStatus.PARTLY_MET)
SHARED_VISIBILITIES = (Visibility.PUBLIC, Visibility.MEMBERS)
# The exchange says "medium" where the engine says "normal".
ENGINE_URGENCY: dict[str, Urgency] = {
    "low": "low",
    "medium": "normal",
    "high": "high",
    "critical": "critical",
}


@dataclass(frozen=True)
class RecordStamp:
    """What a record looked like when it entered the index: a changed stamp means re-index."""

    updated_at: datetime
    text_hash: str


def matchable_needs() -> "Q":
    return Q(status__in=MATCHABLE_NEED_STATUSES, visibility__in=SHARED_VISIBILITIES)


def matchable_offers() -> "Q":
    return Q(status=OfferStatus.OPEN, visibility__in=SHARED_VISIBILITIES, authority__isnull=False)


def _vectors(kind: str, ids: Iterable[int], model_name: str) -> dict[int, Vector]:
    """The records' embeddings by the model, stored as little-endian float32."""
    rows = TextEmbedding.objects.filter(
        kind=kind, object_id__in=list(ids), model_name=model_name
    ).values_list("object_id", "vector")
    return {object_id: vector_from_bytes(vector) for object_id, vector in rows}


def _stamps(records: "QuerySet[Any]", kind: str, model_name: str) -> dict[int, RecordStamp]:
    updated = dict(records.values_list("pk", "updated_at"))
    hashes = TextEmbedding.objects.filter(
        kind=kind, object_id__in=updated, model_name=model_name
    ).values_list("object_id", "text_hash")
    return {pk: RecordStamp(updated[pk], text_hash) for pk, text_hash in hashes}


def need_stamps(model_name: str) -> dict[int, RecordStamp]:
    """Each matchable need with an embedding, by id."""
    return _stamps(Need.objects.filter(matchable_needs()), RecordKind.NEED, model_name)


def offer_stamps(model_name: str) -> dict[int, RecordStamp]:
    """Each matchable offer with an embedding, by id."""
    return _stamps(Offer.objects.filter(matchable_offers()), RecordKind.OFFER, model_name)


def _sector_codes(through: type, owner_field: str, ids: list[int]) -> dict[int, tuple[str, ...]]:
    codes: dict[int, list[str]] = defaultdict(list)
    rows = (
        through.objects.filter(**{f"{owner_field}__in": ids})  # type: ignore[attr-defined]
        .order_by("sector__position")
        .values_list(owner_field, "sector__code")
    )
    for owner, code in rows:
        codes[owner].append(code)
    return {owner: tuple(values) for owner, values in codes.items()}


def need_inputs(ids: Iterable[int], model_name: str) -> list[NeedIn]:
    """The engine's view of these needs (those without an embedding or a sector are left out)."""
    ids = list(ids)
    vectors = _vectors(RecordKind.NEED, ids, model_name)
    sectors = _sector_codes(Need.sectors.through, "need_id", ids)
    rows = Need.objects.filter(pk__in=ids).values_list("pk", "authority_id", "urgency")
    return [
        NeedIn(
            id=pk,
            authority_id=authority_id,
            sectors=sectors[pk],
            vector=vectors[pk],
            urgency=ENGINE_URGENCY.get(urgency, "normal"),
        )
        for pk, authority_id, urgency in rows
        if pk in vectors and pk in sectors
    ]


def hromada_need_inputs(
    ids: Iterable[int], model_name: str, authorities: Mapping[int, AuthorityIn]
) -> list[NeedIn]:
    """need_inputs of needs of Ukrainian authorities (`authorities` by id): the engine matches
    needs of hromadas (and oblasts)."""
    return [
        need
        for need in need_inputs(ids, model_name)
        if need.authority_id in authorities and authorities[need.authority_id].is_hromada
    ]


def places_taken(offer_ids: Iterable[int]) -> dict[int, int]:
    """How many partnerships under way take up each offer."""
    rows = (
        Offer.objects.filter(pk__in=list(offer_ids), partnerships__state__in=PARTNERSHIPS_UNDER_WAY)
        .annotate(taken=Count("partnerships", distinct=True))
        .values_list("pk", "taken")
    )
    return {offer_id: taken for offer_id, taken in rows}


def offer_inputs(ids: Iterable[int], model_name: str) -> list[OfferIn]:
    """The engine's view of these offers, with the places their partnerships left free; an
    offer whose items have all been pledged has nothing left to give (free capacity 0)."""
    ids = list(ids)
    vectors = _vectors(RecordKind.OFFER, ids, model_name)
    sectors = _sector_codes(Offer.sectors.through, "offer_id", ids)
    taken = places_taken(ids)
    used_up = offers_used_up(ids)
    rows = Offer.objects.filter(pk__in=ids).values_list("pk", "authority_id", "capacity")
    return [
        OfferIn(
            id=pk,
            authority_id=authority_id,
            sectors=sectors[pk],
            vector=vectors[pk],
            free_capacity=0 if pk in used_up else max(0, capacity - taken.get(pk, 0)),
        )
        for pk, authority_id, capacity in rows
        if pk in vectors and pk in sectors
    ]


def _working_languages() -> dict[int, set[str]]:
    """What each authority works in, as its records show: Ukrainian for every Ukrainian
    authority, and the languages its needs and offers are written in and its staff speak."""
    spoken: dict[int, set[str]] = defaultdict(set)
    for authority_id, language in Need.objects.filter(matchable_needs()).values_list(
        "authority_id", "language"
    ):
        if language:
            spoken[authority_id].add(language)
    for authority_id, language, staff in Offer.objects.filter(matchable_offers()).values_list(
        "authority_id", "language", "staff_languages"
    ):
        spoken[authority_id].update(code for code in [language, *staff.split(",")] if code)
    return spoken


def partners_of() -> dict[int, set[int]]:
    """Each authority's partners: the other authorities of its partnerships under way."""
    members: dict[int, set[int]] = defaultdict(set)
    rows = PartnershipParty.objects.filter(
        partnership__state__in=PARTNERSHIPS_UNDER_WAY, authority__isnull=False
    ).values_list("partnership_id", "authority_id")
    for partnership_id, authority_id in rows:
        members[partnership_id].add(authority_id)
    partners: dict[int, set[int]] = defaultdict(set)
    for authorities in members.values():
        for authority_id in authorities:
            partners[authority_id] |= authorities - {authority_id}
    return partners


def authorities_with_foreign_partner() -> set[int]:
    """Ukrainian authorities with a partnership under way with an authority abroad."""
    ukrainian = set(
        PartnershipParty.objects.filter(
            partnership__state__in=PARTNERSHIPS_UNDER_WAY, authority__country__code=UKRAINE
        ).values_list("authority_id", "partnership_id")
    )
    abroad = set(
        PartnershipParty.objects.filter(partnership__state__in=PARTNERSHIPS_UNDER_WAY)
        .exclude(authority__country__code=UKRAINE)
        .exclude(authority__isnull=True)
        .values_list("partnership_id", flat=True)
    )
    return {authority_id for authority_id, partnership_id in ukrainian if partnership_id in abroad}


def authority_inputs() -> list[AuthorityIn]:
    """Every Ukrainian authority (any may post a need) and every authority holding an offer."""
    offering = Offer.objects.filter(matchable_offers()).values("authority_id")
    rows = (
        Authority.objects.filter(merged_into__isnull=True)
        .filter(Q(country__code=UKRAINE, is_section=False) | Q(pk__in=offering))
        .values_list(
            "pk",
            "country__code",
            "latitude",
            "longitude",
            "population",
            "region__iso_code",
            "frontline_status",
        )
        .order_by("pk")
    )
    spoken = _working_languages()
    partners = partners_of()
    authorities = []
    for pk, country, latitude, longitude, population, region, frontline in rows:
        is_ukrainian = country == UKRAINE
        languages = spoken.get(pk, set()) | ({"uk"} if is_ukrainian else set())
        has_position = latitude is not None and longitude is not None
        authorities.append(
            AuthorityIn(
                id=pk,
                is_hromada=is_ukrainian,
                country=country,
                latitude=latitude if has_position else None,
                longitude=longitude if has_position else None,
                population=population or None,
                languages=frozenset(languages),
                region=region or None,
                partners=frozenset(partners.get(pk, ())),
                frontline=frontline == FrontlineStatus.FRONTLINE,
            )
        )
    return authorities
