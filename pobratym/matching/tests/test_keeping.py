"""The reads that tell a keeper of stored recommendations which lists a change touched."""

import numpy as np

from pobratym.matching.engine import keeping
from pobratym.matching.engine.keeping import (
    KeptIndex,
    candidate_from_json,
    candidate_to_json,
    hromada_key,
)
from pobratym.matching.engine.synthetic import make_world
from pobratym.matching.engine.topk import NO_KEY
from pobratym.matching.engine.types import NeedIn


def _world_index(top_k=5, seed=3):
    world = make_world(hromadas=25, authorities=70, needs=220, offers=300, dimension=16, seed=seed)
    index = KeptIndex(
        authorities=world.authorities,
        needs=world.needs,
        offers=world.offers,
        top_k=top_k,
        chunk_size=40,
    )
    index.recompute()
    return world, index


def test_a_hromadas_key_for_each_offer_is_the_one_the_offers_list_ranks_it_by():
    world, index = _world_index()
    hromadas = [a.id for a in world.authorities if a.is_hromada]
    keys = {h: index.hromada_keys_for_offers(h) for h in hromadas}
    checked = entered = 0
    for offer in world.offers:
        if not index.has_offer(offer.id):
            continue
        listed = index.hromadas_for_offer(offer.id)
        listed_keys = {c.authority_id: hromada_key(c.authority_id, c.score) for c in listed}
        floor = min(listed_keys.values()) if len(listed) == index.top_k else NO_KEY
        for h in hromadas:
            key = keys[h].get(offer.id)
            if h in listed_keys:
                assert key == listed_keys[h], (offer.id, h)
                entered += 1
            elif key is not None:
                # Off the list: it would not have beaten the list's last one.
                assert key < floor, (offer.id, h, key, floor)
            checked += 1
    assert entered > 100 and checked > 1000


def test_offers_scored_together_get_the_lists_they_get_one_at_a_time(monkeypatch):
    world, index = _world_index()
    offers = [o.id for o in world.offers if index.has_offer(o.id)]
    monkeypatch.setattr(keeping, "OFFER_BATCH", 37)  # several batches, the last one short

    together = index.hromadas_for_offers(offers)

    assert list(together) == offers
    assert together == {pk: index.hromadas_for_offer(pk) for pk in offers}
    assert sum(map(len, together.values())) > 100


def test_adding_a_need_changes_the_lists_of_its_need_and_the_offers_it_now_enters():
    world, index = _world_index()
    before = index.list_keys()
    offers_before = {
        o.id: [c.authority_id for c in index.hromadas_for_offer(o.id)]
        for o in world.offers
        if index.has_offer(o.id)
    }
    hromada = next(a.id for a in world.authorities if a.is_hromada)
    # The vector of an existing offer: this need fits that offer as well as anything can.
    target = next(o for o in world.offers if index.has_offer(o.id))
    need = NeedIn(90_001, hromada, target.sectors, target.vector, urgency="critical")

    index.add_need(need)

    after = index.list_keys()
    assert 90_001 in after.needs and 90_001 not in before.needs
    assert not (set(before.needs) - set(after.needs))
    keys = index.hromada_keys_for_offers(hromada)
    changed_offers = {
        pk
        for pk, hromadas in offers_before.items()
        if [c.authority_id for c in index.hromadas_for_offer(pk)] != hromadas
    }
    assert target.id in changed_offers
    # Every offer whose list changed is one the hromada now reaches.
    assert changed_offers <= set(keys)


def test_list_keys_say_which_authorities_lists_changed():
    _world, index = _world_index()
    before = index.list_keys()
    authority = next(iter(before.authorities))
    # The offer behind the authority's best hromada: without it, that hromada scores less.
    offer_id = index.hromadas_for_authority(authority)[0].pairs[0].offer_id

    index.remove_offer(offer_id)

    assert index.list_keys().authorities[authority] != before.authorities[authority]


def test_a_candidate_comes_back_from_the_store_as_it_went_in():
    _, index = _world_index()
    need_id = next(pk for pk in index.list_keys().needs if index.offers_for_need(pk))
    for candidate in index.offers_for_need(need_id):
        assert candidate_from_json(candidate_to_json(candidate)) == candidate
    offer_id = index.offers_for_need(need_id)[0].offer_id
    for candidate in index.hromadas_for_offer(offer_id):
        stored = candidate_from_json(candidate_to_json(candidate))
        assert stored == candidate and stored.pairs


def test_a_hromada_without_needs_reaches_no_offer():
    world, index = _world_index()
    lonely = [a.id for a in world.authorities if a.is_hromada and a.id not in _need_owners(world)]
    for h in lonely:
        assert index.hromada_keys_for_offers(h) == {}
    assert index.hromada_keys_for_offers(123_456) == {}


def _need_owners(world):
    return {n.authority_id for n in world.needs if n.is_open}


def test_keys_are_ordered_like_scores():
    assert hromada_key(3, 1.5) > hromada_key(3, 1.0)
    # Equal scores: the smaller id first.
    assert hromada_key(2, 1.0) > hromada_key(3, 1.0)
    assert np.int64(hromada_key(1, 0.25)) != NO_KEY
