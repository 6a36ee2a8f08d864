"""Reasons: each score taken apart into named components a person can read.

The engine returns codes and numbers only; the Django layer phrases them in the viewer's
language. Codes are stable (renaming one breaks stored recommendations and translations):

    sector        shared top-level sectors (the hard filter; 0 points)  sectors
    subsector     both name the same sub-sector                         subsectors
    text          multilingual text similarity (centred cosine)         similarity
    size          similar population                                    hromada_population,
                                                                        authority_population
    distance      closer is better                                      km
    regional_tie  their regions already cooperate                       hromada_region,
                                                                        authority_region
    language      a shared working language                             languages
    urgency       the need's urgency                                    level
    frontline     the hromada is frontline                              (none)
    partnered     already partners (0 points by default, kept as a fact)  (none)
    pair          one counted need × offer pair of an authority score   rank, need_id, offer_id,
                                                                        similarity, sectors,
                                                                        urgency
"""

from dataclasses import dataclass

from pobratym.matching.engine.scoring import (
    AGGREGATE_DECAY,
    AGGREGATE_SCALE,
    UNIT,
    AuthorityUnits,
    PairUnits,
    Weights,
    are_partners,
    great_circle_km,
    subsectors,
    top_sectors,
)
from pobratym.matching.engine.types import AuthorityIn, NeedIn, OfferIn, PairRef, Reason


def _points(units: int) -> float:
    return units / UNIT


def _ordered(first: Reason, rest: list[Reason]) -> tuple[Reason, ...]:
    # The hard filter's reason leads; then the largest contributions, penalties last. Being
    # partners is kept at zero points: the reader needs the fact, whatever it weighs.
    kept = [r for r in rest if r.points != 0 or r.code == "partnered"]
    return (first, *sorted(kept, key=lambda r: (-r.points, r.code)))


def similarity(text_units: int, weights: Weights) -> float:
    """The centred cosine back from text points (0 when text carries no weight)."""
    return round(text_units / (UNIT * weights.text), 3) if weights.text else 0.0


def pair_fit(units: PairUnits) -> float:
    """How well a need and an offer fit: the pair's score less urgency and frontline."""
    return (units.text + units.subsector + units.authority_part) / UNIT


def authority_reasons(
    h: AuthorityIn, e: AuthorityIn, units: AuthorityUnits, frontline: int
) -> list[Reason]:
    km = great_circle_km(h, e)
    return [
        Reason(
            "size",
            _points(units.size),
            {"hromada_population": h.population or 0, "authority_population": e.population or 0},
        ),
        Reason("distance", _points(units.distance), {"km": round((km or 0.0) / 10) * 10}),
        Reason(
            "regional_tie",
            _points(units.regional_tie),
            {"hromada_region": h.region or "", "authority_region": e.region or ""},
        ),
        Reason(
            "language",
            _points(units.language),
            {"languages": tuple(sorted(h.languages & e.languages))},
        ),
        Reason("frontline", _points(frontline)),
        *([Reason("partnered", _points(units.partnered))] if are_partners(h, e) else []),
    ]


def pair_reasons(
    need: NeedIn, offer: OfferIn, units: PairUnits, h: AuthorityIn, e: AuthorityIn, w: Weights
) -> tuple[Reason, ...]:
    """Every component of one need × offer pair; their points add up to `units.total`."""
    sector = Reason(
        "sector",
        0.0,
        {"sectors": tuple(sorted(top_sectors(need.sectors) & top_sectors(offer.sectors)))},
    )
    shared_children = tuple(sorted(subsectors(need.sectors) & subsectors(offer.sectors)))
    rest = [
        Reason("subsector", _points(units.subsector), {"subsectors": shared_children}),
        Reason("text", _points(units.text), {"similarity": similarity(units.text, w)}),
        Reason("urgency", _points(units.urgency), {"level": need.urgency}),
        *authority_reasons(h, e, units.authority, units.frontline),
    ]
    return _ordered(sector, rest)


@dataclass(frozen=True, slots=True)
class CountedPair:
    """One of the authority's offers with the hromada's need it fits best."""

    need: NeedIn
    offer: OfferIn
    units: PairUnits


def aggregate_reasons(
    h: AuthorityIn,
    e: AuthorityIn,
    units: AuthorityUnits,
    frontline: int,
    pairs: list[CountedPair],
    w: Weights,
) -> tuple[tuple[Reason, ...], tuple[PairRef, ...], int]:
    """Reasons, counted pairs and four times the score of a hromada for an authority.

    `pairs` must be sorted best first (by pair part) and hold at most three.
    """
    total4 = AGGREGATE_SCALE * (units.total + frontline)
    reasons: list[Reason] = []
    refs: list[PairRef] = []
    all_sectors: set[str] = set()
    for rank, (decay, pair) in enumerate(zip(AGGREGATE_DECAY, pairs, strict=False)):
        part = pair.units.pair_part if rank == 0 else max(0, pair.units.pair_part)
        total4 += decay * part
        points = decay * part / (AGGREGATE_SCALE * UNIT)
        shared = top_sectors(pair.need.sectors) & top_sectors(pair.offer.sectors)
        all_sectors |= shared
        refs.append(
            PairRef(
                need_id=pair.need.id,
                offer_id=pair.offer.id,
                points=points,
                fit=pair_fit(pair.units),
            )
        )
        reasons.append(
            Reason(
                "pair",
                points,
                {
                    "rank": rank + 1,
                    "need_id": pair.need.id,
                    "offer_id": pair.offer.id,
                    "similarity": similarity(pair.units.text, w),
                    "sectors": tuple(sorted(shared)),
                    "urgency": pair.need.urgency,
                },
            )
        )
    sector = Reason("sector", 0.0, {"sectors": tuple(sorted(all_sectors))})
    # Pairs stay in rank order after the sector: a reader expects the best pair first.
    ordered = _ordered(sector, authority_reasons(h, e, units, frontline))
    return (ordered[0], *reasons, *ordered[1:]), tuple(refs), total4
