"""The one-by-one baseline a round replaces, kept for comparison (bench and tests).

Every usable edge in order of score, best first: a hromada takes the offer when the offer has a
free place, the hromada has fewer than `max_proposals` and no offer of that authority yet. This
is what answering requests one at a time converges to, and why popular offers go to the
hromadas that score best with everything: usually the big cities.
"""

from collections import Counter
from collections.abc import Sequence

from pobratym.allocation.engine.problem import prepare
from pobratym.allocation.engine.types import EdgeIn, HromadaIn, OfferIn, Proposal, RoundSettings


def greedy_round(
    *,
    hromadas: Sequence[HromadaIn],
    offers: Sequence[OfferIn],
    edges: Sequence[EdgeIn],
    settings: RoundSettings,
) -> tuple[Proposal, ...]:
    """Proposals of the greedy baseline; ties go to the smaller hromada id, then offer id."""
    problem = prepare(hromadas=hromadas, offers=offers, edges=edges, settings=settings)
    order = sorted(
        range(len(problem.edge_score)),
        key=lambda e: (-problem.edge_score[e], problem.edge_hromada[e], problem.edge_offer[e]),
    )
    free = problem.capacity.copy()
    taken: Counter[int] = Counter()
    pairs: set[int] = set()
    proposals = []
    for e in order:
        h, o, pair = (
            int(problem.edge_hromada[e]),
            int(problem.edge_offer[e]),
            int(problem.edge_pair[e]),
        )
        if free[o] and taken[h] < settings.max_proposals and pair not in pairs:
            free[o] -= 1
            taken[h] += 1
            pairs.add(pair)
            proposals.append(
                Proposal(
                    hromada_id=problem.hromadas[h].id,
                    offer_id=problem.offers[o].id,
                    score=float(problem.edge_score[e]),
                )
            )
    return tuple(proposals)
