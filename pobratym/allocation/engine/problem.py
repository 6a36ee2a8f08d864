"""Validated inputs as arrays: the usable edges a round chooses from.

Hromadas and offers are held sorted by id and usable edges sorted by (hromada, offer), so that
the order in which the Django layer passes them never changes the answer.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from pobratym.allocation.engine.types import (
    AllocationInputError,
    EdgeIn,
    HromadaIn,
    OfferIn,
    RoundSettings,
)

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True, eq=False)
class Problem:
    """Positions index `hromadas` and `offers`; `edge_*` describe the usable edges only.

    `edge_pair` numbers the (hromada, authority) pairs of the usable edges: at most one
    proposal per pair. `has_edge` and `has_edge_above_min` feed the reasons of the report.
    """

    settings: RoundSettings
    hromadas: tuple[HromadaIn, ...]
    offers: tuple[OfferIn, ...]
    capacity: I64
    edge_hromada: I64
    edge_offer: I64
    edge_score: F64
    edge_pair: I64
    pairs: int
    has_edge: Mask
    has_edge_above_min: Mask

    @property
    def eligible(self) -> Mask:
        """Hromadas with at least one usable edge."""
        return np.bincount(self.edge_hromada, minlength=len(self.hromadas)) > 0

    @property
    def small(self) -> Mask:
        threshold = self.settings.small_population
        return np.array(
            [h.population is not None and h.population < threshold for h in self.hromadas],
            dtype=bool,
        )

    @property
    def not_small(self) -> Mask:
        threshold = self.settings.small_population
        return np.array(
            [h.population is not None and h.population >= threshold for h in self.hromadas],
            dtype=bool,
        )

    @property
    def frontline(self) -> Mask:
        return np.array([h.is_frontline for h in self.hromadas], dtype=bool)

    @property
    def not_frontline(self) -> Mask:
        """The other side of the frontline comparison: neither frontline nor occupied."""
        return np.array(
            [not h.is_frontline and not h.is_occupied for h in self.hromadas], dtype=bool
        )


def _check_settings(settings: RoundSettings) -> None:
    problems = []
    if not math.isfinite(settings.min_score):
        problems.append(f"min_score {settings.min_score} is not a finite number")
    if settings.max_proposals < 1:
        problems.append(f"max_proposals {settings.max_proposals} is below 1")
    if settings.small_population < 1:
        problems.append(f"small_population {settings.small_population} is below 1")
    if not settings.time_limit_s > 0:
        problems.append(f"time_limit_s {settings.time_limit_s} is not positive")
    if problems:
        raise AllocationInputError("invalid_settings", "; ".join(problems))


def _positions(
    ids: Sequence[int], what: str, code: Literal["duplicate_hromada", "duplicate_offer"]
) -> dict[int, int]:
    positions: dict[int, int] = {}
    for position, id_ in enumerate(ids):
        if id_ in positions:
            raise AllocationInputError(code, f"{what} {id_} is given twice")
        positions[id_] = position
    return positions


def prepare(
    *,
    hromadas: Sequence[HromadaIn],
    offers: Sequence[OfferIn],
    edges: Sequence[EdgeIn],
    settings: RoundSettings,
) -> Problem:
    """Check every input and keep the usable edges; raises AllocationInputError."""
    _check_settings(settings)
    sorted_hromadas = tuple(sorted(hromadas, key=lambda h: h.id))
    sorted_offers = tuple(sorted(offers, key=lambda o: o.id))
    h_pos = _positions([h.id for h in sorted_hromadas], "hromada", "duplicate_hromada")
    o_pos = _positions([o.id for o in sorted_offers], "offer", "duplicate_offer")
    for h in sorted_hromadas:
        if h.population is not None and h.population < 0:
            raise AllocationInputError(
                "invalid_population", f"hromada {h.id} has population {h.population}"
            )
        if h.is_frontline and h.is_occupied:
            raise AllocationInputError(
                "invalid_status", f"hromada {h.id} is both frontline and occupied"
            )
    for o in sorted_offers:
        if o.capacity < 0:
            raise AllocationInputError(
                "negative_capacity", f"offer {o.id} has capacity {o.capacity}"
            )

    seen: set[tuple[int, int]] = set()
    has_edge = np.zeros(len(sorted_hromadas), dtype=bool)
    has_edge_above_min = np.zeros(len(sorted_hromadas), dtype=bool)
    usable: list[tuple[int, int, float]] = []
    for edge in edges:
        hi = h_pos.get(edge.hromada_id)
        if hi is None:
            raise AllocationInputError(
                "unknown_hromada", f"edge to offer {edge.offer_id}: no hromada {edge.hromada_id}"
            )
        oi = o_pos.get(edge.offer_id)
        if oi is None:
            raise AllocationInputError(
                "unknown_offer", f"edge from hromada {edge.hromada_id}: no offer {edge.offer_id}"
            )
        if not math.isfinite(edge.score):
            raise AllocationInputError(
                "invalid_score",
                f"edge hromada {edge.hromada_id} – offer {edge.offer_id} has score {edge.score}",
            )
        key = (edge.hromada_id, edge.offer_id)
        if key in seen:
            raise AllocationInputError(
                "duplicate_edge", f"edge hromada {key[0]} – offer {key[1]} is given twice"
            )
        seen.add(key)
        has_edge[hi] = True
        if edge.score >= settings.min_score:
            has_edge_above_min[hi] = True
            if sorted_offers[oi].capacity > 0:
                usable.append((hi, oi, float(edge.score)))

    usable.sort()
    edge_hromada = np.array([u[0] for u in usable], dtype=np.int64)
    edge_offer = np.array([u[1] for u in usable], dtype=np.int64)
    authority = np.array([sorted_offers[o].authority_id for o in edge_offer], dtype=np.int64)
    if usable:
        _, edge_pair = np.unique(np.stack([edge_hromada, authority]), axis=1, return_inverse=True)
        edge_pair = edge_pair.astype(np.int64).ravel()
    else:
        edge_pair = np.zeros(0, dtype=np.int64)
    return Problem(
        settings=settings,
        hromadas=sorted_hromadas,
        offers=sorted_offers,
        capacity=np.array([o.capacity for o in sorted_offers], dtype=np.int64),
        edge_hromada=edge_hromada,
        edge_offer=edge_offer,
        edge_score=np.array([u[2] for u in usable], dtype=np.float64),
        edge_pair=edge_pair,
        pairs=int(edge_pair.max()) + 1 if usable else 0,
        has_edge=has_edge,
        has_edge_above_min=has_edge_above_min,
    )
