"""Score components: the block form equals the per-pair form bit for bit."""

import dataclasses

import numpy as np
import pytest

from pobratym.matching.engine.centring import Centring, centre, corpus_mean
from pobratym.matching.engine.scoring import (
    DEFAULT_WEIGHTS,
    EXCLUDED,
    UNIT,
    AuthorityArrays,
    Weights,
    aggregate_units4,
    authority_units,
    authority_units_block,
    quantise,
)
from pobratym.matching.engine.synthetic import make_world
from pobratym.matching.engine.types import AuthorityIn


def _block_for(hromadas, authorities, weights):
    languages = sorted({c for a in authorities for c in a.languages})
    regions = sorted({a.region for a in authorities if a.region})
    region_index = {r: i for i, r in enumerate(regions)}
    column = {a.id: i for i, a in enumerate(authorities)}
    tied, partners = {}, {}
    for col, a in enumerate(authorities):
        for code in a.tied_regions:
            tied.setdefault(code, []).append(col)
        for partner in a.partners:
            partners.setdefault(partner, set()).add(col)
            if partner in column:
                partners.setdefault(a.id, set()).add(column[partner])
    return authority_units_block(
        hromadas,
        AuthorityArrays.build(hromadas, languages, regions),
        AuthorityArrays.build(authorities, languages, regions),
        region_index,
        {k: np.array(v) for k, v in tied.items()},
        {k: np.array(sorted(v)) for k, v in partners.items()},
        column,
        weights,
    )


def test_authority_block_equals_the_per_pair_formula():
    world = make_world(hromadas=30, authorities=120, needs=0, offers=0, seed=4)
    authorities = list(world.authorities)
    # Missing coordinates and population must score zero on both sides.
    authorities[3] = dataclasses.replace(authorities[3], latitude=None, longitude=None)
    authorities[40] = dataclasses.replace(authorities[40], population=None)
    authorities[41] = dataclasses.replace(authorities[41], tied_regions=frozenset({"UA-02"}))
    hromadas = [a for a in authorities if a.is_hromada]

    block = _block_for(hromadas, authorities, DEFAULT_WEIGHTS)

    for i, h in enumerate(hromadas):
        for j, e in enumerate(authorities):
            expected = EXCLUDED if h.id == e.id else authority_units(h, e, DEFAULT_WEIGHTS).total
            assert block[i, j] == expected, (h.id, e.id)


def test_aggregate_counts_three_offers_halving_and_never_subtracts():
    assert aggregate_units4(10, 2, [40, 20, 8, 100]) == 4 * 12 + 4 * 100 + 2 * 40 + 20
    assert aggregate_units4(0, 0, [-30, -50]) == -120


def test_weights_refuse_negative_or_overflowing_values():
    with pytest.raises(ValueError, match="non-negative"):
        Weights(size=-0.1)
    with pytest.raises(ValueError, match="overflow"):
        Weights(text=10.0, distance=6.0)


def test_centring_is_the_same_alone_or_in_a_batch():
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((200, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    mean = corpus_mean(vectors)

    batch = quantise(centre(vectors, mean), 1024)
    alone = np.stack([quantise(centre(v[None, :], mean), 1024)[0] for v in vectors])

    assert np.array_equal(batch, alone)


def test_centring_removes_the_common_direction():
    common = np.zeros(8, dtype=np.float32)
    common[0] = 1.0
    a = np.array([[0.9, 0.1, 0, 0, 0, 0, 0, 0], [0.9, 0, 0.1, 0, 0, 0, 0, 0]], dtype=np.float32)
    b = np.array([[0.9, 0.1, 0, 0, 0, 0, 0, 0]], dtype=np.float32)

    centring = Centring.from_vectors(a, b)
    centred = centre(a, centring.need_mean)

    assert centring.need_mean is centring.offer_mean
    assert centred[0] @ centred[1] < 0 < a[0] @ a[1]


def test_sizes_and_distances_score_as_documented():
    h = AuthorityIn(1, True, "UA", latitude=50.0, longitude=30.0, population=10_000)
    same_place = AuthorityIn(2, False, "PL", latitude=50.0, longitude=30.0, population=10_000)
    hundredfold = dataclasses.replace(same_place, id=3, population=1_000_000)
    beyond_horizon = dataclasses.replace(same_place, id=4, latitude=50.0, longitude=-20.0)

    assert authority_units(h, same_place, DEFAULT_WEIGHTS).size == round(
        DEFAULT_WEIGHTS.size * UNIT
    )
    assert authority_units(h, same_place, DEFAULT_WEIGHTS).distance == round(
        DEFAULT_WEIGHTS.distance * UNIT
    )
    assert authority_units(h, hundredfold, DEFAULT_WEIGHTS).size == 0
    assert authority_units(h, beyond_horizon, DEFAULT_WEIGHTS).distance == 0
