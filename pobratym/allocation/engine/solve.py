"""The allocation round: three HiGHS solves in lexicographic order, plus the reference optimum.

1. max_coverage: the most hromadas that can get a proposal (a bipartite b-matching; its LP is
   totally unimodular, so HiGHS answers at the root).
2. min_fairness_gap: among allocations covering that many, the smallest shortfall of small and
   of frontline hromadas' coverage below the others'. Skipped when everyone eligible is covered,
   since every group is then at 100 %.
3. max_fit: the best total score keeping stage 1's coverage and stage 2's least shortfall.
unconstrained: the best total score with the same capacities and limits and nothing else, the
reference for the price of fairness (and the whole round when fairness is off).

docs/allocation.md gives the formulation and why the stages are in this order.
"""

import dataclasses
import math
import time
from collections.abc import Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from pobratym.allocation.engine.problem import F64, I64, Mask, Problem, prepare
from pobratym.allocation.engine.report import build_report
from pobratym.allocation.engine.types import (
    AllocationSolverError,
    EdgeIn,
    HromadaIn,
    OfferIn,
    Proposal,
    RoundResult,
    RoundSettings,
    SolverStage,
    StageName,
)

# The fit stages stop within 0.0001 % of the best total score: the price of fairness is exact
# to about that share of the fit. Coverage and shortfalls are proven exactly (gap 0);
# stage 3 keeps the sum of shortfalls within a billionth of a coverage point of its least, far
# below the step of one hromada more or less (1 / 1,469 of a group at most).
FIT_GAP = 1e-6
SHORTFALL_TOLERANCE = 1e-9


class _Rows:
    """A sparse constraint matrix built one block of rows at a time."""

    def __init__(self, columns: int) -> None:
        self.columns = columns
        self.count = 0
        self._rows: list[I64] = []
        self._cols: list[I64] = []
        self._values: list[F64] = []
        self._lower: list[F64] = []
        self._upper: list[F64] = []

    def add(
        self,
        rows: I64,
        cols: I64,
        values: F64 | float,
        count: int,
        lower: F64 | float,
        upper: F64 | float,
    ) -> None:
        self._rows.append(rows + self.count)
        self._cols.append(cols)
        self._values.append(np.broadcast_to(np.asarray(values, dtype=np.float64), rows.shape))
        self._lower.append(np.broadcast_to(np.asarray(lower, dtype=np.float64), (count,)))
        self._upper.append(np.broadcast_to(np.asarray(upper, dtype=np.float64), (count,)))
        self.count += count

    def constraint(self) -> LinearConstraint:
        matrix = csr_array(
            (
                np.concatenate(self._values),
                (np.concatenate(self._rows), np.concatenate(self._cols)),
            ),
            shape=(self.count, self.columns),
        )
        return LinearConstraint(matrix, np.concatenate(self._lower), np.concatenate(self._upper))


def _solve(
    stage: StageName,
    cost: F64,
    rows: _Rows,
    upper: F64,
    integral: Mask,
    settings: RoundSettings,
    gap: float,
    sign: float,
) -> tuple[F64, SolverStage]:
    """Minimise `cost` over 0 ≤ v ≤ `upper`, the `integral` variables integral.

    `sign` turns HiGHS' minimum back into the stage's own objective for the report.
    """
    start = time.perf_counter()
    result = milp(
        cost,
        integrality=integral.astype(np.int64),
        bounds=Bounds(np.zeros(len(cost)), upper),
        constraints=rows.constraint(),
        options={"time_limit": settings.time_limit_s, "mip_rel_gap": gap},
    )
    seconds = time.perf_counter() - start
    if result.x is None or result.status not in (0, 1):
        raise AllocationSolverError(stage, str(result.message))
    mip_gap = getattr(result, "mip_gap", None)
    return np.asarray(result.x, dtype=np.float64), SolverStage(
        stage=stage,
        status="optimal" if result.status == 0 else "time_limit",
        seconds=seconds,
        objective=sign * float(result.fun),
        mip_gap=None if mip_gap is None else float(mip_gap),
    )


def _capacity_rows(problem: Problem, rows: _Rows) -> None:
    edges = np.arange(len(problem.edge_offer), dtype=np.int64)
    rows.add(
        problem.edge_offer,
        edges,
        1.0,
        len(problem.offers),
        -np.inf,
        problem.capacity.astype(np.float64),
    )


def _per_hromada_rows(problem: Problem, rows: _Rows, limit: int) -> None:
    edges = np.arange(len(problem.edge_hromada), dtype=np.int64)
    rows.add(problem.edge_hromada, edges, 1.0, len(problem.hromadas), -np.inf, float(limit))


def _per_authority_rows(problem: Problem, rows: _Rows) -> None:
    """At most one offer of an authority per hromada; pairs with one edge need no row."""
    sizes = np.bincount(problem.edge_pair, minlength=problem.pairs)
    shared = sizes[problem.edge_pair] > 1
    if not shared.any():
        return
    kept, row_of = np.unique(problem.edge_pair[shared], return_inverse=True)
    edges = np.flatnonzero(shared).astype(np.int64)
    rows.add(row_of.astype(np.int64).ravel(), edges, 1.0, len(kept), -np.inf, 1.0)


def _comparisons(problem: Problem) -> list[tuple[Mask, Mask]]:
    """(protected, others) among eligible hromadas, for each comparison with both sides."""
    eligible = problem.eligible
    pairs = [
        (problem.small & eligible, problem.not_small & eligible),
        (problem.frontline & eligible, problem.not_frontline & eligible),
    ]
    return [(p, o) for p, o in pairs if p.any() and o.any()]


def _max_coverage(problem: Problem) -> tuple[int, SolverStage]:
    edges = len(problem.edge_score)
    rows = _Rows(edges)
    _capacity_rows(problem, rows)
    _per_hromada_rows(problem, rows, 1)
    x, stage = _solve(
        "max_coverage",
        -np.ones(edges),
        rows,
        np.ones(edges),
        np.ones(edges, dtype=bool),
        problem.settings,
        0.0,
        -1.0,
    )
    if stage.status != "optimal":
        raise AllocationSolverError("max_coverage", "no proven maximum coverage in the time limit")
    return int(np.count_nonzero(x > 0.5)), stage


def _coverage_columns(problem: Problem, rows: _Rows, linking: float, coverage: int) -> I64:
    """Columns y_h after the edge columns: `linking` ≤ y_h − Σ x_e ≤ 0, and Σ y = `coverage`.

    Every row that sums over many hromadas goes through y rather than the edges: a dense row
    over the edges keeps HiGHS' presolve busy past any time limit (measured at national scale).
    """
    edges, hromadas = len(problem.edge_score), len(problem.hromadas)
    y = edges + np.arange(hromadas, dtype=np.int64)
    rows.add(
        np.concatenate([np.arange(hromadas, dtype=np.int64), problem.edge_hromada]),
        np.concatenate([y, np.arange(edges, dtype=np.int64)]),
        np.concatenate([np.ones(hromadas), -np.ones(edges)]),
        hromadas,
        linking,
        0.0,
    )
    rows.add(np.zeros(hromadas, dtype=np.int64), y, 1.0, 1, float(coverage), float(coverage))
    return y


def _fairness_rows(
    rows: _Rows, y: I64, first: int, comparisons: list[tuple[Mask, Mask]], shortfalls: bool
) -> F64:
    """Per comparison p: n_others · covered_protected − n_protected · covered_others (+ D_p) ≥ 0.

    That is protected coverage ≥ the others', multiplied out. The two counts are integral
    columns of their own (from `first` on, two per comparison; then the D_p if `shortfalls`):
    HiGHS branches on them directly, where the same row written over the y's left it stalling
    at a 0.02 % gap for minutes at national scale (measured). Returns the weights
    1 / (n_protected · n_others) that turn each D_p into coverage points.
    """
    for index, (protected, others) in enumerate(comparisons):
        counts = first + 2 * index + np.arange(2, dtype=np.int64)
        for count, side in zip(counts, (protected, others), strict=True):
            rows.add(
                np.zeros(int(side.sum()) + 1, dtype=np.int64),
                np.append(y[side], count),
                np.append(np.ones(int(side.sum())), -1.0),
                1,
                0.0,
                0.0,
            )
        cols = counts
        values = np.array([float(others.sum()), -float(protected.sum())])
        if shortfalls:
            cols = np.append(cols, first + 2 * len(comparisons) + index)
            values = np.append(values, 1.0)
        rows.add(np.zeros(len(cols), dtype=np.int64), cols, values, 1, 0.0, np.inf)
    return np.array([1.0 / float(p.sum() * o.sum()) for p, o in comparisons])


def _fairness_model(
    problem: Problem,
    rows: _Rows,
    linking: float,
    coverage: int,
    comparisons: list[tuple[Mask, Mask]],
    shortfalls: bool,
) -> tuple[F64, Mask, F64]:
    """y, the counts and the D_p after the edges: (upper bounds, integrality, D weights)."""
    edges, hromadas = len(problem.edge_score), len(problem.hromadas)
    y = _coverage_columns(problem, rows, linking, coverage)
    weights = _fairness_rows(rows, y, edges + hromadas, comparisons, shortfalls)
    extra = len(comparisons) * (3 if shortfalls else 2)
    upper = np.concatenate([np.ones(edges + hromadas), np.full(extra, np.inf)])
    integral = np.zeros(edges + hromadas + extra, dtype=bool)
    integral[:edges] = True
    integral[edges + hromadas : edges + hromadas + 2 * len(comparisons)] = True
    return upper, integral, weights


def _min_fairness_gap(
    problem: Problem, coverage: int, comparisons: list[tuple[Mask, Mask]]
) -> tuple[float, SolverStage]:
    """The least sum of shortfalls at maximum coverage, in coverage points.

    Coverage alone decides fairness, so one edge per hromada is enough here (y_h = Σ x_e ≤ 1),
    and stage 3 can always reuse this answer. HiGHS minimises the sum scaled so that each D_p
    moves it by at least 1: its absolute gap tolerance cannot hide a step.
    """
    edges, hromadas = len(problem.edge_score), len(problem.hromadas)
    columns = edges + hromadas + 3 * len(comparisons)
    rows = _Rows(columns)
    _capacity_rows(problem, rows)
    upper, integral, weights = _fairness_model(problem, rows, 0.0, coverage, comparisons, True)
    first_d = columns - len(comparisons)
    cost = np.zeros(columns)
    cost[first_d:] = weights / weights.min()
    x, stage = _solve("min_fairness_gap", cost, rows, upper, integral, problem.settings, 0.0, 1.0)
    least = float(weights @ np.round(x[first_d:]))
    return least, dataclasses.replace(stage, objective=least)


def _fit_rows(problem: Problem, columns: int) -> _Rows:
    rows = _Rows(columns)
    _capacity_rows(problem, rows)
    _per_hromada_rows(problem, rows, problem.settings.max_proposals)
    _per_authority_rows(problem, rows)
    return rows


def _unconstrained(problem: Problem) -> tuple[Mask, SolverStage]:
    edges = len(problem.edge_score)
    rows = _fit_rows(problem, edges)
    x, stage = _solve(
        "unconstrained",
        -problem.edge_score,
        rows,
        np.ones(edges),
        np.ones(edges, dtype=bool),
        problem.settings,
        FIT_GAP,
        -1.0,
    )
    return x > 0.5, stage


def _max_fit(
    problem: Problem,
    coverage: int,
    comparisons: list[tuple[Mask, Mask]],
    least_shortfall: float,
) -> tuple[Mask, SolverStage]:
    """Best fit with `coverage` hromadas covered and the shortfalls' sum at its least.

    y_h ≤ Σ x_e marks hromada h covered. y can stay continuous: with x integral, Σ y = the
    maximum coverage leaves every covered hromada's y at 1 and every other one at 0.
    """
    edges, hromadas = len(problem.edge_score), len(problem.hromadas)
    shortfalls = least_shortfall > 0
    columns = edges + hromadas + len(comparisons) * (3 if shortfalls else 2)
    rows = _fit_rows(problem, columns)
    upper, integral, weights = _fairness_model(
        problem, rows, -np.inf, coverage, comparisons, shortfalls
    )
    if shortfalls:
        d = columns - len(comparisons) + np.arange(len(comparisons), dtype=np.int64)
        rows.add(
            np.zeros(len(d), dtype=np.int64),
            d,
            weights,
            1,
            -np.inf,
            least_shortfall + SHORTFALL_TOLERANCE,
        )
    cost = np.concatenate([-problem.edge_score, np.zeros(columns - edges)])
    x, stage = _solve("max_fit", cost, rows, upper, integral, problem.settings, FIT_GAP, -1.0)
    return x[:edges] > 0.5, stage


def solve_round(
    *,
    hromadas: Sequence[HromadaIn],
    offers: Sequence[OfferIn],
    edges: Sequence[EdgeIn],
    settings: RoundSettings,
) -> RoundResult:
    """Propose offers to hromadas: coverage first, then fairness between groups, then fit.

    Raises AllocationInputError for invalid inputs, AllocationSolverError when HiGHS finds no
    solution within `settings.time_limit_s`.
    """
    start = time.perf_counter()
    problem = prepare(hromadas=hromadas, offers=offers, edges=edges, settings=settings)
    stages: list[SolverStage] = []
    proven = True
    if len(problem.edge_score) == 0:
        chosen = free = np.zeros(0, dtype=bool)
        coverage = 0
    else:
        coverage, stage = _max_coverage(problem)
        stages.append(stage)
        free, stage = _unconstrained(problem)
        if settings.fairness:
            eligible = int(problem.eligible.sum())
            comparisons = _comparisons(problem) if coverage < eligible else []
            least_shortfall = 0.0
            if comparisons:
                least_shortfall, gap_stage = _min_fairness_gap(problem, coverage, comparisons)
                stages.append(gap_stage)
                proven = gap_stage.status == "optimal"
            chosen, fit_stage = _max_fit(problem, coverage, comparisons, least_shortfall)
            stages.append(fit_stage)
        else:
            chosen = free
        stages.append(stage)
    proposals = tuple(
        Proposal(
            hromada_id=problem.hromadas[int(h)].id,
            offer_id=problem.offers[int(o)].id,
            score=float(s),
        )
        for h, o, s in zip(
            problem.edge_hromada[chosen],
            problem.edge_offer[chosen],
            problem.edge_score[chosen],
            strict=True,
        )
    )
    fit_unconstrained = math.fsum(problem.edge_score[free].tolist())
    report = build_report(
        problem,
        proposals,
        enforced=settings.fairness,
        fairness_proven=proven,
        max_coverage=coverage,
        fit_unconstrained=fit_unconstrained,
        stages=tuple(stages),
        seconds=time.perf_counter() - start,
    )
    return RoundResult(proposals=proposals, report=report)
