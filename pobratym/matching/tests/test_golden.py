"""Golden cases: a hand-made world in, the expected top-k and reasons out."""

import pytest

from pobratym.matching.engine.scoring import UNIT
from pobratym.matching.tests.worlds import golden_index


@pytest.fixture(scope="module")
def index():
    return golden_index()


def test_offers_for_need_ranks_and_explains(index):
    candidates = index.offers_for_need(1001)

    assert [(c.offer_id, c.authority_id) for c in candidates] == [
        (2001, 101),
        (2007, 2),
        (2003, 103),
        (2002, 102),
    ]
    assert [r.as_dict() for r in candidates[0].reasons] == [
        {"code": "sector", "points": 0.0, "sectors": ["energy"]},
        {"code": "text", "points": 1.0, "similarity": 1.0},
        {
            "code": "regional_tie",
            "points": 0.1,
            "hromada_region": "UA-18",
            "authority_region": "PL-06",
        },
        {"code": "subsector", "points": 0.1, "subsectors": ["energy.generators"]},
        {"code": "urgency", "points": 0.1, "level": "critical"},
        {"code": "distance", "points": 0.0858, "km": 430},
        {
            "code": "size",
            "points": 0.0764,
            "hromada_population": 62000,
            "authority_population": 330000,
        },
        {"code": "language", "points": 0.06, "languages": ["en", "uk"]},
    ]


def test_offers_for_need_score_is_the_sum_of_its_reasons(index):
    for need_id in (1001, 1002):
        for candidate in index.offers_for_need(need_id):
            assert candidate.score == pytest.approx(sum(r.points for r in candidate.reasons))


def test_offers_for_need_stored_units_match_the_explanation(index):
    stored = index.offer_keys_for_need(1001)

    explained = [(c.offer_id, round(c.score * UNIT)) for c in index.offers_for_need(1001)]

    assert stored == explained


def test_partner_offer_carries_the_penalty(index):
    partnered = index.offers_for_need(1001)[-1]

    assert partnered.offer_id == 2002
    assert partnered.reasons[-1].as_dict() == {"code": "partnered", "points": -0.4}


def test_hromadas_for_authority_aggregates_pairs(index):
    candidates = index.hromadas_for_authority(103)

    assert [(c.authority_id, [(p.need_id, p.offer_id) for p in c.pairs]) for c in candidates] == [
        (2, [(1002, 2004)]),
        (1, [(1001, 2003)]),
    ]
    assert [r.code for r in candidates[0].reasons] == [
        "sector",
        "pair",
        "frontline",
        "size",
        "distance",
    ]
    assert candidates[0].score == pytest.approx(sum(r.points for r in candidates[0].reasons))


def test_hromadas_for_offer_names_the_best_need(index):
    candidates = index.hromadas_for_offer(2004)

    assert [(c.authority_id, c.need_id, round(c.score, 4)) for c in candidates] == [(2, 1002, 1.28)]


def test_hromada_offering_help_is_matched_to_other_hromadas(index):
    assert [c.authority_id for c in index.hromadas_for_offer(2007)] == [1]
    assert [c.authority_id for c in index.hromadas_for_authority(2)] == [1]
