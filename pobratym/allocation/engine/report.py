"""The round's report, computed from the proposals themselves rather than from solver values."""

import math
from collections.abc import Callable, Collection, Sequence

import numpy as np

from pobratym.allocation.engine.problem import I64, Mask, Problem, prepare
from pobratym.allocation.engine.types import (
    FRONTLINE,
    NOT_FRONTLINE,
    OCCUPIED,
    POPULATION_BANDS,
    UNKNOWN_BAND,
    Coverage,
    CoverageRow,
    EdgeIn,
    FairnessCheck,
    FairnessConstraint,
    FairnessStatus,
    HromadaIn,
    OfferIn,
    Proposal,
    ReasonCode,
    RoundReport,
    RoundSettings,
    SolverStage,
    Uncovered,
)
from pobratym.population import population_band as shared_band


def population_band(population: int | None) -> str:
    """The band of a population (pobratym.population), or "unknown"."""
    return UNKNOWN_BAND if population is None else shared_band(population)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _rows(
    problem: Problem,
    covered: Mask,
    key: Callable[[HromadaIn], str],
    order: Sequence[str] | None,
) -> tuple[CoverageRow, ...]:
    keys = [key(h) for h in problem.hromadas]
    groups = order if order is not None else sorted(set(keys))
    eligible = problem.eligible
    rows = []
    for group in groups:
        members = np.array([k == group for k in keys], dtype=bool)
        seeking = int(members.sum())
        if not seeking:
            continue
        in_reach = int((members & eligible).sum())
        done = int((members & covered).sum())
        rows.append(
            CoverageRow(
                group=group,
                seeking=seeking,
                eligible=in_reach,
                covered=done,
                coverage=_share(done, seeking),
                coverage_of_eligible=_share(done, in_reach),
            )
        )
    return tuple(rows)


def _coverage(problem: Problem, covered: Mask) -> Coverage:
    return Coverage(
        by_band=_rows(
            problem,
            covered,
            lambda h: population_band(h.population),
            [*POPULATION_BANDS, UNKNOWN_BAND],
        ),
        by_oblast=_rows(problem, covered, lambda h: h.oblast, None),
        by_frontline=_rows(
            problem,
            covered,
            lambda h: FRONTLINE if h.is_frontline else OCCUPIED if h.is_occupied else NOT_FRONTLINE,
            [FRONTLINE, OCCUPIED, NOT_FRONTLINE],
        ),
    )


def _check(
    constraint: FairnessConstraint,
    protected: Mask,
    others: Mask,
    problem: Problem,
    covered: Mask,
    enforced: bool,
    proven: bool,
    reviewed: bool,
) -> FairnessCheck:
    eligible = problem.eligible
    pe, oe = int((protected & eligible).sum()), int((others & eligible).sum())
    pc, oc = int((protected & covered).sum()), int((others & covered).sum())
    status: FairnessStatus
    if not pe or not oe:
        status = "no_comparison"
    elif pc * oe >= oc * pe:
        status = "met"
    elif not enforced:
        status = "not_met"
    elif reviewed:
        status = "not_met_after_review"
    else:
        status = "infeasible_at_max_coverage" if proven else "unproven"
    shortfall = 0.0 if status in ("met", "no_comparison") else oc / oe - pc / pe
    return FairnessCheck(
        constraint=constraint,
        status=status,
        protected_eligible=pe,
        protected_covered=pc,
        others_eligible=oe,
        others_covered=oc,
        protected_coverage=_share(pc, pe),
        others_coverage=_share(oc, oe),
        shortfall=shortfall,
    )


def _fairness(
    problem: Problem, covered: Mask, *, enforced: bool, proven: bool, reviewed: bool = False
) -> tuple[FairnessCheck, ...]:
    small = (problem.small, problem.not_small)
    frontline = (problem.frontline, problem.not_frontline)
    return (
        _check("small_vs_others", *small, problem, covered, enforced, proven, reviewed),
        _check("frontline_vs_others", *frontline, problem, covered, enforced, proven, reviewed),
    )


def _covered(problem: Problem, proposals: Sequence[Proposal]) -> Mask:
    ids = {p.hromada_id for p in proposals}
    return np.array([h.id in ids for h in problem.hromadas], dtype=bool)


def _free_places(problem: Problem, proposals: Sequence[Proposal]) -> I64:
    """Places each offer still has once `proposals` are made."""
    position = {o.id: i for i, o in enumerate(problem.offers)}
    taken = np.bincount(
        np.array([position[p.offer_id] for p in proposals], dtype=np.int64),
        minlength=len(problem.offers),
    )
    return problem.capacity - taken


def _uncovered(
    problem: Problem,
    covered: Mask,
    enforced: bool,
    removed: frozenset[int] | None = None,
    free: I64 | None = None,
) -> tuple[Uncovered, ...]:
    """Why each hromada without a proposal has none. With `removed` (reviewed proposals): the
    hromadas whose proposal the facilitator removed, and `free` places left by the review."""
    eligible = problem.eligible
    out = []
    for position, hromada in enumerate(problem.hromadas):
        if covered[position]:
            continue
        reason: ReasonCode
        offer_ids: tuple[int, ...] = ()
        offers = problem.edge_offer[problem.edge_hromada == position]
        with_room = [] if free is None else [int(o) for o in offers if free[o] > 0]
        if removed is not None and hromada.id in removed:
            reason = "removed_in_review"
        elif with_room:
            # A removal or a swap freed a place that this hromada could take.
            reason = "room_after_review"
            offer_ids = tuple(sorted(problem.offers[o].id for o in with_room))
        elif not problem.has_edge[position]:
            reason = "no_candidates"
        elif not problem.has_edge_above_min[position]:
            reason = "below_min_score"
        elif not eligible[position]:
            reason = "no_open_offer"
        else:
            # At maximum coverage each of these offers is full, and no chain of swaps frees a
            # place without uncovering another hromada (see docs/allocation.md).
            reason = "capacity_exhausted" if enforced else "not_selected"
            offer_ids = tuple(sorted(problem.offers[int(o)].id for o in offers))
        out.append(Uncovered(hromada_id=hromada.id, reason=reason, offer_ids=offer_ids))
    return tuple(out)


def build_report(
    problem: Problem,
    proposals: Sequence[Proposal],
    *,
    enforced: bool,
    fairness_proven: bool,
    max_coverage: int,
    fit_unconstrained: float,
    stages: tuple[SolverStage, ...],
    seconds: float,
    removed_in_review: frozenset[int] | None = None,
) -> RoundReport:
    """The report of `proposals`: the solver's own answer, or with `removed_in_review` (the
    hromadas whose proposal the facilitator removed) the proposals left after review."""
    reviewed = removed_in_review is not None
    covered = _covered(problem, proposals)
    fit = math.fsum(p.score for p in proposals)
    price = fit_unconstrained - fit
    return RoundReport(
        seeking=len(problem.hromadas),
        eligible=int(problem.eligible.sum()),
        covered=int(covered.sum()),
        max_coverage=max_coverage,
        proposals=len(proposals),
        capacity_total=int(problem.capacity.sum()),
        capacity_used=len(proposals),
        fit_achieved=fit,
        fit_unconstrained=fit_unconstrained,
        price_of_fairness=price,
        price_of_fairness_pct=100 * price / fit_unconstrained if fit_unconstrained > 0 else None,
        coverage=_coverage(problem, covered),
        fairness=_fairness(
            problem, covered, enforced=enforced, proven=fairness_proven, reviewed=reviewed
        ),
        uncovered=_uncovered(
            problem,
            covered,
            enforced,
            removed=removed_in_review,
            free=_free_places(problem, proposals) if reviewed else None,
        ),
        stages=stages,
        seconds=seconds,
    )


def assess_coverage(
    *,
    hromadas: Sequence[HromadaIn],
    offers: Sequence[OfferIn],
    edges: Sequence[EdgeIn],
    proposals: Sequence[Proposal],
    settings: RoundSettings,
) -> tuple[Coverage, tuple[FairnessCheck, ...]]:
    """Coverage and fairness checks of any set of proposals, e.g. a baseline's, for comparison.

    The checks are never "infeasible_at_max_coverage" here: nothing was enforced.
    """
    problem = prepare(hromadas=hromadas, offers=offers, edges=edges, settings=settings)
    covered = _covered(problem, proposals)
    return _coverage(problem, covered), _fairness(problem, covered, enforced=False, proven=False)


def review_report(
    *,
    hromadas: Sequence[HromadaIn],
    offers: Sequence[OfferIn],
    edges: Sequence[EdgeIn],
    proposals: Sequence[Proposal],
    settings: RoundSettings,
    removed_hromada_ids: Collection[int],
    max_coverage: int,
    fit_unconstrained: float,
) -> RoundReport:
    """The report of a round's proposals as the facilitator left them after removals and swaps.

    Coverage, total fit, the fairness checks and the reasons are those of `proposals`; what the
    solver found (`max_coverage`, `fit_unconstrained`) is the run's, and there are no stages:
    the caller keeps the run's. A check the round enforced and the review left unmet is
    "not_met_after_review"; a hromada whose proposal was removed is "removed_in_review", and
    one with a candidate offer that the review left with room is "room_after_review".
    """
    problem = prepare(hromadas=hromadas, offers=offers, edges=edges, settings=settings)
    return build_report(
        problem,
        proposals,
        enforced=settings.fairness,
        fairness_proven=True,
        max_coverage=max_coverage,
        fit_unconstrained=fit_unconstrained,
        stages=(),
        seconds=0.0,
        removed_in_review=frozenset(removed_hromada_ids),
    )
