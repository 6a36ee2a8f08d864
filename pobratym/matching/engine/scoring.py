"""The score: a sum of named components, in integer units, with the weights in one place.

Every component is an integer number of units of 2**-20 points, and text similarity is the dot
product of vectors quantised to integers (scale 1024 = 2**10, so a cosine of 1 is 2**20 units).
Why integers: sums of integers below 2**24 are exact in float32 whatever the order, so the
vectorised ranking (BLAS in blocks, any summation order) and the per-pair reference compute the
very same score, and their top-10s are identical, ties included. Quantising a 384-d unit vector
at 1/1024 moves a cosine by about 1e-4, far below any difference that matters.

This module holds the formulas twice, once for one pair (the reference and the explanations)
and once for whole blocks (the ranking), written with the same operations in the same order:
IEEE-754 then gives bit-identical results for +, -, *, /, sqrt and rounding.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

from pobratym.matching.engine.types import F32, URGENCY_LEVELS, AuthorityIn, NeedIn, Urgency

UNIT = 2**20
QUANT = 2**10
# A pair that must never be proposed (an authority matched with itself): far below any score.
EXCLUDED = float(-(2**26))
# Scores stay below 2**24 units in absolute value when the weights sum to at most this.
MAX_WEIGHT_SUM = 15.0
EARTH_RADIUS_KM = 6371.0088

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Weights:
    """Points each component gives at its fullest (similarity 1, same size, next door, …).

    Chosen on the multilingual test set; docs/matching.md says why and what each one adds.
    `partnered` is subtracted from pairs of authorities already partnered: 0 by default, so a
    partner is ranked by its fit like anyone else and the reasons say it is a partner
    (docs/matching.md, "Existing partners"). `distance_horizon_km`: distance points fall
    linearly to zero there. `size_decades`: size points fall linearly to zero at this many
    powers of ten between the two populations (2: one hundred times larger or smaller).
    """

    text: float = 1.0
    subsector: float = 0.1
    size: float = 0.12
    distance: float = 0.1
    regional_tie: float = 0.05
    language: float = 0.06
    urgency: float = 0.1
    frontline: float = 0.1
    partnered: float = 0.0
    distance_horizon_km: float = 3000.0
    size_decades: float = 2.0

    def __post_init__(self) -> None:
        points = [getattr(self, name) for name in COMPONENT_WEIGHTS]
        if any(not math.isfinite(p) or p < 0 for p in points):
            raise ValueError("weights must be finite and non-negative")
        # A quantised need vector can be slightly longer than the unit vector it rounds.
        if sum(points) + 0.02 * self.text > MAX_WEIGHT_SUM:
            raise ValueError(f"weights sum above {MAX_WEIGHT_SUM}: integer scores would overflow")
        if self.distance_horizon_km <= 0 or self.size_decades <= 0:
            raise ValueError("distance horizon and size decades must be positive")

    def units(self, component: str) -> float:
        """The component's weight in units (exact: UNIT is a power of two)."""
        return float(getattr(self, component)) * UNIT


COMPONENT_WEIGHTS = (
    "text",
    "subsector",
    "size",
    "distance",
    "regional_tie",
    "language",
    "urgency",
    "frontline",
    "partnered",
)
assert set(COMPONENT_WEIGHTS) <= {f.name for f in fields(Weights)}
DEFAULT_WEIGHTS = Weights()


def to_units(weight_units: float, value: float) -> int:
    """Points of a component as whole units; round() and np.rint both round half to even."""
    return round(weight_units * value)


# --- features of one authority, shared by both forms -------------------------------------


def position(authority: AuthorityIn) -> tuple[float, float, float] | None:
    """The authority's point on the unit sphere, or None without coordinates."""
    if authority.latitude is None or authority.longitude is None:
        return None
    phi = math.radians(authority.latitude)
    lam = math.radians(authority.longitude)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


def log_population(authority: AuthorityIn) -> float | None:
    return None if authority.population is None else math.log10(authority.population)


def chord_km(p: tuple[float, float, float], q: tuple[float, float, float]) -> float:
    """Straight-line distance: no trigonometry per pair, so both forms agree to the last bit.

    Under 3,000 km it is within 1.4 % of the great-circle distance, which the reasons show.
    """
    dx = p[0] - q[0]
    dy = p[1] - q[1]
    dz = p[2] - q[2]
    return EARTH_RADIUS_KM * math.sqrt(dx * dx + dy * dy + dz * dz)


def great_circle_km(a: AuthorityIn, b: AuthorityIn) -> float | None:
    """Haversine distance for the reasons (display only, never scored)."""
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    phi1, phi2 = math.radians(a.latitude), math.radians(b.latitude)
    dphi = phi2 - phi1
    dlam = math.radians(b.longitude - a.longitude)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def has_regional_tie(h: AuthorityIn, e: AuthorityIn) -> bool:
    return (e.region is not None and e.region in h.tied_regions) or (
        h.region is not None and h.region in e.tied_regions
    )


def are_partners(h: AuthorityIn, e: AuthorityIn) -> bool:
    return e.id in h.partners or h.id in e.partners


# --- one pair --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuthorityUnits:
    size: int
    distance: int
    regional_tie: int
    language: int
    partnered: int

    @property
    def total(self) -> int:
        return self.size + self.distance + self.regional_tie + self.language + self.partnered


@dataclass(frozen=True, slots=True)
class PairUnits:
    """A need × offer pair's components in units; `total` is the pair's score."""

    text: int
    subsector: int
    urgency: int
    frontline: int
    authority: AuthorityUnits

    @property
    def pair_part(self) -> int:
        """What depends on the need and the offer themselves."""
        return self.text + self.subsector + self.urgency

    @property
    def authority_part(self) -> int:
        """What depends only on the two authorities (counted once in an aggregate)."""
        return self.authority.total

    @property
    def total(self) -> int:
        return self.pair_part + self.authority_part + self.frontline


def authority_units(h: AuthorityIn, e: AuthorityIn, weights: Weights) -> AuthorityUnits:
    """The components that depend only on the hromada `h` and the other authority `e`."""
    size = 0
    lh, le = log_population(h), log_population(e)
    if lh is not None and le is not None:
        size = to_units(weights.units("size"), max(0.0, 1.0 - abs(lh - le) / weights.size_decades))
    distance = 0
    ph, pe = position(h), position(e)
    if ph is not None and pe is not None:
        km = chord_km(ph, pe)
        value = max(0.0, 1.0 - km / weights.distance_horizon_km)
        distance = to_units(weights.units("distance"), value)
    tie = to_units(weights.units("regional_tie"), 1.0) if has_regional_tie(h, e) else 0
    language = to_units(weights.units("language"), 1.0) if h.languages & e.languages else 0
    partnered = -to_units(weights.units("partnered"), 1.0) if are_partners(h, e) else 0
    return AuthorityUnits(size, distance, tie, language, partnered)


def urgency_units(urgency: Urgency, weights: Weights) -> int:
    return to_units(weights.units("urgency"), URGENCY_LEVELS[urgency] / 3)


def frontline_units(h: AuthorityIn, weights: Weights) -> int:
    return to_units(weights.units("frontline"), 1.0) if h.frontline else 0


def subsectors(sectors: Sequence[str]) -> frozenset[str]:
    return frozenset(code for code in sectors if "." in code)


def top_sectors(sectors: Sequence[str]) -> frozenset[str]:
    return frozenset(code.split(".", 1)[0] for code in sectors)


def subsector_units(need_sectors: Sequence[str], offer_sectors: Sequence[str], w: Weights) -> int:
    shared = subsectors(need_sectors) & subsectors(offer_sectors)
    return to_units(w.units("subsector"), 1.0) if shared else 0


def quantise(vectors: F32, scale: float) -> F32:
    """Unit vectors to whole numbers at `scale`, kept as float32 for BLAS (exact below 2**24).

    Element by element, so a vector quantises alike alone or in a batch.
    """
    out: F32 = np.rint(np.asarray(vectors, dtype=np.float32) * np.float32(scale))
    return out


def need_scale(weights: Weights) -> float:
    """Need vectors carry the text weight, so that a dot product is the text points in units."""
    return QUANT * weights.text


def text_units(need_q: F32, offer_q: F32) -> int:
    """Exact: integer products and sums below 2**53 in float64."""
    return int(np.dot(need_q.astype(np.float64), offer_q.astype(np.float64)))


def pair_units(
    need: NeedIn,
    need_q: F32,
    offer_sectors: Sequence[str],
    offer_q: F32,
    h: AuthorityIn,
    e: AuthorityIn,
    weights: Weights,
) -> PairUnits:
    """All components of one need × offer pair (the offer's authority is `e`)."""
    return PairUnits(
        text=text_units(need_q, offer_q),
        subsector=subsector_units(need.sectors, offer_sectors, weights),
        urgency=urgency_units(need.urgency, weights),
        frontline=frontline_units(h, weights),
        authority=authority_units(h, e, weights),
    )


# Authority-level aggregate: the authority's best offers, each with the hromada's need it fits
# best, weighted 1, 1/2, 1/4. Powers of two keep the aggregate exact (it is held times four).
AGGREGATE_DECAY = (4, 2, 1)
AGGREGATE_SCALE = 4


def aggregate_units4(authority_part: int, frontline: int, pair_parts: Sequence[int]) -> int:
    """Four times the authority-level score, from the pair parts of the counted offers.

    The best pair always counts; the second and third only add, never subtract, so that one
    more offer or need can only raise a hromada's place, which keeps incremental updates exact.
    """
    best = sorted(pair_parts, reverse=True)[: len(AGGREGATE_DECAY)]
    total = AGGREGATE_SCALE * (authority_part + frontline)
    for rank, (decay, part) in enumerate(zip(AGGREGATE_DECAY, best, strict=False)):
        total += decay * (part if rank == 0 else max(0, part))
    return total


# --- whole blocks ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class AuthorityArrays:
    """Per-authority features as arrays, computed with the scalar functions above."""

    ids: npt.NDArray[np.int64]
    xyz: F64  # (n, 3), NaN without coordinates
    log_population: F64  # NaN without population
    languages: F32  # (n, n_languages) membership, for a matrix product
    region: npt.NDArray[np.int64]  # index into region codes, -1 without a region

    @classmethod
    def build(
        cls, authorities: Sequence[AuthorityIn], languages: Sequence[str], regions: Sequence[str]
    ) -> "AuthorityArrays":
        n = len(authorities)
        xyz = np.full((n, 3), np.nan)
        logp = np.full(n, np.nan)
        lang = np.zeros((n, len(languages)), dtype=np.float32)
        region = np.full(n, -1, dtype=np.int64)
        lang_index = {code: i for i, code in enumerate(languages)}
        region_index = {code: i for i, code in enumerate(regions)}
        for i, a in enumerate(authorities):
            p = position(a)
            if p is not None:
                xyz[i] = p
            lp = log_population(a)
            if lp is not None:
                logp[i] = lp
            for code in a.languages:
                lang[i, lang_index[code]] = 1.0
            if a.region is not None:
                region[i] = region_index[a.region]
        ids = np.array([a.id for a in authorities], dtype=np.int64)
        return cls(ids=ids, xyz=xyz, log_population=logp, languages=lang, region=region)

    def rows(self, block: slice) -> "AuthorityArrays":
        return AuthorityArrays(
            ids=self.ids[block],
            xyz=self.xyz[block],
            log_population=self.log_population[block],
            languages=self.languages[block],
            region=self.region[block],
        )


def authority_units_block(
    hromadas: Sequence[AuthorityIn],
    h_arrays: AuthorityArrays,
    e_arrays: AuthorityArrays,
    region_index: dict[str, int],
    tied_to_region: dict[str, npt.NDArray[np.int64]],
    partner_columns: dict[int, npt.NDArray[np.int64]],
    e_column: dict[int, int],
    weights: Weights,
) -> F32:
    """`authority_units(h, e).total` for a block of hromadas × all authorities, as float32.

    `tied_to_region[r]`: columns of authorities whose tied regions include r;
    `partner_columns[h.id]`: columns of authorities partnered with h (named on either side).
    An authority's own column is EXCLUDED.
    """
    rows = len(hromadas)
    total = np.zeros((rows, len(e_arrays.ids)), dtype=np.float64)

    dlog = h_arrays.log_population[:, None] - e_arrays.log_population[None, :]
    size = np.maximum(0.0, 1.0 - np.abs(dlog) / weights.size_decades)
    size = np.rint(weights.units("size") * size)
    total += np.where(np.isnan(size), 0.0, size)

    dx = h_arrays.xyz[:, 0, None] - e_arrays.xyz[None, :, 0]
    dy = h_arrays.xyz[:, 1, None] - e_arrays.xyz[None, :, 1]
    dz = h_arrays.xyz[:, 2, None] - e_arrays.xyz[None, :, 2]
    km = EARTH_RADIUS_KM * np.sqrt(dx * dx + dy * dy + dz * dz)
    distance = np.maximum(0.0, 1.0 - km / weights.distance_horizon_km)
    distance = np.rint(weights.units("distance") * distance)
    # np.maximum propagates NaN, so a missing coordinate on either side leaves NaN here.
    total += np.where(np.isnan(distance), 0.0, distance)

    if h_arrays.languages.shape[1]:
        shared = (h_arrays.languages @ e_arrays.languages.T) > 0
        total += np.where(shared, float(to_units(weights.units("language"), 1.0)), 0.0)

    tie_points = float(to_units(weights.units("regional_tie"), 1.0))
    partner_points = float(to_units(weights.units("partnered"), 1.0))
    tied = np.zeros(len(e_arrays.ids), dtype=bool)
    for i, h in enumerate(hromadas):
        tied[:] = False
        if h.tied_regions:
            tied_idx = [region_index[code] for code in h.tied_regions if code in region_index]
            tied |= np.isin(e_arrays.region, tied_idx)
        if h.region is not None and h.region in tied_to_region:
            tied[tied_to_region[h.region]] = True
        total[i, tied] += tie_points
        if h.id in partner_columns:
            total[i, partner_columns[h.id]] -= partner_points
        own = e_column.get(h.id)
        if own is not None:
            total[i, own] = EXCLUDED
    return total.astype(np.float32)
