"""Fair allocation rounds: seeking hromadas × offers with capacities, solved with HiGHS.

No Django here (see docs/allocation.md): the Django layer passes `HromadaIn`, `OfferIn` and the
matching engine's candidate pairs as `EdgeIn`, calls `solve_round`, stores the proposals and
translates the report's stable codes.
"""

from pobratym.allocation.engine.greedy import greedy_round
from pobratym.allocation.engine.report import assess_coverage, population_band, review_report
from pobratym.allocation.engine.solve import solve_round
from pobratym.allocation.engine.types import (
    FRONTLINE,
    NOT_FRONTLINE,
    OCCUPIED,
    POPULATION_BANDS,
    REASON_CODES,
    UNKNOWN_BAND,
    AllocationInputError,
    AllocationSolverError,
    Coverage,
    CoverageRow,
    EdgeIn,
    FairnessCheck,
    HromadaIn,
    OfferIn,
    Proposal,
    RoundReport,
    RoundResult,
    RoundSettings,
    SolverStage,
    Uncovered,
)

__all__ = [
    "FRONTLINE",
    "NOT_FRONTLINE",
    "OCCUPIED",
    "POPULATION_BANDS",
    "REASON_CODES",
    "UNKNOWN_BAND",
    "AllocationInputError",
    "AllocationSolverError",
    "Coverage",
    "CoverageRow",
    "EdgeIn",
    "FairnessCheck",
    "HromadaIn",
    "OfferIn",
    "Proposal",
    "RoundReport",
    "RoundResult",
    "RoundSettings",
    "SolverStage",
    "Uncovered",
    "assess_coverage",
    "greedy_round",
    "population_band",
    "review_report",
    "solve_round",
]
