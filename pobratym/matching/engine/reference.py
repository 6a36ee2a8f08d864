"""The straightforward implementation: every pair, one at a time, in plain Python.

No buckets, no blocks, no pruning, no incremental state: it loops over all offers (or needs),
applies the hard filter, scores each pair with the per-pair formulas of scoring.py and sorts.
Tests and the benchmark compare `MatchingIndex` with it: the top-k must be identical, in
order, ties included.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from pobratym.matching.engine.centring import Centring, centre
from pobratym.matching.engine.scoring import (
    DEFAULT_WEIGHTS,
    QUANT,
    PairUnits,
    Weights,
    aggregate_units4,
    authority_units,
    frontline_units,
    need_scale,
    pair_units,
    quantise,
    top_sectors,
)
from pobratym.matching.engine.types import F32, AuthorityIn, NeedIn, OfferIn


@dataclass(eq=False)
class Reference:
    """Per-pair ranking over the same inputs and centring as a `MatchingIndex`."""

    authorities: Iterable[AuthorityIn]
    needs: Iterable[NeedIn]
    offers: Iterable[OfferIn]
    centring: Centring
    weights: Weights = DEFAULT_WEIGHTS
    _by_id: dict[int, AuthorityIn] = field(init=False)
    _needs: list[NeedIn] = field(init=False)
    _offers: list[OfferIn] = field(init=False)
    _need_q: dict[int, F32] = field(init=False)
    _offer_q: dict[int, F32] = field(init=False)

    def __post_init__(self) -> None:
        self._by_id = {a.id: a for a in self.authorities}
        self._needs = [n for n in self.needs if n.is_open]
        self._offers = [o for o in self.offers if o.is_available]
        # One vector at a time, as the index does for an added need or offer.
        self._need_q = {
            n.id: quantise(
                centre(n.vector[None, :], self.centring.need_mean), need_scale(self.weights)
            )[0]
            for n in self._needs
        }
        self._offer_q = {
            o.id: quantise(centre(o.vector[None, :], self.centring.offer_mean), QUANT)[0]
            for o in self._offers
        }

    def _fits(self, need: NeedIn, offer: OfferIn) -> bool:
        """The hard filter: a shared top-level sector, and not the need's own authority."""
        shares = bool(top_sectors(need.sectors) & top_sectors(offer.sectors))
        return shares and need.authority_id != offer.authority_id

    def _units(self, need: NeedIn, offer: OfferIn) -> PairUnits:
        return pair_units(
            need,
            self._need_q[need.id],
            offer.sectors,
            self._offer_q[offer.id],
            self._by_id[need.authority_id],
            self._by_id[offer.authority_id],
            self.weights,
        )

    def offers_for_need(self, need_id: int, k: int = 10) -> list[tuple[int, int]]:
        """(offer id, score in units), best first; ties to the smaller offer id."""
        need = next(n for n in self._needs if n.id == need_id)
        scored = [(self._units(need, o).total, o.id) for o in self._offers if self._fits(need, o)]
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return [(offer_id, score) for score, offer_id in scored[:k]]

    def hromadas_for_offer(self, offer_id: int, k: int = 10) -> list[tuple[int, int, int]]:
        """(hromada id, score in units, its best need id), best first."""
        offer = next(o for o in self._offers if o.id == offer_id)
        best: dict[int, tuple[int, int]] = {}
        for need in self._needs:
            if not self._fits(need, offer):
                continue
            score = self._units(need, offer).total
            current = best.get(need.authority_id)
            if current is None or (-score, need.id) < (-current[0], current[1]):
                best[need.authority_id] = (score, need.id)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        return [(h, score, need_id) for h, (score, need_id) in ranked[:k]]

    def hromadas_for_authority(self, authority_id: int, k: int = 10) -> list[tuple[int, int]]:
        """(hromada id, four times the score in units), best first; ties to the smaller id."""
        e = self._by_id[authority_id]
        own = [o for o in self._offers if o.authority_id == authority_id]
        needs_by_hromada: dict[int, list[NeedIn]] = {}
        for need in self._needs:
            needs_by_hromada.setdefault(need.authority_id, []).append(need)
        ranked: list[tuple[int, int]] = []
        for hromada_id, needs in needs_by_hromada.items():
            if hromada_id == authority_id:
                continue
            h = self._by_id[hromada_id]
            parts = []
            for offer in own:
                fitting = [self._units(n, offer).pair_part for n in needs if self._fits(n, offer)]
                if fitting:
                    parts.append(max(fitting))
            if parts:
                base = authority_units(h, e, self.weights).total
                ranked.append(
                    (aggregate_units4(base, frontline_units(h, self.weights), parts), hromada_id)
                )
        ranked.sort(key=lambda item: (-item[0], item[1]))
        return [(hromada_id, units4) for units4, hromada_id in ranked[:k]]
