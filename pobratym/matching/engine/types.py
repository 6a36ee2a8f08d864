"""What goes into the engine and what comes out of it.

Ids are the Django primary keys; the engine never looks anything up by itself. Vectors are the
raw embeddings (float32, unit length) as the Django layer cached them: the engine centres them.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

# The engine's arrays: ids, keys and whole units in int64; vectors and scores in float32.
I64 = npt.NDArray[np.int64]
F32 = npt.NDArray[np.float32]
Vector = F32  # a text's embedding
Urgency = Literal["low", "normal", "high", "critical"]
URGENCY_LEVELS: Mapping[Urgency, int] = {"low": 0, "normal": 1, "high": 2, "critical": 3}
# Ids go into 64-bit sort keys next to the score (see ranking.py), 32 bits each.
MAX_ID = 2**32 - 1
ReasonValue = int | float | str | tuple[str, ...]


def top_sector(code: str) -> str:
    """The top-level sector of a code: "energy.generators" belongs to "energy"."""
    return code.split(".", 1)[0]


def _check_id(value: int, what: str) -> None:
    if not 0 < value <= MAX_ID:
        raise ValueError(f"{what} {value} is outside 1..{MAX_ID}")


def _check_sectors(sectors: tuple[str, ...], what: str) -> None:
    if not sectors or any(not code or code.startswith(".") for code in sectors):
        raise ValueError(f"{what} needs at least one sector code, got {sectors!r}")


@dataclass(frozen=True, slots=True)
class AuthorityIn:
    """A hromada or a European authority, with what the non-text components need.

    `tied_regions` holds the regions (ISO 3166-2 or KATOTTG oblast codes) that this authority's
    region already cooperates with; a tie counts when either side names the other's region.
    `partners` holds the ids of authorities this one is already partnered with.
    """

    id: int
    is_hromada: bool
    country: str
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None
    languages: frozenset[str] = frozenset()
    region: str | None = None
    tied_regions: frozenset[str] = frozenset()
    partners: frozenset[int] = frozenset()
    frontline: bool = False

    def __post_init__(self) -> None:
        _check_id(self.id, "authority id")
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError(f"authority {self.id}: give both coordinates or neither")
        if self.population is not None and self.population <= 0:
            raise ValueError(f"authority {self.id}: population must be positive or None")


# eq=False: a numpy vector has no single truth value, so these compare by identity.
@dataclass(frozen=True, slots=True, eq=False)
class NeedIn:
    """A hromada's need; `vector` embeds its text as an e5 query."""

    id: int
    authority_id: int
    sectors: tuple[str, ...]
    vector: Vector = field(repr=False)
    urgency: Urgency = "normal"
    is_open: bool = True

    def __post_init__(self) -> None:
        _check_id(self.id, "need id")
        _check_sectors(self.sectors, f"need {self.id}")
        if self.urgency not in URGENCY_LEVELS:
            raise ValueError(f"need {self.id}: unknown urgency {self.urgency!r}")


@dataclass(frozen=True, slots=True, eq=False)
class OfferIn:
    """An authority's offer; `vector` embeds its text as an e5 passage.

    `free_capacity` is what is left to give (generators, places, hours); None when the offer is
    not counted in units (expertise, a study visit), 0 when it is used up.
    """

    id: int
    authority_id: int
    sectors: tuple[str, ...]
    vector: Vector = field(repr=False)
    is_open: bool = True
    free_capacity: int | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "offer id")
        _check_sectors(self.sectors, f"offer {self.id}")

    @property
    def is_available(self) -> bool:
        """Open and not used up: the hard filter's condition on the offer's side."""
        return self.is_open and (self.free_capacity is None or self.free_capacity > 0)


@dataclass(frozen=True, slots=True)
class Reason:
    """One named part of a score: a stable code, its points and what is needed to phrase it.

    The Django layer translates `code` with `values` as named placeholders, for example
    {"code": "distance", "km": 840} -> "840 km away".
    """

    code: str
    points: float
    values: Mapping[str, ReasonValue] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready: tuples become lists, points are rounded for display."""
        out: dict[str, object] = {"code": self.code, "points": round(self.points, 4)}
        for key, value in self.values.items():
            out[key] = list(value) if isinstance(value, tuple) else value
        return out


FitLevel = Literal["strong", "good", "weak"]
# Fit thresholds, in points (text similarity is the unit), calibrated on the tuning half of the
# multilingual test set (evaluation.py, "Fit words"; docs/matching.md): from "strong" on, three
# candidates in four are the offer the need was written for; "good" keeps nine targets in ten.
STRONG_FIT = 0.55
GOOD_FIT = 0.40


def fit_level(fit: float) -> FitLevel | None:
    """The fit in words; None when nothing fits (zero or less): not a recommendation."""
    if fit >= STRONG_FIT:
        return "strong"
    if fit >= GOOD_FIT:
        return "good"
    return "weak" if fit > 0 else None


@dataclass(frozen=True, slots=True)
class PairRef:
    """A need × offer pair behind a hromada's candidacy: its points in the candidate's score
    (its share of an authority-level score) and its fit."""

    need_id: int
    offer_id: int
    points: float
    fit: float


@dataclass(frozen=True, slots=True)
class Candidate:
    """A recommendation: an offer for a need, or a hromada for an offer or an authority.

    `score` is the sum of the reasons' points; it ranks. `fit` is how well the two fit: the
    score less the priorities (the need's urgency, the hromada being frontline), which say who
    comes first, not what fits; for a hromada proposed to an authority, the best pair's fit.
    For an offer: `offer_id` and `need_id` (the need it was ranked for). For a hromada proposed
    to an offer: `need_id` is the hromada's need the offer fits best, `pairs` its best needs
    for the offer (up to three, best first). For a hromada proposed to an authority: `pairs`
    lists the counted pairs.
    """

    kind: Literal["offer", "hromada"]
    authority_id: int
    score: float
    reasons: tuple[Reason, ...]
    fit: float
    offer_id: int | None = None
    need_id: int | None = None
    pairs: tuple[PairRef, ...] = ()

    @property
    def fit_level(self) -> FitLevel | None:
        return fit_level(self.fit)
