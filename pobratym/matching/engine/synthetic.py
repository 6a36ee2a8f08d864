"""Synthetic worlds for tests and the benchmark: national scale or small, always seeded.

Coordinates fall in boxes around Ukraine and around Europe, populations are log-normal, and
sectors are drawn Zipf-like (the k-th most common sector k times rarer than the first), as tags
are in practice: energy and infrastructure everywhere, youth and culture less often. Vectors
are random unit vectors: the benchmark measures arithmetic, not meaning.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pobratym.matching.engine.types import AuthorityIn, NeedIn, OfferIn, Urgency

SECTORS = (
    "energy",
    "infrastructure",
    "water",
    "healthcare",
    "education",
    "housing",
    "social",
    "idp_support",
    "governance",
    "economy_sme",
    "digital",
    "transport",
    "environment",
    "security",
    "culture",
    "youth",
    "other",
)
URGENCIES: tuple[Urgency, ...] = ("low", "normal", "high", "critical")
OBLASTS = tuple(f"UA-{n:02d}" for n in range(1, 25))
COUNTRIES = ("DE", "PL", "LT", "FR", "NO", "IT", "ES", "NL", "CZ", "SE", "AT", "GB", "IE", "FI")
LOCAL_LANGUAGE = {"GB": "en", "IE": "en", "AT": "de", "SE": "sv", "CZ": "cs", "NO": "no"}


@dataclass(frozen=True, eq=False)
class World:
    authorities: list[AuthorityIn]
    needs: list[NeedIn]
    offers: list[OfferIn]


def _unit_vectors(rng: np.random.Generator, n: int, dimension: int) -> npt.NDArray[np.float32]:
    vectors = rng.standard_normal((n, dimension), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def _sectors(
    rng: np.random.Generator, n: int, subsector_share: float, children: int
) -> list[tuple[str, ...]]:
    weights = 1.0 / np.arange(1, len(SECTORS) + 1)
    weights /= weights.sum()
    out = []
    counts = rng.integers(1, 4, size=n)
    for count in counts:
        picked = rng.choice(len(SECTORS), size=count, replace=False, p=weights)
        codes = []
        for i in picked:
            code = SECTORS[i]
            if rng.random() < subsector_share:
                code = f"{code}.sub{rng.integers(1, children + 1)}"
            codes.append(code)
        out.append(tuple(codes))
    return out


def make_world(
    *,
    hromadas: int = 1469,
    authorities: int = 20_000,
    needs: int = 30_000,
    offers: int = 60_000,
    dimension: int = 384,
    subsector_share: float = 0.25,
    children: int = 3,
    seed: int = 0,
) -> World:
    """A seeded world; the defaults are the issue's national scale."""
    rng = np.random.default_rng(seed)
    people: list[AuthorityIn] = []
    for i in range(hromadas):
        languages = {"uk"}
        if rng.random() < 0.3:
            languages.add("en")
        if rng.random() < 0.05:
            languages.add("pl")
        people.append(
            AuthorityIn(
                id=i + 1,
                is_hromada=True,
                country="UA",
                latitude=float(rng.uniform(45.5, 52.0)),
                longitude=float(rng.uniform(22.5, 39.5)),
                population=int(rng.lognormal(9.2, 1.0)) + 500,
                languages=frozenset(languages),
                region=OBLASTS[i % len(OBLASTS)],
                frontline=bool(rng.random() < 0.15),
            )
        )
    first_european = hromadas + 1
    for i in range(authorities):
        country = COUNTRIES[int(rng.integers(len(COUNTRIES)))]
        languages = {LOCAL_LANGUAGE.get(country, country.lower())}
        if rng.random() < 0.5:
            languages.add("en")
        region = f"{country}-R{rng.integers(1, 21)}"
        ties = (
            frozenset({OBLASTS[int(rng.integers(len(OBLASTS)))]})
            if rng.random() < 0.02
            else frozenset()
        )
        partners = (
            frozenset({int(rng.integers(1, hromadas + 1))}) if rng.random() < 0.05 else frozenset()
        )
        people.append(
            AuthorityIn(
                id=first_european + i,
                is_hromada=False,
                country=country,
                latitude=float(rng.uniform(37.0, 66.0)),
                longitude=float(rng.uniform(-9.0, 28.0)),
                population=int(rng.lognormal(8.8, 1.3)) + 200,
                languages=frozenset(languages),
                region=region,
                tied_regions=ties,
                partners=partners,
            )
        )
    need_vectors = _unit_vectors(rng, needs, dimension)
    need_sectors = _sectors(rng, needs, subsector_share, children)
    need_owner = rng.integers(1, hromadas + 1, size=needs)
    need_urgency = rng.integers(0, len(URGENCIES), size=needs)
    need_list = [
        NeedIn(
            id=i + 1,
            authority_id=int(need_owner[i]),
            sectors=need_sectors[i],
            vector=need_vectors[i],
            urgency=URGENCIES[int(need_urgency[i])],
        )
        for i in range(needs)
    ]
    offer_vectors = _unit_vectors(rng, offers, dimension)
    offer_sectors = _sectors(rng, offers, subsector_share, children)
    offer_owner = rng.integers(first_european, first_european + authorities, size=offers)
    offer_list = [
        OfferIn(
            id=i + 1,
            authority_id=int(offer_owner[i]),
            sectors=offer_sectors[i],
            vector=offer_vectors[i],
        )
        for i in range(offers)
    ]
    return World(authorities=people, needs=need_list, offers=offer_list)
