"""What a keeper of stored recommendations needs from the index: which lists a change touched.

Recommendations are computed by task workers and stored; web processes read the stored rows
(docs/matching.md, "Stored recommendations"). After each batch of changes the worker rewrites
only the lists that changed:

* every need's offers and every authority's hromadas are kept by the index itself, so a
  snapshot of their keys before and after tells exactly which changed (`ListKeys`);
* an offer's hromadas are computed on demand (`hromadas_for_offer`), so nothing in the index
  says which of them a change touched. A changed hromada can enter an offer's list only if its
  key there beats the list's last one, or is already on it: `hromada_keys_for_offers` gives
  one hromada's key in every offer's list at the cost of its needs against the offers, and the
  keeper compares it with each stored list's floor.

Candidates travel to and from the store as JSON (`candidate_to_json`, `candidate_from_json`).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from pobratym.matching.engine.index import children_of
from pobratym.matching.engine.ranking import MatchingIndex
from pobratym.matching.engine.scoring import UNIT
from pobratym.matching.engine.topk import INVALID, NO_KEY, make_keys
from pobratym.matching.engine.types import (
    F32,
    I64,
    Candidate,
    PairRef,
    Reason,
    ReasonValue,
    top_sector,
)


@dataclass(frozen=True)
class ListKeys:
    """Each need's and each authority's list as it stands: ids and scores packed in keys."""

    needs: dict[int, bytes]
    authorities: dict[int, bytes]


class KeptIndex(MatchingIndex):
    """The matching index with the reads a keeper of stored recommendations needs."""

    def list_keys(self) -> ListKeys:
        alive = np.flatnonzero(self._n_alive.view)
        need_ids = self._n_id.view[alive].tolist()
        tops = self._n_top.view[alive]
        self._ensure_tiers()
        authority_ids = [self._authorities[int(c)].id for c in self._e_cols]
        e_tops = self._e_top[self._e_cols]
        return ListKeys(
            needs={pk: tops[i].tobytes() for i, pk in enumerate(need_ids)},
            authorities={pk: e_tops[i].tobytes() for i, pk in enumerate(authority_ids)},
        )

    def hromadas_for_offers(self, offer_ids: list[int]) -> dict[int, list[Candidate]]:
        """`hromadas_for_offer` of many offers at once, each list exactly as it would be."""
        out: dict[int, list[Candidate]] = {}
        for batch in _batches([self._offer_pos_alive(pk) for pk in offer_ids], OFFER_BATCH):
            for pos, (need_pos, scores) in zip(batch, self._offers_need_scores(batch), strict=True):
                offer = self._offers[pos]
                assert offer is not None
                out[offer.id] = self._hromadas_ranked(pos, need_pos, scores, None)
        return out

    def _offers_need_scores(self, positions: list[int]) -> list[tuple[I64, F32]]:
        """`_offer_need_scores` of several offers: each sector's needs gathered once."""
        sectors: list[set[str]] = []
        for pos in positions:
            offer = self._offers[pos]
            assert offer is not None
            sectors.append({top_sector(code) for code in offer.sectors})
        best = np.full((len(positions), self._n_q.n), -np.inf, dtype=np.float32)
        for sector in sorted(set().union(*sectors)):
            rows = self._needs_in_sector(sector)
            if len(rows) == 0:
                continue
            cols = [j for j, named in enumerate(sectors) if sector in named]
            offer_q = self._o_q.view[[positions[j] for j in cols]]
            scores = offer_q @ self._n_q.view[rows].T + self._n_urgency.view[rows][None, :]
            for k, j in enumerate(cols):
                offer = self._offers[positions[j]]
                assert offer is not None
                named = children_of(offer.sectors, sector)
                if named and self._sub_units:
                    sharing = set().union(*(self._child_needs.get(c, set()) for c in named))
                    shared = np.isin(rows, np.fromiter(sharing, dtype=np.int64))
                    scores[k, shared] += self._sub_units
            target = np.ix_(np.array(cols, dtype=np.int64), rows)
            best[target] = np.maximum(best[target], scores)
        out = []
        for j, pos in enumerate(positions):
            need_pos = np.flatnonzero(best[j] > -np.inf)
            scores = (
                best[j, need_pos] + self._a[self._n_h.view[need_pos], int(self._o_col.view[pos])]
            )
            keep = scores > INVALID
            out.append((need_pos[keep], scores[keep]))
        return out

    def hromada_keys_for_offers(self, hromada_id: int) -> dict[int, int]:
        """For each offer one hromada's needs reach: the key the hromada would have in the
        offer's list of hromadas, exactly as `hromadas_for_offer` ranks them (its best need
        for the offer, with the authority pair and frontline points)."""
        h_row = self._h_row.get(hromada_id)
        rows = np.array(sorted(self._h_needs.get(h_row, [])) if h_row is not None else [])
        if len(rows) == 0:
            return {}
        rows = rows.astype(np.int64)
        best = np.full(self._o_q.n, -np.inf, dtype=np.float32)
        member = self._n_member.view[rows]
        for sector, bucket in self._buckets.items():
            local = np.flatnonzero(member[:, self._sector_col[sector]])
            if bucket.size == 0 or len(local) == 0:
                continue
            block = rows[local]
            scores = self._n_q.view[block] @ bucket.matrix.view.T
            scores += self._n_urgency.view[block][:, None]
            self._add_subsector_bonus(scores, block, bucket)
            positions = bucket.positions.view
            best[positions] = np.maximum(best[positions], scores.max(axis=0))
        reached = np.flatnonzero(best > -np.inf)
        scores = best[reached] + self._a[h_row, self._o_col.view[reached]]
        keep = scores > INVALID
        reached = reached[keep]
        full = scores[keep].astype(np.float64) + self._frontline[h_row]
        keys = make_keys(full, np.full(len(reached), hromada_id, dtype=np.int64))
        return {
            int(pk): int(key)
            for pk, key in zip(self._o_id.view[reached], keys, strict=True)
            if key != NO_KEY
        }


# Offers scored together by `hromadas_for_offers`: gathering a sector's need vectors costs
# more than scoring them, so a batch gathers them once (at national scale, one offer alone
# spends most of its 40 ms on that gather).
OFFER_BATCH = 256


def _batches(items: list[int], size: int) -> list[list[int]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def hromada_key(hromada_id: int, score: float) -> int:
    """The key of a hromada with this score in an offer's list (a stored candidate's score
    gives back the key it was ranked by: scores are whole units, see scoring.py)."""
    units = np.array([round(score * UNIT)], dtype=np.float64)
    return int(make_keys(units, np.array([hromada_id], dtype=np.int64))[0])


def _values_to_json(values: Mapping[str, ReasonValue]) -> dict[str, object]:
    return {
        key: list(value) if isinstance(value, tuple) else value for key, value in values.items()
    }


def _values_from_json(values: Mapping[str, Any]) -> dict[str, ReasonValue]:
    return {
        key: tuple(value) if isinstance(value, list) else value for key, value in values.items()
    }


def candidate_to_json(candidate: Candidate) -> dict[str, object]:
    """A candidate as stored: every field, reasons and pairs as plain lists."""
    return {
        "kind": candidate.kind,
        "authority": candidate.authority_id,
        "score": candidate.score,
        "fit": candidate.fit,
        "offer": candidate.offer_id,
        "need": candidate.need_id,
        "reasons": [[r.code, r.points, _values_to_json(r.values)] for r in candidate.reasons],
        "pairs": [[p.need_id, p.offer_id, p.points, p.fit] for p in candidate.pairs],
    }


def candidate_from_json(data: Mapping[str, Any]) -> Candidate:
    """The candidate `candidate_to_json` stored."""
    return Candidate(
        kind=data["kind"],
        authority_id=data["authority"],
        score=data["score"],
        fit=data["fit"],
        offer_id=data["offer"],
        need_id=data["need"],
        reasons=tuple(
            Reason(code=code, points=points, values=_values_from_json(values))
            for code, points, values in data["reasons"]
        ),
        pairs=tuple(
            PairRef(need_id=need, offer_id=offer, points=points, fit=fit)
            for need, offer, points, fit in data["pairs"]
        ),
    )
