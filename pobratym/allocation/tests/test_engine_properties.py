"""Random small rounds (fixed seeds) against brute force and a max-flow bound."""

import itertools
import math
import random
from collections import Counter

import pytest

from pobratym.allocation.engine import EdgeIn, HromadaIn, OfferIn, RoundSettings, solve_round

POPULATIONS = [2_000, 8_000, 20_000, 150_000, None]
MIN_SCORE = 0.1


def _instance(rng, hromadas, offers, authorities):
    hs = [
        HromadaIn(i + 1, rng.choice(POPULATIONS), rng.random() < 0.4, f"UA{rng.randint(1, 3):02d}")
        for i in range(hromadas)
    ]
    os_ = [
        OfferIn(100 + j, 200 + rng.randrange(authorities), rng.choice([0, 1, 1, 1, 2]))
        for j in range(offers)
    ]
    es = [
        EdgeIn(h.id, o.id, round(rng.uniform(-0.2, 1.0), 2))
        for h in hs
        for o in os_
        if rng.random() < 0.55
    ]
    return hs, os_, es


def _usable(hromadas, offers, edges):
    capacity = {o.id: o.capacity for o in offers}
    by_hromada = {h.id: [] for h in hromadas}
    for e in edges:
        if e.score >= MIN_SCORE and capacity[e.offer_id] > 0:
            by_hromada[e.hromada_id].append(e)
    return by_hromada


def _max_coverage_bound(hromadas, offers, edges):
    """Kuhn's augmenting paths over offer places: the most hromadas that can be covered."""
    usable = _usable(hromadas, offers, edges)
    places = [o.id for o in offers for _ in range(o.capacity)]
    holder = [None] * len(places)

    def augment(h, seen):
        for slot, offer_id in enumerate(places):
            if slot in seen or all(e.offer_id != offer_id for e in usable[h]):
                continue
            seen.add(slot)
            if holder[slot] is None or augment(holder[slot], seen):
                holder[slot] = h
                return True
        return False

    return sum(augment(h.id, set()) for h in hromadas)


def _shortfalls(hromadas, covered, eligible):
    small = lambda h: h.population is not None and h.population < 10_000  # noqa: E731
    big = lambda h: h.population is not None and h.population >= 10_000  # noqa: E731
    total = 0.0
    for protected, others in [
        (small, big),
        (lambda h: h.is_frontline, lambda h: not h.is_frontline),
    ]:
        p = [h.id for h in hromadas if protected(h) and h.id in eligible]
        o = [h.id for h in hromadas if others(h) and h.id in eligible]
        if p and o:
            gap = sum(i in covered for i in o) / len(o) - sum(i in covered for i in p) / len(p)
            total += max(0.0, gap)
    return total


def _brute_force(hromadas, offers, edges):
    """Every allocation with at most one proposal per hromada: (coverage, gaps, fit) of each."""
    usable = _usable(hromadas, offers, edges)
    eligible = {h for h, es in usable.items() if es}
    capacity = {o.id: o.capacity for o in offers}
    out = []
    for choice in itertools.product(*[[None, *usable[h.id]] for h in hromadas]):
        picked = [e for e in choice if e is not None]
        if any(n > capacity[o] for o, n in Counter(e.offer_id for e in picked).items()):
            continue
        covered = {e.hromada_id for e in picked}
        out.append(
            (
                len(covered),
                _shortfalls(hromadas, covered, eligible),
                math.fsum(e.score for e in picked),
            )
        )
    return out


@pytest.mark.parametrize("seed", range(150))
def test_round_matches_brute_force_on_small_rounds(seed):
    rng = random.Random(seed)
    hromadas, offers, edges = _instance(rng, rng.randint(2, 5), rng.randint(1, 3), 3)

    report = solve_round(
        hromadas=hromadas, offers=offers, edges=edges, settings=RoundSettings(min_score=MIN_SCORE)
    ).report

    allocations = _brute_force(hromadas, offers, edges)
    most = max(c for c, _, _ in allocations)
    least_gap = min(g for c, g, _ in allocations if c == most)
    own_gaps = {f.constraint: f.shortfall for f in report.fairness}
    assert report.covered == most == _max_coverage_bound(hromadas, offers, edges)
    assert sum(own_gaps.values()) == pytest.approx(least_gap, abs=1e-12)
    # Fit: the best among allocations as covering and as fair as the round's answer.
    best_fit = max(f for c, g, f in allocations if c == most and g <= least_gap + 1e-12)
    assert report.fit_achieved == pytest.approx(best_fit, abs=1e-9)
    assert report.fit_unconstrained == pytest.approx(max(f for _, _, f in allocations), abs=1e-9)


@pytest.mark.parametrize("seed", range(60))
def test_round_respects_every_limit_on_random_rounds(seed):
    rng = random.Random(1_000 + seed)
    hromadas, offers, edges = _instance(rng, rng.randint(4, 12), rng.randint(2, 8), 4)
    k = rng.randint(1, 3)

    result = solve_round(
        hromadas=hromadas,
        offers=offers,
        edges=edges,
        settings=RoundSettings(min_score=MIN_SCORE, max_proposals=k),
    )

    authority = {o.id: o.authority_id for o in offers}
    capacity = {o.id: o.capacity for o in offers}
    score = {(e.hromada_id, e.offer_id): e.score for e in edges}
    used = Counter(p.offer_id for p in result.proposals)
    assert all(used[o] <= capacity[o] for o in used)
    assert max(Counter(p.hromada_id for p in result.proposals).values(), default=0) <= k
    pairs = Counter((p.hromada_id, authority[p.offer_id]) for p in result.proposals)
    assert max(pairs.values(), default=0) <= 1
    assert all(score[p.hromada_id, p.offer_id] == p.score >= MIN_SCORE for p in result.proposals)
    assert result.report.covered == _max_coverage_bound(hromadas, offers, edges)
    usable = _usable(hromadas, offers, edges)
    for left_out in result.report.uncovered:
        if left_out.reason == "capacity_exhausted":
            offers_of = sorted(e.offer_id for e in usable[left_out.hromada_id])
            assert list(left_out.offer_ids) == offers_of
            assert all(used[o] == capacity[o] for o in offers_of)
        else:
            assert usable[left_out.hromada_id] == []
