"""Vectorised, exact top-k both ways: full recompute, queries, and one change at a time.

A full recompute (docs/matching.md has the why and the figures):

* Needs are taken in blocks of whole hromadas (about `chunk_size` needs). For each top-level
  sector, the block's needs naming it meet that sector's bucket of offers in one BLAS product
  S (needs × offers): never the 30,000 × 60,000 dense matrix.
* S gets the urgency points, then the sub-sector bonus. Then P, for each hromada of the block
  and each offer, takes the best of the hromada's needs (a max over row groups); then S gets
  the authority-pair points A and each need keeps its best k + 1 offers (topk.py).
* An offer met in two sector buckets keeps its better score; lists merge exactly because
  scores are whole units and ties fall to the smaller id inside the keys.
* From P, each authority's three best offers for each hromada give the authority-level score
  (`scoring.aggregate_units4`), merged into each authority's running top-k.

Incremental updates recompute only what one change can touch and give exactly what a full
recompute would (tests compare both with reference.py).
"""

from typing import Literal

import numpy as np

from pobratym.matching.engine.explain import pair_fit
from pobratym.matching.engine.index import IndexState, children_of
from pobratym.matching.engine.scoring import UNIT, PairUnits
from pobratym.matching.engine.storage import Bucket
from pobratym.matching.engine.topk import (
    INVALID,
    NO_KEY,
    key_id,
    key_score,
    make_keys,
    merge_top,
    sort_desc,
    top_keys_by_row,
)
from pobratym.matching.engine.types import (
    F32,
    I64,
    Candidate,
    NeedIn,
    OfferIn,
    PairRef,
    Reason,
    top_sector,
)

# A hromada proposed to an offer comes with its best needs for it: a few, not every one.
NEEDS_PER_HROMADA = 3


def _pair_candidate(
    kind: Literal["offer", "hromada"],
    need: NeedIn,
    offer: OfferIn,
    units: PairUnits,
    reasons: tuple[Reason, ...],
    pairs: tuple[PairRef, ...] = (),
) -> Candidate:
    """A candidate found through one need and one offer: the offer, for the need, or the
    need's hromada, for the offer."""
    return Candidate(
        kind=kind,
        authority_id=offer.authority_id if kind == "offer" else need.authority_id,
        score=units.total / UNIT,
        reasons=reasons,
        fit=pair_fit(units),
        offer_id=offer.id,
        need_id=need.id,
        pairs=pairs,
    )


class MatchingIndex(IndexState):
    """Needs, offers and authorities with every top-k list kept current.

    Build it from dataclasses, call `recompute()` once, then read with `offers_for_need`,
    `hromadas_for_authority` and `hromadas_for_offer`, and keep it current with `add_need`,
    `remove_need`, `add_offer` and `remove_offer` (an edit is a remove and an add). Vectors are
    centred with `centring`, by default the means of the vectors given at construction.
    Needs must belong to hromadas; an authority's own offers are never proposed to it.
    """

    _e_cols: I64  # authorities holding offers, most offers first
    _tier_bounds: list[tuple[int, int]]  # (first slot, authorities) of each tier
    _slot: I64  # offer position -> slot in tier order
    _slot_pos: I64  # slot -> offer position
    _tiers_dirty = True

    # --- a block of needs against every bucket -----------------------------------------------

    def _score_rows(
        self, rows: I64, *, need_top: bool, hromada_part: bool
    ) -> tuple[I64 | None, I64, F32 | None]:
        """Score the needs at `rows` (sorted by hromada) against all their sectors' offers.

        Returns their top-k keys (if `need_top`), the block's hromada rows, and P (if
        `hromada_part`): per hromada and offer slot (tier order), the best pair part of the
        hromada's needs in `rows`, -inf where none fits.
        """
        k = self.top_k
        h_of_rows = self._n_h.view[rows]
        hromadas = np.unique(h_of_rows)
        tops = np.full((len(rows), k), NO_KEY, dtype=np.int64) if need_top else None
        best = None
        if hromada_part:
            self._ensure_tiers()
            best = np.full((len(hromadas), len(self._slot_pos)), -np.inf, dtype=np.float32)
        member = self._n_member.view[rows]
        for sector, bucket in self._buckets.items():
            local = np.flatnonzero(member[:, self._sector_col[sector]])
            if bucket.size == 0 or len(local) == 0:
                continue
            block = rows[local]
            scores = self._n_q.view[block] @ bucket.matrix.view.T
            scores += self._n_urgency.view[block][:, None]
            self._add_subsector_bonus(scores, block, bucket)
            h_block = h_of_rows[local]
            starts = np.flatnonzero(np.r_[True, h_block[1:] != h_block[:-1]])
            ends = np.r_[starts[1:], len(local)]
            if best is not None:
                # Per hromada: a max over its contiguous rows (np.maximum.reduceat is ten times
                # slower), then a max into its row of P at the offers' slots.
                slots = self._slot[bucket.positions.view]
                for start, end in zip(starts, ends, strict=True):
                    row = best[np.searchsorted(hromadas, h_block[start])]
                    seen = row[slots]
                    np.maximum(seen, np.max(scores[start:end], axis=0), out=seen)
                    row[slots] = seen
            if tops is not None:
                columns = bucket.columns.view
                for start, end in zip(starts, ends, strict=True):
                    scores[start:end] += self._a[h_block[start], columns]
                ids = self._o_id.view[bucket.positions.view]
                tops[local] = merge_top(tops[local], top_keys_by_row(scores, ids, k), k)
        return tops, hromadas, best

    def _add_subsector_bonus(
        self, scores: F32, block: I64, bucket: Bucket, children: F32 | None = None
    ) -> None:
        """Add the sub-sector bonus, once per pair, where need and offer name the same one.

        Only rows naming a sub-sector of this sector and offers naming one are touched.
        `children` replaces the bucket's flags when `scores` covers some of its offers only.
        """
        if children is None and bucket.children is not None:
            children = bucket.children.view
        if children is None or not self._sub_units:
            return
        which = np.flatnonzero(self._n_named.view[block, self._sector_col[bucket.sector]])
        offers = np.flatnonzero(children.any(axis=1))
        if len(which) == 0 or len(offers) == 0:
            return
        codes = {code: i for i, code in enumerate(bucket.child_codes)}
        flags = np.zeros((len(which), len(codes)), dtype=np.float32)
        for j, i in enumerate(which):
            need = self._needs[int(block[i])]
            assert need is not None
            for code in children_of(need.sectors, bucket.sector):
                if code in codes:
                    flags[j, codes[code]] = 1.0
        offer_flags = children[offers]
        if flags.sum(axis=1).max() <= 1 and offer_flags.sum(axis=1).max() <= 1:
            # One sub-sector per side (the usual case): pairs sharing one are the blocks
            # code by code, disjoint, so each pair gets the bonus once.
            for c in range(len(codes)):
                rows, cols = which[flags[:, c] > 0], offers[offer_flags[:, c] > 0]
                if len(rows) and len(cols):
                    scores[np.ix_(rows, cols)] += self._sub_units
            return
        shared = flags @ offer_flags.T
        np.minimum(shared, 1.0, out=shared)
        shared *= self._sub_units
        scores[np.ix_(which, offers)] += shared

    # --- authority level -----------------------------------------------------------------

    def _ensure_tiers(self) -> None:
        """Offer slots in tier order: tier t holds the t-th offer of each authority.

        Authorities are sorted by their number of offers, most first, so tier t covers the
        first n_t of them and every step of `_aggregate_keys` works on contiguous slices.
        """
        if not self._tiers_dirty:
            return
        lists = sorted(
            ((c, positions) for c, positions in self._e_offers.items() if positions),
            key=lambda item: (-len(item[1]), item[0]),
        )
        self._e_cols = np.array([c for c, _ in lists], dtype=np.int64)
        slot_pos: list[int] = []
        self._tier_bounds = []
        for t in range(len(lists[0][1]) if lists else 0):
            covered = [positions[t] for _, positions in lists if len(positions) > t]
            self._tier_bounds.append((len(slot_pos), len(covered)))
            slot_pos.extend(covered)
        self._slot_pos = np.array(slot_pos, dtype=np.int64)
        self._slot = np.full(self._o_q.n, -1, dtype=np.int64)
        self._slot[self._slot_pos] = np.arange(len(slot_pos))
        self._tiers_dirty = False

    def _aggregate_keys(self, hromadas: I64, best: F32) -> I64:
        """Authority-level keys, `hromadas` × `_e_cols`, from P (`best`, in tier order)."""
        self._ensure_tiers()
        shape = (len(hromadas), len(self._e_cols))
        t1 = np.full(shape, -np.inf, dtype=np.float32)
        t2 = np.full(shape, -np.inf, dtype=np.float32)
        t3 = np.full(shape, -np.inf, dtype=np.float32)
        # Insertion into the three best, one tier of offers at a time.
        for first, covered in self._tier_bounds:
            value = best[:, first : first + covered]
            a, b, c = t1[:, :covered], t2[:, :covered], t3[:, :covered]
            low = np.minimum(a, value)
            np.maximum(a, value, out=a)
            lower = np.minimum(b, low)
            np.maximum(b, low, out=b)
            np.maximum(c, lower, out=c)
        a_part = self._a[np.ix_(hromadas, self._e_cols)].astype(np.float64)
        valid = np.isfinite(t1) & (a_part > INVALID)
        p1 = np.where(valid, t1, 0).astype(np.float64)
        total4 = 4.0 * (a_part + self._frontline[hromadas][:, None] + p1)
        total4 += 2.0 * np.maximum(0.0, t2.astype(np.float64))
        total4 += np.maximum(0.0, t3.astype(np.float64))
        return make_keys(total4, np.broadcast_to(self._h_ids[hromadas][:, None], shape), valid)

    def _recompute_authorities(self, cols: I64) -> None:
        """The top-k hromadas of the authorities at `cols`, from scratch."""
        if len(cols) == 0:
            return
        self._e_top[cols] = NO_KEY
        groups = [(int(c), self._e_offers.get(int(c), [])) for c in cols]
        positions = np.array([p for _, offers in groups for p in offers], dtype=np.int64)
        if len(positions) == 0:
            return
        column_of = {int(p): i for i, p in enumerate(positions)}
        best = np.full((len(self._hromadas), len(positions)), -np.inf, dtype=np.float32)
        for sector, bucket in self._buckets.items():
            inside = np.flatnonzero(np.isin(bucket.positions.view, positions))
            needs = self._needs_in_sector(sector)
            if len(inside) == 0 or len(needs) == 0:
                continue
            needs = self._by_hromada(needs)
            scores = self._n_q.view[needs] @ bucket.matrix.view[inside].T
            scores += self._n_urgency.view[needs][:, None]
            if bucket.children is not None:
                self._add_subsector_bonus(scores, needs, bucket, bucket.children.view[inside])
            h = self._n_h.view[needs]
            starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
            per_hromada = np.maximum.reduceat(scores, starts, axis=0)
            columns = np.array([column_of[int(p)] for p in bucket.positions.view[inside]])
            target = np.ix_(h[starts], columns)
            best[target] = np.maximum(best[target], per_hromada)
        for col, offers in groups:
            if not offers:
                continue
            mine = -np.sort(-best[:, [column_of[p] for p in offers]], axis=1)
            top3 = np.full((len(self._hromadas), 3), -np.inf, dtype=np.float32)
            top3[:, : min(3, mine.shape[1])] = mine[:, :3]
            a_part = self._a[:, col].astype(np.float64)
            valid = np.isfinite(top3[:, 0]) & (a_part > INVALID)
            p1 = np.where(valid, top3[:, 0], 0).astype(np.float64)
            total4 = 4.0 * (a_part + self._frontline + p1)
            total4 += 2.0 * np.maximum(0.0, top3[:, 1].astype(np.float64))
            total4 += np.maximum(0.0, top3[:, 2].astype(np.float64))
            keys = make_keys(total4, self._h_ids, valid)
            # Fewer hromadas than top_k leave the row's tail empty (NO_KEY, set above).
            ranked = sort_desc(keys)[: self.top_k]
            self._e_top[col, : len(ranked)] = ranked

    # --- full recompute ------------------------------------------------------------------

    def recompute(self) -> None:
        """Top-k offers for every need and top-k hromadas for every authority with offers."""
        self._tiers_dirty = True
        self._ensure_tiers()
        for bucket in self._buckets.values():
            # Offers in slot order: P is then written at increasing addresses, twice as fast.
            bucket.reorder(np.argsort(self._slot[bucket.positions.view], kind="stable"))
        self._e_top.fill(NO_KEY)
        self._n_top.view.fill(NO_KEY)
        for rows in self._chunks():
            tops, hromadas, best = self._score_rows(rows, need_top=True, hromada_part=True)
            assert tops is not None and best is not None
            self._n_top.view[rows] = tops
            keys = self._aggregate_keys(hromadas, best)
            both = np.concatenate([self._e_top[self._e_cols], keys.T], axis=1)
            self._e_top[self._e_cols] = sort_desc(both)[:, : self.top_k]

    # --- reading -------------------------------------------------------------------------

    def offer_keys_for_need(self, need_id: int) -> list[tuple[int, int]]:
        """(offer id, score in units), best first, without reasons: for storage and tests."""
        pos = self._need_pos_alive(need_id)
        keys = self._n_top.view[pos]
        keys = keys[keys != NO_KEY]
        # Frontline points are the same for all of a need's offers: stored keys leave them out.
        frontline = int(self._frontline[self._n_h.view[pos]])
        return [
            (int(i), int(s) + frontline) for i, s in zip(key_id(keys), key_score(keys), strict=True)
        ]

    def hromada_keys_for_authority(self, authority_id: int) -> list[tuple[int, int]]:
        """(hromada id, four times the score in units), best first."""
        keys = self._e_top[self._col[authority_id]]
        keys = keys[keys != NO_KEY]
        return [(int(i), int(s)) for i, s in zip(key_id(keys), key_score(keys), strict=True)]

    def offers_for_need(self, need_id: int, *, limit: int | None = None) -> list[Candidate]:
        """The need's best offers, the authorities behind them, and the reasons."""
        need = self._needs[self._need_pos_alive(need_id)]
        assert need is not None
        out = []
        for offer_id, score in self.offer_keys_for_need(need_id)[:limit]:
            offer = self._offers[self._offer_pos[offer_id]]
            assert offer is not None
            units, reasons = self._explain_pair(need, offer)
            assert units.total == score, (need_id, offer_id, units, score)
            out.append(_pair_candidate("offer", need, offer, units, reasons))
        return out

    def hromadas_for_authority(
        self, authority_id: int, *, limit: int | None = None
    ) -> list[Candidate]:
        """The hromadas an authority's offers fit best, each with its counted pairs."""
        e = self._authorities[self._col[authority_id]]
        out = []
        for hromada_id, units4 in self.hromada_keys_for_authority(authority_id)[:limit]:
            h = self._hromadas[self._h_row[hromada_id]]
            reasons, pairs, total4 = self._explain_aggregate(h, e)
            assert total4 == units4, (authority_id, hromada_id, total4, units4)
            out.append(
                Candidate(
                    kind="hromada",
                    authority_id=hromada_id,
                    score=total4 / (4 * UNIT),
                    reasons=reasons,
                    fit=pairs[0].fit,
                    pairs=pairs,
                )
            )
        return out

    def hromadas_for_offer(self, offer_id: int, *, limit: int | None = None) -> list[Candidate]:
        """Hromadas for one offer, computed on demand: each by its need the offer fits best,
        with its best needs for the offer (up to NEEDS_PER_HROMADA) as `pairs`."""
        pos = self._offer_pos_alive(offer_id)
        need_pos, scores = self._offer_need_scores(pos)
        return self._hromadas_ranked(pos, need_pos, scores, limit)

    def _hromadas_ranked(
        self, pos: int, need_pos: I64, scores: F32, limit: int | None
    ) -> list[Candidate]:
        """The hromadas for the offer at `pos`, from its needs' scores (`_offer_need_scores`)."""
        offer = self._offers[pos]
        assert offer is not None
        offer_id = offer.id
        if len(need_pos) == 0:
            return []
        h_rows = self._n_h.view[need_pos]
        full = scores.astype(np.float64) + self._frontline[h_rows]
        keys = make_keys(full, self._n_id.view[need_pos])
        order = np.lexsort((-keys, h_rows))  # per hromada, its best need first
        h_sorted = h_rows[order]
        starts = np.flatnonzero(np.r_[True, h_sorted[1:] != h_sorted[:-1]])
        ends = np.r_[starts[1:], len(order)]
        firsts = order[starts]
        h_keys = make_keys(full[firsts], self._h_ids[h_rows[firsts]])
        by_key = np.argsort(-h_keys)
        ranked = by_key[h_keys[by_key] != NO_KEY]
        out = []
        for group in ranked[: self.top_k if limit is None else limit]:
            explained = []
            reasons: tuple[Reason, ...] = ()
            best = order[starts[group] : min(ends[group], starts[group] + NEEDS_PER_HROMADA)]
            for rank, i in enumerate(best):
                need = self._needs[int(need_pos[i])]
                assert need is not None
                # The reasons are the best need's: the others are shown with their fit only.
                if rank == 0:
                    units, reasons = self._explain_pair(need, offer)
                else:
                    units = self._pair_units(need, offer)
                assert units.total == int(full[i]), (offer_id, need.id, units, full[i])
                explained.append((need, units))
            need, units = explained[0]
            pairs = tuple(
                PairRef(n.id, offer.id, points=u.total / UNIT, fit=pair_fit(u))
                for n, u in explained
            )
            out.append(_pair_candidate("hromada", need, offer, units, reasons, pairs))
        return out

    # --- one change at a time ------------------------------------------------------------

    def _offer_need_scores(self, pos: int) -> tuple[I64, F32]:
        """For one offer: the needs it may serve, and each pair's score less frontline."""
        offer = self._offers[pos]
        assert offer is not None
        vector = self._o_q.view[pos]
        best = np.full(self._n_q.n, -np.inf, dtype=np.float32)
        for sector in sorted({top_sector(code) for code in offer.sectors}):
            rows = self._needs_in_sector(sector)
            if len(rows) == 0:
                continue
            scores = self._n_q.view[rows] @ vector + self._n_urgency.view[rows]
            named = children_of(offer.sectors, sector)
            if named and self._sub_units:
                sharing = set().union(*(self._child_needs.get(c, set()) for c in named))
                scores[np.isin(rows, np.fromiter(sharing, dtype=np.int64))] += self._sub_units
            best[rows] = np.maximum(best[rows], scores)
        need_pos = np.flatnonzero(best > -np.inf)
        scores = best[need_pos] + self._a[self._n_h.view[need_pos], int(self._o_col.view[pos])]
        keep = scores > INVALID
        return need_pos[keep], scores[keep]

    def _hromada_keys(self, h_row: int) -> I64:
        """One hromada's authority-level keys, per `_e_cols`, over all its needs."""
        self._ensure_tiers()
        rows = self._by_hromada(np.array(self._h_needs.get(h_row, []), dtype=np.int64))
        if len(rows) == 0:
            return np.full(len(self._e_cols), NO_KEY, dtype=np.int64)
        _, _, best = self._score_rows(rows, need_top=False, hromada_part=True)
        assert best is not None
        keys: I64 = self._aggregate_keys(np.array([h_row], dtype=np.int64), best)[0]
        return keys

    def _held_by(self, h_row: int) -> I64:
        """Per `_e_cols`, the hromada's key in that authority's list (NO_KEY if absent)."""
        current = self._e_top[self._e_cols]
        mine = (key_id(current) == self._h_ids[h_row]) & (current != NO_KEY)
        held: I64 = np.where(mine, current, NO_KEY).max(axis=1)
        return held

    def add_need(self, need: NeedIn) -> list[Candidate]:
        """Index a new open need and return its best offers; lists it enters are updated."""
        pos = self._append_need(need)
        h_row = int(self._n_h.view[pos])
        tops, _, _ = self._score_rows(np.array([pos]), need_top=True, hromada_part=False)
        assert tops is not None
        self._n_top.view[pos] = tops[0]
        # One more need can only raise the hromada's aggregate (scoring.aggregate_units4):
        # each authority's list takes the hromada's new key in place of its old one.
        new = self._hromada_keys(h_row)
        current = self._e_top[self._e_cols]
        current = np.where(key_id(current) == self._h_ids[h_row], NO_KEY, current)
        both = np.concatenate([current, new[:, None]], axis=1)
        self._e_top[self._e_cols] = sort_desc(both)[:, : self.top_k]
        return self.offers_for_need(need.id)

    def remove_need(self, need_id: int) -> None:
        """Drop a need (closed, fulfilled or edited); lists that counted it are recomputed."""
        pos = self._need_pos_alive(need_id)
        h_row = int(self._n_h.view[pos])
        self._drop_need(pos)
        self._ensure_tiers()
        old = self._held_by(h_row)
        new = self._hromada_keys(h_row)
        # A lower aggregate may let a hromada from outside the list in: recompute those.
        self._recompute_authorities(self._e_cols[(old != NO_KEY) & (new < old)])

    def add_offer(self, offer: OfferIn) -> list[Candidate]:
        """Index a new available offer and return the hromadas it fits best."""
        pos = self._append_offer(offer)
        self._tiers_dirty = True
        # A new offer only adds candidates: a need's list takes it if it beats the k-th.
        need_pos, scores = self._offer_need_scores(pos)
        keys = make_keys(scores, np.full(len(need_pos), offer.id, dtype=np.int64))
        better = keys > self._n_top.view[need_pos, -1]
        rows = need_pos[better]
        self._n_top.view[rows] = merge_top(
            self._n_top.view[rows], keys[better][:, None], self.top_k
        )
        self._recompute_authorities(np.array([self._o_col.view[pos]], dtype=np.int64))
        return self.hromadas_for_offer(offer.id)

    def remove_offer(self, offer_id: int) -> None:
        """Drop an offer (closed or used up); lists that held it are recomputed."""
        col = self._drop_offer(self._offer_pos_alive(offer_id))
        self._tiers_dirty = True
        tops = self._n_top.view
        held = np.flatnonzero(((key_id(tops) == offer_id) & (tops != NO_KEY)).any(axis=1))
        if len(held):
            rows = self._by_hromada(held)
            fresh, _, _ = self._score_rows(rows, need_top=True, hromada_part=False)
            assert fresh is not None
            self._n_top.view[rows] = fresh
        self._recompute_authorities(np.array([col], dtype=np.int64))
