"""One change at a time gives what a full recompute (and the reference) gives."""

import numpy as np

from pobratym.matching.engine.ranking import MatchingIndex
from pobratym.matching.engine.reference import Reference
from pobratym.matching.engine.synthetic import make_world
from pobratym.matching.engine.types import NeedIn, OfferIn

# Includes a sub-sector code and a sector the world has never seen, to grow buckets.
SECTORS = ("energy", "energy.sub1", "water", "energy.fresh", "brand_new", "infrastructure")


def _random_sectors(rng):
    picked = rng.choice(len(SECTORS), size=int(rng.integers(1, 3)), replace=False)
    return tuple(SECTORS[i] for i in picked)


def _unit(rng, dimension):
    v = rng.standard_normal(dimension).astype(np.float32)
    return v / np.linalg.norm(v)


def test_add_and_remove_keep_every_list_exact():
    world = make_world(hromadas=20, authorities=60, needs=200, offers=400, dimension=16, seed=3)
    index = MatchingIndex(
        authorities=world.authorities, needs=world.needs, offers=world.offers, chunk_size=30
    )
    index.recompute()
    needs, offers = list(world.needs), list(world.offers)
    hromada_ids = [a.id for a in world.authorities if a.is_hromada]
    other_ids = [a.id for a in world.authorities if not a.is_hromada]
    rng = np.random.default_rng(11)

    for step in range(40):
        action = step % 4
        if action == 0:
            need = NeedIn(
                id=50_000 + step,
                authority_id=int(rng.choice(hromada_ids)),
                sectors=_random_sectors(rng),
                vector=_unit(rng, 16),
                urgency="critical",
            )
            index.add_need(need)
            needs.append(need)
        elif action == 1:
            index.remove_need(needs.pop(int(rng.integers(len(needs)))).id)
        elif action == 2:
            offer = OfferIn(
                id=60_000 + step,
                authority_id=int(rng.choice(other_ids)),
                sectors=_random_sectors(rng),
                vector=_unit(rng, 16),
            )
            index.add_offer(offer)
            offers.append(offer)
        else:
            index.remove_offer(offers.pop(int(rng.integers(len(offers)))).id)

    reference = Reference(
        authorities=world.authorities, needs=needs, offers=offers, centring=index.centring
    )
    fresh = MatchingIndex(
        authorities=world.authorities, needs=needs, offers=offers, centring=index.centring
    )
    fresh.recompute()
    for need in needs:
        expected = reference.offers_for_need(need.id)
        assert index.offer_keys_for_need(need.id) == expected
        assert fresh.offer_keys_for_need(need.id) == expected
    for authority_id in sorted({o.authority_id for o in offers}):
        expected = reference.hromadas_for_authority(authority_id)
        assert index.hromada_keys_for_authority(authority_id) == expected
        assert fresh.hromada_keys_for_authority(authority_id) == expected


def test_add_need_returns_its_best_offers():
    world = make_world(hromadas=5, authorities=20, needs=20, offers=80, dimension=16, seed=5)
    index = MatchingIndex(authorities=world.authorities, needs=world.needs, offers=world.offers)
    index.recompute()
    need = NeedIn(999_999, 1, ("energy",), world.offers[0].vector)

    candidates = index.add_need(need)

    assert [c.offer_id for c in candidates] == [
        offer_id for offer_id, _ in index.offer_keys_for_need(need.id)
    ]
    assert all(c.need_id == need.id for c in candidates)


def test_an_offer_added_where_there_are_fewer_hromadas_than_top_k():
    """A young platform (or an oblast's scope) has fewer hromadas than the lists are long."""
    world = make_world(hromadas=2, authorities=6, needs=6, offers=6, dimension=16, seed=7)
    index = MatchingIndex(
        authorities=world.authorities, needs=world.needs, offers=world.offers, top_k=10
    )
    index.recompute()
    offer = OfferIn(
        id=70_000,
        authority_id=world.offers[0].authority_id,
        sectors=world.offers[0].sectors,
        vector=world.offers[0].vector,
    )

    index.add_offer(offer)

    reference = Reference(
        authorities=world.authorities,
        needs=world.needs,
        offers=[*world.offers, offer],
        centring=index.centring,
    )
    assert index.hromada_keys_for_authority(offer.authority_id) == (
        reference.hromadas_for_authority(offer.authority_id)
    )
