"""Fit: what a recommendation is worth to a reader, apart from who comes first."""

import pytest

from pobratym.matching.engine.centring import Centring
from pobratym.matching.engine.ranking import NEEDS_PER_HROMADA, MatchingIndex
from pobratym.matching.engine.scoring import DEFAULT_WEIGHTS
from pobratym.matching.engine.types import (
    GOOD_FIT,
    STRONG_FIT,
    AuthorityIn,
    NeedIn,
    OfferIn,
    fit_level,
)
from pobratym.matching.tests.worlds import DIMENSION, KAUNAS, KHARKIV, KOROSTEN, axis

PARTNER_OF_KOROSTEN = AuthorityIn(
    id=104,
    is_hromada=False,
    country="LT",
    latitude=KAUNAS.latitude,
    longitude=KAUNAS.longitude,
    population=KAUNAS.population,
    languages=KAUNAS.languages,
    region=KAUNAS.region,
    partners=frozenset({KOROSTEN.id}),
)


def _index(needs, offers, authorities=(KOROSTEN, KHARKIV, KAUNAS, PARTNER_OF_KOROSTEN)):
    index = MatchingIndex(
        authorities=authorities,
        needs=needs,
        offers=offers,
        weights=DEFAULT_WEIGHTS,
        centring=Centring.none(DIMENSION),
    )
    index.recompute()
    return index


def test_a_partner_that_fits_better_comes_first_and_is_named_a_partner():
    need = NeedIn(1001, KOROSTEN.id, ("energy",), axis(1), urgency="critical")
    index = _index(
        (need,),
        (
            OfferIn(2001, KAUNAS.id, ("energy",), axis(0.6, 0.8)),
            OfferIn(2002, PARTNER_OF_KOROSTEN.id, ("energy",), axis(1)),
        ),
    )

    partner, other = index.offers_for_need(1001)

    assert (partner.offer_id, other.offer_id) == (2002, 2001)
    assert partner.score - other.score == pytest.approx(0.4, abs=1e-3)
    assert [r.as_dict() for r in partner.reasons if r.code == "partnered"] == [
        {"code": "partnered", "points": 0.0}
    ]
    assert "partnered" not in [r.code for r in other.reasons]


def test_fit_leaves_out_urgency_and_frontline():
    need = NeedIn(1001, KHARKIV.id, ("energy",), axis(1), urgency="critical")
    index = _index((need,), (OfferIn(2001, KAUNAS.id, ("energy",), axis(1)),))

    (candidate,) = index.offers_for_need(1001)
    priorities = sum(r.points for r in candidate.reasons if r.code in ("urgency", "frontline"))

    assert priorities == pytest.approx(0.2, abs=1e-3)
    assert candidate.fit == pytest.approx(candidate.score - priorities, abs=1e-6)


@pytest.mark.parametrize(
    ("fit", "level"),
    [
        (STRONG_FIT, "strong"),
        (STRONG_FIT - 0.01, "good"),
        (GOOD_FIT, "good"),
        (GOOD_FIT - 0.01, "weak"),
        (0.01, "weak"),
        (0.0, None),
        (-0.3, None),
    ],
)
def test_fit_levels(fit, level):
    assert fit_level(fit) == level


def test_an_offer_gets_each_hromadas_best_needs_up_to_three_best_first():
    korosten_needs = [
        NeedIn(1001 + i, KOROSTEN.id, ("energy",), axis(1, 0.2 * i)) for i in range(5)
    ]
    needs = (*korosten_needs, NeedIn(1010, KHARKIV.id, ("energy",), axis(0.3, 1)))
    index = _index(needs, (OfferIn(2001, KAUNAS.id, ("energy",), axis(1)),))

    korosten, kharkiv = index.hromadas_for_offer(2001)

    assert NEEDS_PER_HROMADA == 3
    assert [p.need_id for p in korosten.pairs] == [1001, 1002, 1003]
    assert korosten.need_id == 1001
    assert [p.fit for p in korosten.pairs] == sorted((p.fit for p in korosten.pairs), reverse=True)
    assert korosten.pairs[0].points == pytest.approx(korosten.score)
    assert [p.need_id for p in kharkiv.pairs] == [1010]
