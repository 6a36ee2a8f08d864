"""The vectorised ranking gives exactly the per-pair reference's top-k, ties included."""

import dataclasses

import numpy as np
import pytest

from pobratym.matching.engine.centring import Centring
from pobratym.matching.engine.ranking import MatchingIndex
from pobratym.matching.engine.reference import Reference
from pobratym.matching.engine.scoring import UNIT
from pobratym.matching.engine.synthetic import World, make_world
from pobratym.matching.engine.types import AuthorityIn, NeedIn, OfferIn


def _with_ties(world: World) -> World:
    """Copy some offers (same authority, sectors and vector, new id) and some needs."""
    extra_offers = [
        dataclasses.replace(o, id=o.id + 1_000_000) for o in world.offers[: len(world.offers) // 20]
    ]
    extra_needs = [
        dataclasses.replace(n, id=n.id + 1_000_000) for n in world.needs[: len(world.needs) // 20]
    ]
    return World(
        authorities=world.authorities,
        needs=[*world.needs, *extra_needs],
        offers=[*world.offers, *extra_offers],
    )


def _assert_same(index: MatchingIndex, world: World, need_sample: int, authority_sample: int):
    reference = Reference(
        authorities=world.authorities,
        needs=world.needs,
        offers=world.offers,
        centring=index.centring,
        weights=index.weights,
    )
    rng = np.random.default_rng(1)
    for i in rng.choice(len(world.needs), size=need_sample, replace=False):
        need = world.needs[i]
        assert index.offer_keys_for_need(need.id) == reference.offers_for_need(need.id, index.top_k)
    holders = sorted({o.authority_id for o in world.offers})
    for i in rng.choice(len(holders), size=authority_sample, replace=False):
        authority_id = holders[i]
        assert index.hromada_keys_for_authority(authority_id) == reference.hromadas_for_authority(
            authority_id, index.top_k
        )
    for i in rng.choice(len(world.offers), size=5, replace=False):
        offer = world.offers[i]
        found = [
            (c.authority_id, round(c.score * UNIT), c.need_id)
            for c in index.hromadas_for_offer(offer.id)
        ]
        assert found == reference.hromadas_for_offer(offer.id, index.top_k)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_index_equals_reference_on_small_random_worlds(seed):
    world = _with_ties(
        make_world(hromadas=25, authorities=80, needs=250, offers=500, dimension=16, seed=seed)
    )
    index = MatchingIndex(
        authorities=world.authorities, needs=world.needs, offers=world.offers, chunk_size=40
    )
    index.recompute()

    _assert_same(index, world, need_sample=60, authority_sample=25)


def test_index_equals_reference_when_buckets_are_large():
    # Buckets of over a thousand offers take the grouped top-k path (topk.py).
    world = _with_ties(
        make_world(hromadas=30, authorities=300, needs=300, offers=4000, dimension=16, seed=7)
    )
    index = MatchingIndex(
        authorities=world.authorities, needs=world.needs, offers=world.offers, chunk_size=100
    )
    index.recompute()

    _assert_same(index, world, need_sample=25, authority_sample=10)


def test_equal_scores_fall_to_the_smallest_ids():
    hromada = AuthorityIn(id=1, is_hromada=True, country="UA", latitude=50.0, longitude=30.0)
    helpers = [
        AuthorityIn(id=100 + i, is_hromada=False, country="PL", latitude=51.0, longitude=21.0)
        for i in range(900)
    ]
    vector = np.ones(8, dtype=np.float32) / np.sqrt(8)
    # Ids in descending order of position, so that position order is not id order.
    offers = [OfferIn(9000 - i, 100 + i, ("energy",), vector) for i in range(900)]
    index = MatchingIndex(
        authorities=[hromada, *helpers],
        needs=[NeedIn(1, 1, ("energy",), vector)],
        offers=offers,
        centring=Centring.none(8),
    )
    index.recompute()

    assert [offer_id for offer_id, _ in index.offer_keys_for_need(1)] == list(range(8101, 8111))
