"""What goes into an allocation round and what comes out of it.

Ids are the Django primary keys; the engine never looks anything up by itself. Every code in a
`Literal` below is a stable string that the Django layer translates.
"""

from dataclasses import dataclass
from typing import Literal

from pobratym.population import BAND_CODES, SMALL_POPULATION

InputErrorCode = Literal[
    "duplicate_hromada",
    "duplicate_offer",
    "duplicate_edge",
    "unknown_hromada",
    "unknown_offer",
    "negative_capacity",
    "invalid_score",
    "invalid_population",
    "invalid_status",
    "invalid_settings",
]
ReasonCode = Literal[
    "no_candidates",
    "below_min_score",
    "no_open_offer",
    "capacity_exhausted",
    "not_selected",
    "removed_in_review",
    "room_after_review",
]
FairnessConstraint = Literal["small_vs_others", "frontline_vs_others"]
FairnessStatus = Literal[
    "met",
    "infeasible_at_max_coverage",
    "unproven",
    "not_met",
    "no_comparison",
    "not_met_after_review",
]
StageName = Literal["max_coverage", "min_fairness_gap", "max_fit", "unconstrained"]
StageStatus = Literal["optimal", "time_limit"]

REASON_CODES: tuple[ReasonCode, ...] = (
    "no_candidates",
    "below_min_score",
    "no_open_offer",
    "capacity_exhausted",
    "not_selected",
    "removed_in_review",
    "room_after_review",
)
# The directory's bands (one definition for its filter, its API and round reports), fixed so
# that rounds compare over time; a hromada of unknown population is in a band of its own.
POPULATION_BANDS: tuple[str, ...] = BAND_CODES
UNKNOWN_BAND = "unknown"
FRONTLINE, OCCUPIED, NOT_FRONTLINE = "frontline", "occupied", "not_frontline"


class AllocationInputError(ValueError):
    """Inputs the engine refuses; `code` is stable, `detail` names the offending ids."""

    def __init__(self, code: InputErrorCode, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code: InputErrorCode = code
        self.detail = detail


class AllocationSolverError(RuntimeError):
    """HiGHS returned no usable solution (time limit before any solution, or a solver fault)."""

    def __init__(self, stage: StageName, detail: str) -> None:
        super().__init__(f"{stage}: {detail}")
        self.stage: StageName = stage
        self.detail = detail


@dataclass(frozen=True, slots=True)
class HromadaIn:
    """A seeking hromada. `population` None means unknown: such a hromada is in neither side
    of the small-hromada comparison and in the "unknown" population band. A temporarily
    occupied hromada (`is_occupied`, never also frontline) is a group of its own, in neither
    side of the frontline comparison: it is not "not frontline"."""

    id: int
    population: int | None
    is_frontline: bool
    oblast: str
    is_occupied: bool = False


@dataclass(frozen=True, slots=True)
class OfferIn:
    """An offer of partnership: `capacity` is how many hromadas it can still take."""

    id: int
    authority_id: int
    capacity: int


@dataclass(frozen=True, slots=True)
class EdgeIn:
    """A candidate pair from the matching engine, usually a hromada's top 50 offers."""

    hromada_id: int
    offer_id: int
    score: float


@dataclass(frozen=True, slots=True)
class RoundSettings:
    """How a round is run.

    An edge is usable when its score is at least `min_score` and its offer has capacity.
    `max_proposals` caps the proposals per hromada (never two offers of one authority).
    With `fairness` off the round only maximises total fit: the unconstrained optimum.
    `time_limit_s` bounds each solver stage; a stage cut short is marked in the report.
    """

    min_score: float = 0.0
    max_proposals: int = 1
    fairness: bool = True
    small_population: int = SMALL_POPULATION
    time_limit_s: float = 30.0


@dataclass(frozen=True, slots=True)
class Proposal:
    hromada_id: int
    offer_id: int
    score: float


@dataclass(frozen=True, slots=True)
class Uncovered:
    """A hromada left without a proposal, and why.

    `offer_ids` lists its usable candidate offers for "capacity_exhausted" and "not_selected"
    (all of them full at the end of the round), those with room for "room_after_review" (a
    review change freed a place), and is empty for the other reasons. "removed_in_review": the
    facilitator removed its proposal.
    """

    hromada_id: int
    reason: ReasonCode
    offer_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """Coverage of one group: `coverage` over all seeking hromadas of the group,
    `coverage_of_eligible` over those with a usable edge (None for an empty denominator)."""

    group: str
    seeking: int
    eligible: int
    covered: int
    coverage: float | None
    coverage_of_eligible: float | None


@dataclass(frozen=True, slots=True)
class Coverage:
    """Coverage by population band, by oblast and by frontline status (non-empty groups)."""

    by_band: tuple[CoverageRow, ...]
    by_oblast: tuple[CoverageRow, ...]
    by_frontline: tuple[CoverageRow, ...]


@dataclass(frozen=True, slots=True)
class FairnessCheck:
    """Coverage of eligible protected hromadas (small, or frontline) against the others'.

    `shortfall` is how far the protected coverage falls below the others' (0 when met).
    "infeasible_at_max_coverage": the round enforced it, and no allocation covering as many
    hromadas as possible meets it; "unproven": enforced and not met, but the solver ran out of
    time before proving that it cannot be met; "not_met": it was not enforced (fairness off, or
    a baseline); "no_comparison": one side has no eligible hromada; "not_met_after_review": the
    round enforced it and the facilitator's changes in review left it unmet.
    """

    constraint: FairnessConstraint
    status: FairnessStatus
    protected_eligible: int
    protected_covered: int
    others_eligible: int
    others_covered: int
    protected_coverage: float | None
    others_coverage: float | None
    shortfall: float


@dataclass(frozen=True, slots=True)
class SolverStage:
    """One HiGHS solve. `objective` in the stage's own units: hromadas covered (max_coverage),
    the sum of shortfalls in coverage points (min_fairness_gap), total score (the fit stages)."""

    stage: StageName
    status: StageStatus
    seconds: float
    objective: float
    mip_gap: float | None


@dataclass(frozen=True, slots=True)
class RoundReport:
    """What the round achieved.

    `fit_unconstrained` is the best total score with the same capacities, per-hromada limits
    and minimum score but no coverage or fairness constraints; `price_of_fairness` is what the
    round gives up against it (`price_of_fairness_pct` None when that optimum is 0).
    """

    seeking: int
    eligible: int
    covered: int
    max_coverage: int
    proposals: int
    capacity_total: int
    capacity_used: int
    fit_achieved: float
    fit_unconstrained: float
    price_of_fairness: float
    price_of_fairness_pct: float | None
    coverage: Coverage
    fairness: tuple[FairnessCheck, ...]
    uncovered: tuple[Uncovered, ...]
    stages: tuple[SolverStage, ...]
    seconds: float


@dataclass(frozen=True, slots=True)
class RoundResult:
    proposals: tuple[Proposal, ...]
    report: RoundReport
