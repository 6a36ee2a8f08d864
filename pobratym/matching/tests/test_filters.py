"""The hard filter and the partnership penalty."""

import dataclasses

import pytest

from pobratym.matching.engine.centring import Centring
from pobratym.matching.engine.ranking import MatchingIndex
from pobratym.matching.engine.types import AuthorityIn, NeedIn, OfferIn
from pobratym.matching.tests.worlds import (
    AUTHORITIES,
    DIMENSION,
    GOLDEN_WEIGHTS,
    KAUNAS,
    KOROSTEN,
    NEEDS,
    OFFERS,
    axis,
    golden_index,
)

EXCLUDED_OFFERS = {2005, 2006}  # closed, and used up


def _all_proposed_offers(index: MatchingIndex) -> set[int]:
    proposed = set()
    for need in NEEDS:
        proposed |= {c.offer_id for c in index.offers_for_need(need.id)}
    for authority in AUTHORITIES:
        for candidate in index.hromadas_for_authority(authority.id):
            proposed |= {p.offer_id for p in candidate.pairs}
    return proposed


def test_closed_or_used_up_offers_are_never_proposed():
    index = golden_index()

    assert _all_proposed_offers(index) & EXCLUDED_OFFERS == set()
    with pytest.raises(KeyError):
        index.hromadas_for_offer(2005)


def test_need_without_a_shared_sector_gets_nothing():
    index = golden_index()

    # 1003 is about education; the only education offer is closed.
    assert index.offers_for_need(1003) == []


def test_sub_sector_shares_its_parent_sector():
    index = golden_index()

    # "energy.generators" meets plain "energy" offers (without the bonus).
    offered = {c.offer_id: c for c in index.offers_for_need(1001)}
    assert {2002, 2003} <= set(offered)
    assert "subsector" not in {r.code for r in offered[2003].reasons}
    assert "subsector" in {r.code for r in offered[2001].reasons}


def test_no_shared_sector_means_no_pair():
    index = golden_index()

    # Kharkiv's only need is about water: the energy offers never reach it.
    assert [c.authority_id for c in index.hromadas_for_offer(2001)] == [1]
    assert 2 not in {c.authority_id for c in index.hromadas_for_authority(101)}


def test_authority_never_matches_its_own_offer():
    own = OfferIn(2099, 1, ("energy",), axis(1))
    index = MatchingIndex(
        authorities=AUTHORITIES,
        needs=NEEDS,
        offers=(*OFFERS, own),
        weights=GOLDEN_WEIGHTS,
        centring=Centring.none(DIMENSION),
    )
    index.recompute()

    assert 2099 not in {c.offer_id for c in index.offers_for_need(1001)}
    assert index.hromadas_for_offer(2099) == []
    assert 1 not in {c.authority_id for c in index.hromadas_for_authority(1)}


def test_closed_need_is_not_indexed():
    closed = dataclasses.replace(NEEDS[1], is_open=False)
    index = MatchingIndex(
        authorities=AUTHORITIES,
        needs=(NEEDS[0], closed, NEEDS[2]),
        offers=OFFERS,
        weights=GOLDEN_WEIGHTS,
        centring=Centring.none(DIMENSION),
    )
    index.recompute()

    assert index.hromadas_for_offer(2004) == []
    with pytest.raises(KeyError):
        index.offers_for_need(closed.id)


def test_partnered_pair_drops_by_the_penalty():
    twin_of_kaunas = AuthorityIn(
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
    need = NeedIn(1001, KOROSTEN.id, ("energy",), axis(1))
    offers = (
        OfferIn(2001, KAUNAS.id, ("energy",), axis(1)),
        OfferIn(2002, twin_of_kaunas.id, ("energy",), axis(1)),
    )
    index = MatchingIndex(
        authorities=(KOROSTEN, KAUNAS, twin_of_kaunas),
        needs=(need,),
        offers=offers,
        weights=GOLDEN_WEIGHTS,
        centring=Centring.none(DIMENSION),
    )
    index.recompute()

    fresh, partner = index.offers_for_need(1001)

    assert (fresh.offer_id, partner.offer_id) == (2001, 2002)
    assert fresh.score - partner.score == pytest.approx(0.4, abs=1e-6)
    assert partner.reasons[-1].code == "partnered"
    assert [c.authority_id for c in index.hromadas_for_authority(104)] == [KOROSTEN.id]


def test_need_from_a_non_hromada_is_refused():
    with pytest.raises(ValueError, match="not a hromada"):
        MatchingIndex(
            authorities=AUTHORITIES,
            needs=(NeedIn(1009, KAUNAS.id, ("energy",), axis(1)),),
            offers=(),
            centring=Centring.none(DIMENSION),
        )
