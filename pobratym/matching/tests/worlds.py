"""Small hand-made worlds shared by the engine tests."""

import numpy as np

from pobratym.matching.engine.centring import Centring
from pobratym.matching.engine.ranking import MatchingIndex
from pobratym.matching.engine.scoring import Weights
from pobratym.matching.engine.types import AuthorityIn, NeedIn, OfferIn

DIMENSION = 4
# Fixed here, so that retuning the defaults does not rewrite the golden cases.
GOLDEN_WEIGHTS = Weights(
    text=1.0,
    subsector=0.1,
    size=0.12,
    distance=0.1,
    regional_tie=0.1,
    language=0.06,
    urgency=0.1,
    frontline=0.1,
    partnered=0.4,
)


def axis(*weights: float) -> np.ndarray:
    """A unit vector from coordinates on the first axes."""
    v = np.zeros(DIMENSION, dtype=np.float32)
    v[: len(weights)] = weights
    return v / np.linalg.norm(v)


KOROSTEN = AuthorityIn(
    id=1,
    is_hromada=True,
    country="UA",
    latitude=50.95,
    longitude=28.64,
    population=62_000,
    languages=frozenset({"uk", "en"}),
    region="UA-18",
)
KHARKIV = AuthorityIn(
    id=2,
    is_hromada=True,
    country="UA",
    latitude=49.99,
    longitude=36.23,
    population=1_400_000,
    languages=frozenset({"uk"}),
    region="UA-63",
    frontline=True,
)
LUBLIN = AuthorityIn(
    id=101,
    is_hromada=False,
    country="PL",
    latitude=51.25,
    longitude=22.57,
    population=330_000,
    languages=frozenset({"pl", "en", "uk"}),
    region="PL-06",
    tied_regions=frozenset({"UA-18"}),
)
BOURGES = AuthorityIn(
    id=102,
    is_hromada=False,
    country="FR",
    latitude=47.08,
    longitude=2.40,
    population=64_000,
    languages=frozenset({"fr"}),
    region="FR-CVL",
    partners=frozenset({1}),
)
KAUNAS = AuthorityIn(
    id=103,
    is_hromada=False,
    country="LT",
    latitude=54.90,
    longitude=23.89,
    population=300_000,
    languages=frozenset({"lt", "en"}),
    region="LT-KU",
)
AUTHORITIES = (KOROSTEN, KHARKIV, LUBLIN, BOURGES, KAUNAS)

NEEDS = (
    NeedIn(1001, 1, ("energy.generators",), axis(1), urgency="critical"),
    NeedIn(1002, 2, ("water",), axis(0, 1), urgency="normal"),
    NeedIn(1003, 1, ("education",), axis(0, 0, 1), urgency="low"),
)
OFFERS = (
    OfferIn(2001, 101, ("energy.generators",), axis(1)),
    OfferIn(2002, 102, ("energy",), axis(1)),
    OfferIn(2003, 103, ("energy",), axis(0.6, 0, 0, 0.8)),
    OfferIn(2004, 103, ("water",), axis(0, 1)),
    OfferIn(2005, 101, ("education",), axis(0, 0, 1), is_open=False),
    OfferIn(2006, 103, ("energy",), axis(1), free_capacity=0),
    OfferIn(2007, 2, ("energy",), axis(1), free_capacity=3),
)


def golden_index() -> MatchingIndex:
    """No centring: the cosines are exactly as the vectors above are built."""
    index = MatchingIndex(
        authorities=AUTHORITIES,
        needs=NEEDS,
        offers=OFFERS,
        weights=GOLDEN_WEIGHTS,
        centring=Centring.none(DIMENSION),
    )
    index.recompute()
    return index
