"""What a `MatchingIndex` holds: authorities, needs and offers as arrays, and how they change.

* A: for every hromada × authority, the authority-pair points (size, distance, regional tie,
  language, partnered), float32 whole units; EXCLUDED on the diagonal (an authority never
  matches itself).
* Needs: quantised centred vectors (text weight included), urgency points, hromada row,
  sector flags, and each need's stored top-k keys.
* Offers: quantised centred vectors and authority column, plus one `Bucket` per top-level
  sector: a contiguous copy of its offers' vectors for BLAS.
"""

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from pobratym.matching.engine.centring import Centring, centre
from pobratym.matching.engine.explain import CountedPair, aggregate_reasons, pair_reasons
from pobratym.matching.engine.scoring import (
    DEFAULT_WEIGHTS,
    QUANT,
    AuthorityArrays,
    PairUnits,
    Weights,
    authority_units,
    authority_units_block,
    frontline_units,
    need_scale,
    pair_units,
    quantise,
    subsectors,
    to_units,
    top_sectors,
    urgency_units,
)
from pobratym.matching.engine.storage import Bucket, Growable
from pobratym.matching.engine.topk import NO_KEY
from pobratym.matching.engine.types import F32, I64, AuthorityIn, NeedIn, OfferIn, PairRef, Reason

Flags = npt.NDArray[np.bool_]
_A_BLOCK = 128  # hromada rows per block when building A: bounds the float64 temporaries


def children_of(sectors: Sequence[str], sector: str) -> list[str]:
    """The sub-sector codes of `sector` among `sectors`."""
    return sorted(code for code in sectors if "." in code and code.split(".", 1)[0] == sector)


def stack(vectors: Sequence[npt.NDArray[np.float32]], dimension: int) -> F32:
    if not vectors:
        return np.zeros((0, dimension), dtype=np.float32)
    return np.stack([np.asarray(v, dtype=np.float32) for v in vectors])


class IndexState:
    """Storage and bookkeeping; the ranking itself is in ranking.MatchingIndex."""

    def __init__(
        self,
        *,
        authorities: Iterable[AuthorityIn],
        needs: Iterable[NeedIn],
        offers: Iterable[OfferIn],
        weights: Weights = DEFAULT_WEIGHTS,
        centring: Centring | None = None,
        top_k: int = 10,
        chunk_size: int = 2048,
    ) -> None:
        if top_k < 1 or chunk_size < 1:
            raise ValueError("top_k and chunk_size must be positive")
        self.weights = weights
        self.top_k = top_k
        self.chunk_size = chunk_size
        self._init_authorities(list(authorities))
        needs_in = [n for n in needs if n.is_open]
        offers_in = [o for o in offers if o.is_available]
        if centring is None:
            first = [n.vector for n in needs_in[:1]] + [o.vector for o in offers_in[:1]]
            dimension = len(first[0]) if first else 384
            centring = Centring.from_vectors(
                stack([n.vector for n in needs_in], dimension),
                stack([o.vector for o in offers_in], dimension),
            )
        self.centring = centring
        self.dimension = len(centring.need_mean)
        self._sub_units = float(to_units(weights.units("subsector"), 1.0))
        self._sector_col: dict[str, int] = {}
        self._init_needs(needs_in)
        self._init_offers(offers_in)
        self._e_top = np.full((len(self._authorities), top_k), NO_KEY, dtype=np.int64)

    # --- authorities -----------------------------------------------------------------------

    def _init_authorities(self, authorities: list[AuthorityIn]) -> None:
        self._authorities = authorities
        self._col = {a.id: i for i, a in enumerate(authorities)}
        if len(self._col) != len(authorities):
            raise ValueError("authority ids must be unique")
        self._hromadas = [a for a in authorities if a.is_hromada]
        self._h_row = {a.id: i for i, a in enumerate(self._hromadas)}
        self._h_ids = np.array([h.id for h in self._hromadas], dtype=np.int64)
        languages = sorted({code for a in authorities for code in a.languages})
        regions = sorted({a.region for a in authorities if a.region is not None})
        region_index = {code: i for i, code in enumerate(regions)}
        e_arrays = AuthorityArrays.build(authorities, languages, regions)
        h_arrays = AuthorityArrays.build(self._hromadas, languages, regions)
        tied_to: dict[str, list[int]] = {}
        partners: dict[int, set[int]] = {}
        for col, a in enumerate(authorities):
            for code in a.tied_regions:
                tied_to.setdefault(code, []).append(col)
            for partner in a.partners:
                # Named on either side: the partner's row gets a's column, and a's row the
                # partner's column.
                partners.setdefault(partner, set()).add(col)
                if partner in self._col:
                    partners.setdefault(a.id, set()).add(self._col[partner])
        tied = {code: np.array(cols, dtype=np.int64) for code, cols in tied_to.items()}
        partner_cols = {k: np.array(sorted(v), dtype=np.int64) for k, v in partners.items()}
        self._a = np.empty((len(self._hromadas), len(authorities)), dtype=np.float32)
        for start in range(0, len(self._hromadas), _A_BLOCK):
            block = slice(start, start + _A_BLOCK)
            self._a[block] = authority_units_block(
                self._hromadas[block],
                h_arrays.rows(block),
                e_arrays,
                region_index,
                tied,
                partner_cols,
                self._col,
                self.weights,
            )
        self._frontline = np.array(
            [frontline_units(h, self.weights) for h in self._hromadas], dtype=np.float64
        )

    # --- needs -----------------------------------------------------------------------------

    def _check_need(self, need: NeedIn) -> int:
        if need.id in self._need_pos:
            raise ValueError(f"need {need.id} is already indexed")
        if need.authority_id not in self._h_row:
            raise ValueError(f"need {need.id}: authority {need.authority_id} is not a hromada")
        return self._h_row[need.authority_id]

    def _init_needs(self, needs: list[NeedIn]) -> None:
        self._needs: list[NeedIn | None] = []
        self._need_pos: dict[int, int] = {}
        self._h_needs: dict[int, list[int]] = {}
        self._child_needs: dict[str, set[int]] = {}
        h_rows = np.array([self._check_need_once(n) for n in needs], dtype=np.int64)
        vectors = centre(stack([n.vector for n in needs], self.dimension), self.centring.need_mean)
        for pos, need in enumerate(needs):
            self._register_need(pos, need, int(h_rows[pos]))
        member = np.zeros((len(needs), len(self._sector_col)), dtype=bool)
        named = np.zeros_like(member)
        for pos, need in enumerate(needs):
            member[pos], named[pos] = self._sector_flags(need)
        urgency = [urgency_units(n.urgency, self.weights) for n in needs]
        self._n_q = Growable(quantise(vectors, need_scale(self.weights)))
        self._n_urgency = Growable(np.array(urgency, dtype=np.float32))
        self._n_h = Growable(h_rows)
        self._n_id = Growable(np.array([n.id for n in needs], dtype=np.int64))
        self._n_alive = Growable(np.ones(len(needs), dtype=bool))
        self._n_member = Growable(member)
        self._n_named = Growable(named)
        self._n_top = Growable(np.full((len(needs), self.top_k), NO_KEY, dtype=np.int64))

    def _check_need_once(self, need: NeedIn) -> int:
        h_row = self._check_need(need)
        self._need_pos[need.id] = -1  # claimed; set by _register_need
        return h_row

    def _register_need(self, pos: int, need: NeedIn, h_row: int) -> None:
        self._needs.append(need)
        self._need_pos[need.id] = pos
        self._h_needs.setdefault(h_row, []).append(pos)
        for sector in sorted(top_sectors(need.sectors)):
            self._sector(sector)
        for code in subsectors(need.sectors):
            self._child_needs.setdefault(code, set()).add(pos)

    def _sector(self, sector: str) -> int:
        """The flag column of a sector, created on first sight."""
        if sector not in self._sector_col:
            self._sector_col[sector] = len(self._sector_col)
            if hasattr(self, "_n_member"):
                self._n_member.widen(1)
                self._n_named.widen(1)
        return self._sector_col[sector]

    def _sector_flags(self, need: NeedIn) -> tuple[Flags, Flags]:
        """Per sector column: does the need name the sector, and one of its sub-sectors?"""
        member = np.zeros(len(self._sector_col), dtype=bool)
        named = np.zeros(len(self._sector_col), dtype=bool)
        for code in need.sectors:
            column = self._sector_col[code.split(".", 1)[0]]
            member[column] = True
            named[column] |= "." in code
        return member, named

    def _append_need(self, need: NeedIn) -> int:
        h_row = self._check_need(need)
        vector = centre(np.asarray(need.vector, dtype=np.float32)[None, :], self.centring.need_mean)
        pos = self._n_q.append(quantise(vector, need_scale(self.weights))[0])
        self._n_urgency.append(urgency_units(need.urgency, self.weights))
        self._n_h.append(h_row)
        self._n_id.append(need.id)
        self._n_alive.append(True)
        self._n_top.append(np.full(self.top_k, NO_KEY, dtype=np.int64))
        self._register_need(pos, need, h_row)
        member, named = self._sector_flags(need)
        self._n_member.append(member)
        self._n_named.append(named)
        return pos

    def _drop_need(self, pos: int) -> None:
        need = self._needs[pos]
        assert need is not None
        self._needs[pos] = None
        del self._need_pos[need.id]
        self._n_alive.view[pos] = False
        self._n_top.view[pos] = NO_KEY
        self._h_needs[int(self._n_h.view[pos])].remove(pos)
        for code in subsectors(need.sectors):
            self._child_needs[code].discard(pos)

    def has_need(self, need_id: int) -> bool:
        """Whether the need is indexed (open, with a vector and a hromada)."""
        pos = self._need_pos.get(need_id)
        return pos is not None and pos >= 0 and self._needs[pos] is not None

    def has_offer(self, offer_id: int) -> bool:
        """Whether the offer is indexed (open with free capacity)."""
        pos = self._offer_pos.get(offer_id)
        return pos is not None and self._offers[pos] is not None

    def has_authority_offers(self, authority_id: int) -> bool:
        """Whether the authority holds an indexed offer, so that it has hromadas to see."""
        col = self._col.get(authority_id)
        return col is not None and bool(self._e_offers.get(col))

    def _need_pos_alive(self, need_id: int) -> int:
        pos = self._need_pos.get(need_id)
        if pos is None or self._needs[pos] is None:
            raise KeyError(f"need {need_id} is not indexed")
        return pos

    def _needs_in_sector(self, sector: str) -> I64:
        column = self._sector_col.get(sector)
        if column is None:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(self._n_member.view[:, column] & self._n_alive.view)

    def _by_hromada(self, positions: I64) -> I64:
        """Need positions ordered by hromada, then id: the order blocks are scored in."""
        order = np.lexsort((self._n_id.view[positions], self._n_h.view[positions]))
        return positions[order]

    def _chunks(self) -> list[I64]:
        """All live needs in blocks of whole hromadas, about `chunk_size` needs each."""
        rows = self._by_hromada(np.flatnonzero(self._n_alive.view))
        if len(rows) == 0:
            return []
        h = self._n_h.view[rows]
        starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
        chunks: list[I64] = []
        begin = 0
        for start in starts[1:]:
            if start - begin >= self.chunk_size:
                chunks.append(rows[begin:start])
                begin = int(start)
        chunks.append(rows[begin:])
        return chunks

    # --- offers ----------------------------------------------------------------------------

    def _init_offers(self, offers: list[OfferIn]) -> None:
        self._offers: list[OfferIn | None] = []
        self._offer_pos: dict[int, int] = {}
        self._e_offers: dict[int, list[int]] = {}
        vectors = centre(
            stack([o.vector for o in offers], self.dimension), self.centring.offer_mean
        )
        rows = quantise(vectors, QUANT)
        cols = np.array([self._check_offer(o) for o in offers], dtype=np.int64)
        for pos, offer in enumerate(offers):
            self._offers.append(offer)
            self._offer_pos[offer.id] = pos
            self._e_offers.setdefault(int(cols[pos]), []).append(pos)
        self._o_q = Growable(rows)
        self._o_col = Growable(cols)
        self._o_id = Growable(np.array([o.id for o in offers], dtype=np.int64))
        self._buckets: dict[str, Bucket] = {}
        by_sector: dict[str, dict[int, list[str]]] = {}  # sector -> position -> sub-sectors
        for pos, offer in enumerate(offers):
            for code in offer.sectors:
                named = by_sector.setdefault(code.split(".", 1)[0], {}).setdefault(pos, [])
                if "." in code:
                    named.append(code)
        for sector, members in sorted(by_sector.items()):
            self._sector(sector)
            positions = np.array(list(members), dtype=np.int64)
            bucket = Bucket(
                sector=sector,
                matrix=Growable(rows[positions]),
                positions=Growable(positions),
                columns=Growable(cols[positions]),
            )
            codes = sorted({code for named in members.values() for code in named})
            if codes:
                column = {code: i for i, code in enumerate(codes)}
                bucket.child_codes = codes
                flags = np.zeros((len(members), len(codes)), dtype=np.float32)
                for i, named in enumerate(members.values()):
                    flags[i, [column[code] for code in named]] = 1.0
                bucket.children = Growable(flags)
            self._buckets[sector] = bucket

    def _check_offer(self, offer: OfferIn) -> int:
        if offer.id in self._offer_pos:
            raise ValueError(f"offer {offer.id} is already indexed")
        if offer.authority_id not in self._col:
            raise ValueError(f"offer {offer.id}: unknown authority {offer.authority_id}")
        if not offer.is_available:
            raise ValueError(f"offer {offer.id} is closed or used up")
        self._offer_pos[offer.id] = -1  # claimed; set when stored
        return self._col[offer.authority_id]

    def _append_offer(self, offer: OfferIn) -> int:
        col = self._check_offer(offer)
        vector = centre(
            np.asarray(offer.vector, dtype=np.float32)[None, :], self.centring.offer_mean
        )
        row = quantise(vector, QUANT)[0]
        pos = self._o_q.append(row)
        self._o_col.append(col)
        self._o_id.append(offer.id)
        self._offers.append(offer)
        self._offer_pos[offer.id] = pos
        self._e_offers.setdefault(col, []).append(pos)
        for sector in sorted(top_sectors(offer.sectors)):
            self._sector(sector)
            bucket = self._buckets.get(sector)
            if bucket is None:
                empty = np.zeros(0, dtype=np.int64)
                bucket = Bucket(
                    sector=sector,
                    matrix=Growable(np.zeros((0, self.dimension), dtype=np.float32)),
                    positions=Growable(empty),
                    columns=Growable(empty),
                )
                self._buckets[sector] = bucket
            bucket.add(pos, row, col, set(children_of(offer.sectors, sector)))
        return pos

    def _drop_offer(self, pos: int) -> int:
        """Forget an offer; returns its authority column."""
        offer = self._offers[pos]
        assert offer is not None
        col = int(self._o_col.view[pos])
        self._offers[pos] = None
        del self._offer_pos[offer.id]
        self._e_offers[col].remove(pos)
        for sector in top_sectors(offer.sectors):
            self._buckets[sector].remove(pos)
        return col

    def _offer_pos_alive(self, offer_id: int) -> int:
        pos = self._offer_pos.get(offer_id)
        if pos is None or self._offers[pos] is None:
            raise KeyError(f"offer {offer_id} is not indexed")
        return pos

    # --- explanations: the per-pair formulas of scoring.py, as the reference uses them ----

    def _pair(self, need: NeedIn, offer: OfferIn, h: AuthorityIn, e: AuthorityIn) -> CountedPair:
        units = pair_units(
            need,
            self._n_q.view[self._need_pos[need.id]],
            offer.sectors,
            self._o_q.view[self._offer_pos[offer.id]],
            h,
            e,
            self.weights,
        )
        return CountedPair(need, offer, units)

    def _pair_units(self, need: NeedIn, offer: OfferIn) -> PairUnits:
        h = self._hromadas[self._h_row[need.authority_id]]
        e = self._authorities[self._col[offer.authority_id]]
        return self._pair(need, offer, h, e).units

    def _explain_pair(self, need: NeedIn, offer: OfferIn) -> tuple[PairUnits, tuple[Reason, ...]]:
        h = self._hromadas[self._h_row[need.authority_id]]
        e = self._authorities[self._col[offer.authority_id]]
        pair = self._pair(need, offer, h, e)
        return pair.units, pair_reasons(need, offer, pair.units, h, e, self.weights)

    def _explain_aggregate(
        self, h: AuthorityIn, e: AuthorityIn
    ) -> tuple[tuple[Reason, ...], tuple[PairRef, ...], int]:
        """Reasons, counted pairs and four times the score of hromada `h` for authority `e`."""
        counted: list[CountedPair] = []
        needs = [self._needs[p] for p in self._h_needs.get(self._h_row[h.id], [])]
        for opos in self._e_offers.get(self._col[e.id], []):
            offer = self._offers[opos]
            assert offer is not None
            fitting = [
                self._pair(need, offer, h, e)
                for need in needs
                if need is not None and top_sectors(need.sectors) & top_sectors(offer.sectors)
            ]
            if fitting:
                counted.append(min(fitting, key=lambda p: (-p.units.pair_part, p.need.id)))
        counted.sort(key=lambda p: (-p.units.pair_part, p.offer.id))
        kept = counted[:3]
        a = authority_units(h, e, self.weights)
        return aggregate_reasons(h, e, a, frontline_units(h, self.weights), kept, self.weights)
