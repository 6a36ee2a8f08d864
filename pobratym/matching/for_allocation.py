"""What an allocation round reads from matching, and the only module of matching it reads:
the needs and offers matching pairs, and each seeking hromada's best offers scored as the
platform's recommendations score them, with their reasons (docs/allocation.md).

The round scores with its own index over the needs and offers in its scope, centred as the
stored recommendations are, so a round's fit is the fit a hromada's recommendations show.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from pobratym.exchange.embedding import get_embedder
from pobratym.exchange.models import Need, Offer

from . import inputs, keeper
from .engine import MatchingIndex
from .engine.scoring import UNIT

# Matching recommends offers to the hromadas of this country.
UKRAINE = inputs.UKRAINE

StoredReasons = list[dict[str, object]]


def needs_to_match() -> "QuerySet[Need]":
    """The needs matching recommends offers for: open or partly met, shared beyond their
    parties, of Ukrainian authorities."""
    return Need.objects.filter(inputs.matchable_needs(), authority__country__code=UKRAINE)


def offers_to_match() -> "QuerySet[Offer]":
    """The offers matching recommends: open, of an authority, shared beyond their parties."""
    return Offer.objects.filter(inputs.matchable_offers())


def without_foreign_partner(needs: "QuerySet[Need]") -> "QuerySet[Need]":
    """These needs but those of hromadas with a partnership under way with an authority abroad."""
    return needs.exclude(authority_id__in=inputs.authorities_with_foreign_partner())


@dataclass(frozen=True)
class CandidateOffer:
    """An offer fitting a hromada: its score, and the hromada's need it fits best."""

    offer_id: int
    score: float
    need_id: int


@dataclass(frozen=True)
class SeekingHromada:
    """A hromada with a need that matching scores, as the round's solver needs it."""

    id: int
    population: int | None
    is_frontline: bool
    oblast: str


@dataclass(frozen=True)
class PlacedOffer:
    """An offer that matching scores, with the places left to give (None: not counted)."""

    id: int
    authority_id: int
    free_capacity: int | None


class RoundCandidates:
    """Each seeking hromada's best offers, best first, over all its needs, and their reasons."""

    def __init__(
        self,
        *,
        index: MatchingIndex,
        hromadas: list[SeekingHromada],
        offers: list[PlacedOffer],
        by_hromada: dict[int, list[CandidateOffer]],
    ) -> None:
        self._index = index
        self.hromadas = hromadas
        self.offers = offers
        self.by_hromada = by_hromada

    def reasons_for_need(self, need_id: int) -> dict[int, StoredReasons]:
        """The reasons of each of the need's candidate offers, by offer id, as stored."""
        return {
            c.offer_id: [r.as_dict() for r in c.reasons]
            for c in self._index.offers_for_need(need_id)
            if c.offer_id is not None  # always set on a need's candidates
        }


def _best_per_hromada(
    index: MatchingIndex, need_authority: dict[int, int], per_hromada: int
) -> dict[int, list[CandidateOffer]]:
    best: dict[tuple[int, int], CandidateOffer] = {}
    for need_id, hromada_id in need_authority.items():
        for offer_id, units in index.offer_keys_for_need(need_id):
            score = units / UNIT
            key = (hromada_id, offer_id)
            if key not in best or score > best[key].score:
                best[key] = CandidateOffer(offer_id=offer_id, score=score, need_id=need_id)
    by_hromada: dict[int, list[CandidateOffer]] = defaultdict(list)
    for (hromada_id, _offer), candidate in best.items():
        by_hromada[hromada_id].append(candidate)
    return {
        hromada_id: sorted(found, key=lambda c: (-c.score, c.offer_id))[:per_hromada]
        for hromada_id, found in by_hromada.items()
    }


def round_candidates(
    *, need_ids: Iterable[int], offer_ids: Iterable[int], per_hromada: int
) -> RoundCandidates:
    """The best offers of each hromada behind these needs, per_hromada at most, among these
    offers. Needs and offers not yet embedded by the current model, or without a sector, are
    left out, and so are needs of authorities that are not Ukrainian hromadas."""
    model_name = get_embedder().name
    authorities = {a.id: a for a in inputs.authority_inputs()}
    needs = inputs.hromada_need_inputs(need_ids, model_name, authorities)
    offers = inputs.offer_inputs(offer_ids, model_name)
    index = MatchingIndex(
        authorities=authorities.values(),
        needs=needs,
        offers=offers,
        top_k=per_hromada,
        centring=keeper.centring(),
    )
    index.recompute()
    seeking = sorted({need.authority_id for need in needs})
    return RoundCandidates(
        index=index,
        hromadas=[
            SeekingHromada(
                id=pk,
                population=authorities[pk].population,
                is_frontline=authorities[pk].frontline,
                oblast=authorities[pk].region or "",
            )
            for pk in seeking
        ],
        offers=[
            PlacedOffer(id=o.id, authority_id=o.authority_id, free_capacity=o.free_capacity)
            for o in offers
        ],
        by_hromada=_best_per_hromada(
            index, {need.id: need.authority_id for need in needs}, per_hromada
        ),
    )


def pair_reasons(*, need_id: int, offer_id: int) -> StoredReasons:
    """The reasons of one need × offer pair, scored as the platform scores it now."""
    model_name = get_embedder().name
    need = inputs.need_inputs([need_id], model_name)
    offer = inputs.offer_inputs([offer_id], model_name)
    if not need or not offer:
        return []
    wanted = {need[0].authority_id, offer[0].authority_id}
    index = MatchingIndex(
        authorities=[a for a in inputs.authority_inputs() if a.id in wanted],
        needs=need,
        offers=offer,
        top_k=1,
        centring=keeper.centring(),
    )
    index.recompute()
    found = index.offers_for_need(need_id)
    return [r.as_dict() for r in found[0].reasons] if found else []
