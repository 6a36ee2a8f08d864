"""Explainable cross-lingual matching of needs and offers: dataclasses in, ranked candidates out.

No Django here (see docs/matching.md): the Django layer embeds and caches texts, builds a
`MatchingIndex` from `AuthorityIn`, `NeedIn` and `OfferIn`, and translates the reason codes.
"""

from pobratym.matching.engine.centring import Centring, centre
from pobratym.matching.engine.ranking import MatchingIndex
from pobratym.matching.engine.scoring import DEFAULT_WEIGHTS, Weights
from pobratym.matching.engine.types import (
    AuthorityIn,
    Candidate,
    NeedIn,
    OfferIn,
    PairRef,
    Reason,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "AuthorityIn",
    "Candidate",
    "Centring",
    "MatchingIndex",
    "NeedIn",
    "OfferIn",
    "PairRef",
    "Reason",
    "Weights",
    "centre",
]
