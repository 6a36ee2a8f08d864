"""National, English and Ukrainian names of European places, from sources that say the language.

Pure Python (no Django). GeoNames' alternate names carry no language tag, so none is ever taken
as national, English or Ukrainian on its own. The sources, in order:

1. CLDR (babel): the exemplar city of a time zone in the country's own locale, in English and in
   Ukrainian, for the place that zone is named after (Europe/Warsaw: Warszawa, Warsaw, Варшава).
2. The curated list ``exonyms.csv``: established exonyms (Munich → München, Мюнхен).
3. The national name otherwise: GeoNames' own name, with the country's letters put back where
   GeoNames keeps it in ASCII and an alternate differs only by letters distinctive of that
   country ("Plunge" → "Plungė", never "Paris" → "Parîs"), or by the spelling of an ISO 3166-2
   subdivision named the same (pycountry: "Iasi" → "Iași"). Countries writing another script
   (Greek, Bulgarian, Macedonian, Georgian, Armenian) and Azerbaijan's Latin alphabet take the
   alternate in that alphabet which the country's romanisation turns back into GeoNames' name.
4. The English name otherwise: GeoNames' own name (the local name or, for well-known places, the
   English one), without Greek accents.
5. The Ukrainian name otherwise: the transcription of the national name by the rules of its
   language (``transcription``), where Ukrainian practice wavers the spelling the Ukrainian
   dictionary of pymorphy3 knows, and a GeoNames Cyrillic alternate only when that dictionary
   knows it as a Ukrainian noun in the nominative: Лондон, never Лондан.
"""

import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pycountry
from babel import Locale
from babel.core import get_global

from .transcription import transcribe

EXONYMS_FILE = Path(__file__).with_name("exonyms.csv")

# The CLDR locale of each country's national names and the transcription rules for them.
NATIONAL_LOCALE = {
    "AT": "de", "BE": "fr", "BG": "bg", "HR": "hr", "CY": "el", "CZ": "cs", "DK": "da",
    "EE": "et", "FI": "fi", "FR": "fr", "DE": "de", "GR": "el", "HU": "hu", "IE": "en",
    "IT": "it", "LV": "lv", "LT": "lt", "LU": "fr", "MT": "mt", "NL": "nl", "PL": "pl",
    "PT": "pt", "RO": "ro", "SK": "sk", "SI": "sl", "ES": "es", "SE": "sv", "IS": "is",
    "LI": "de", "NO": "nb", "CH": "de", "GB": "en", "AD": "ca", "MC": "fr", "SM": "it",
    "AL": "sq", "BA": "bs", "ME": "sr_Latn", "MK": "mk", "RS": "sr_Latn", "XK": "sq",
    "MD": "ro", "GE": "ka", "AM": "hy", "AZ": "az", "TR": "tr",
}  # fmt: skip
_RULES_OF_LOCALE = {"hr": "sh", "bs": "sh", "sr_Latn": "sh", "nb": "no", "lb": "de"}
# Regions whose places are named in another language than the country's first one (GeoNames
# admin1 codes): Flanders, French- and Italian-speaking cantons, Catalan-speaking Spain.
REGION_LANGUAGE = {
    "BE.VLG": "nl", "CH.GE": "fr", "CH.VD": "fr", "CH.NE": "fr", "CH.JU": "fr", "CH.FR": "fr",
    "CH.VS": "fr", "CH.TI": "it", "ES.56": "ca", "ES.07": "ca",
}  # fmt: skip

# Letters that mark a spelling as the country's own (and its alphabet's other letters beyond
# ASCII): an ASCII GeoNames name takes an alternate's diacritics only when at least one of them
# is distinctive, so a French or Italian name never gets another language's accents.
_ALPHABETS: dict[str, tuple[str, str]] = {
    "LT": ("ąčęėįšųūž", ""),
    "LV": ("āčēģīķļņšūž", ""),
    "PL": ("ąćęłńśźż", "ó"),
    "CZ": ("čďěňřšťůž", "áéíóúý"),
    "SK": ("čďľĺňŕšťžäô", "áéíóúý"),
    "HU": ("őű", "áéíóöúü"),
    "RO": ("ăâîșțşţ", ""),
    "MD": ("ăâîșțşţ", ""),
    "HR": ("čćđšž", ""),
    "BA": ("čćđšž", ""),
    "RS": ("čćđšž", ""),
    "ME": ("čćđšž", "śź"),
    "SI": ("čšž", ""),
    "TR": ("çğışöü", ""),
    "DE": ("ß", "äöü"),
    "AT": ("ß", "äöü"),
    "ES": ("ñ", "áéíóúü"),
    "PT": ("ãõ", "áâàçéêíóôú"),
    "EE": ("õ", "äöüšž"),
    "IS": ("ðþ", "áéíóúýæö"),
    "NO": ("øæ", "å"),
    "DK": ("øæ", "å"),
    "SE": ("å", "äö"),
    "MT": ("ċġħż", "àèìòù"),
    "AL": ("ë", "ç"),
}
# A Polish ć, ń, ś or ź never stands before a vowel (Polish writes ci, ni, si, zi there).
_NOT_POLISH = re.compile("[ćńśź][aeiouyąęó]")

# Alphabets of the countries writing another script than the Latin one in GeoNames, with a
# romanisation to compare an alternate with GeoNames' romanised name.
_SCRIPTS = {
    "GR": re.compile("^[\u0370-\u03ff\\s\\-]+$"),
    "CY": re.compile("^[\u0370-\u03ff\\s\\-]+$"),
    "BG": re.compile("^[а-яА-ЯѝЍ\\s\\-]+$"),
    "MK": re.compile("^[а-шА-ШѓЃѕЅјЈљЉњЊќЌџЏ\\s\\-]+$"),
    "GE": re.compile("^[\u10d0-\u10ff\\s\\-]+$"),
    "AM": re.compile("^[\u0531-\u058a\\s\\-]+$"),
    "AZ": re.compile("^[a-zA-ZçÇəƏğĞıİöÖşŞüÜ\\s\\-]+$"),
}
_AZERBAIJANI_MARK = re.compile("[əƏıqQxX]")
_NOT_BULGARIAN = re.compile("[ёыэіїєґўјљњђћџѓќѕ]", re.IGNORECASE)
_ROMANISATION = str.maketrans(
    {
        # Greek (ELOT 743, simplified)
        "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
        "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
        "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
        "ω": "o",
        # Bulgarian and Macedonian
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
        "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
        "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
        "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya", "ѝ": "i", "ѓ": "gj",
        "ѕ": "dz", "ј": "j", "љ": "lj", "њ": "nj", "ќ": "kj", "џ": "dzh",
        # Georgian (national system)
        "ა": "a", "ბ": "b", "გ": "g", "დ": "d", "ე": "e", "ვ": "v", "ზ": "z", "თ": "t",
        "ი": "i", "კ": "k", "ლ": "l", "მ": "m", "ნ": "n", "ო": "o", "პ": "p", "ჟ": "zh",
        "რ": "r", "ს": "s", "ტ": "t", "უ": "u", "ფ": "p", "ქ": "k", "ღ": "gh", "ყ": "q",
        "შ": "sh", "ჩ": "ch", "ც": "ts", "ძ": "dz", "წ": "ts", "ჭ": "ch", "ხ": "kh",
        "ჯ": "j", "ჰ": "h",
        # Armenian
        "ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "y",
        "թ": "t", "ժ": "zh", "ի": "i", "լ": "l", "խ": "kh", "ծ": "ts", "կ": "k", "հ": "h",
        "ձ": "dz", "ղ": "gh", "ճ": "ch", "մ": "m", "յ": "y", "ն": "n", "շ": "sh", "ո": "o",
        "չ": "ch", "պ": "p", "ջ": "j", "ռ": "r", "ս": "s", "վ": "v", "տ": "t", "ր": "r",
        "ց": "ts", "ւ": "v", "փ": "p", "ք": "k", "օ": "o", "ֆ": "f", "և": "ev",
        # Azerbaijani Latin, as GeoNames romanises it
        "ə": "a", "ı": "i", "ç": "ch", "ş": "sh", "ğ": "gh", "x": "kh", "q": "g", "c": "j",
        "ö": "o", "ü": "u",
    }
)  # fmt: skip
_SKELETON_DROP = re.compile("[^a-z]")
_REPEATED = re.compile(r"(.)\1+")
_WORD_BREAK = re.compile(r"[\s\-()]+")

_CYRILLIC = re.compile("[\u0400-\u04ff]")
_NOT_UKRAINIAN = re.compile("[ыэъёђјљњћџѓќѕўѝæ]|[^\u0400-\u04ff\\s\\-’'ʼ]", re.IGNORECASE)
_APOSTROPHES = str.maketrans(dict.fromkeys("'ʼ`´‘", "’"))


@dataclass(frozen=True)
class Names:
    national: str
    english: str
    ukrainian: str


@dataclass(frozen=True)
class Exonym:
    country: str
    national: str
    english: str
    ukrainian: str


@lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """Lower case without marks, for comparing spellings: "İstanbul", "Istanbul" → "istanbul"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ı", "i"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ł", "l")


def _skeleton(text: str) -> str:
    """A romanised spelling reduced to what every romanisation of it shares."""
    plain = fold(text.lower().replace("ու", "u").translate(_ROMANISATION))
    plain = plain.translate(_ROMANISATION)
    plain = _SKELETON_DROP.sub("", plain)
    plain = plain.replace("h", "").replace("y", "i").replace("j", "i").replace("w", "v")
    plain = plain.replace("ts", "c").replace("x", "ks").replace("q", "k")
    return _REPEATED.sub(r"\1", plain)


@cache
def load_exonyms(path: Path = EXONYMS_FILE) -> tuple[Exonym, ...]:
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return tuple(
        Exonym(row["country"], row["national"], row["english"], row["ukrainian"])
        for row in csv.DictReader(lines)
    )


@cache
def _exonyms_by_name() -> dict[tuple[str, str], Exonym]:
    by_name: dict[tuple[str, str], Exonym] = {}
    for exonym in load_exonyms():
        for spelling in (exonym.national, exonym.english):
            by_name.setdefault((exonym.country, fold(spelling)), exonym)
    return by_name


@cache
def cldr_cities() -> dict[tuple[str, str], Names]:
    """Time-zone exemplar cities by (country, folded English name): national, English, Ukrainian.

    A locale lists only the names that differ from the zone's own (Europe/Berlin needs no German
    entry), so a missing entry means the zone's name.
    """
    territories: Mapping[str, str] = get_global("zone_territories")
    english_zones = Locale.parse("en").time_zones
    ukrainian_zones = Locale.parse("uk").time_zones
    cities: dict[tuple[str, str], Names] = {}
    for zone, country in territories.items():
        locale = NATIONAL_LOCALE.get(country)
        if locale is None or "/" not in zone:
            continue
        own = zone.rsplit("/", 1)[1].replace("_", " ")
        english = english_zones.get(zone, {}).get("city") or own
        national = Locale.parse(locale).time_zones.get(zone, {}).get("city") or own
        ukrainian = ukrainian_zones.get(zone, {}).get("city") or ""
        cities[(country, fold(english))] = Names(
            national=national, english=english, ukrainian=_apostrophes(ukrainian)
        )
    return cities


@cache
def subdivision_spellings() -> dict[tuple[str, str], str]:
    """ISO 3166-2 subdivision names (in the country's languages) by (country, folded name)."""
    spellings: dict[tuple[str, str], str] = {}
    for subdivision in pycountry.subdivisions:
        country = subdivision.country_code
        if country in _SCRIPTS or country not in NATIONAL_LOCALE:
            continue
        spellings.setdefault((country, fold(subdivision.name)), subdivision.name)
    return spellings


def _apostrophes(text: str) -> str:
    return text.translate(_APOSTROPHES)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def restored_spelling(name: str, alternates: Iterable[str], country: str) -> str:
    """GeoNames' ASCII name with the country's own letters, where an alternate proves them."""
    alphabet = _ALPHABETS.get(country)
    if alphabet is None or not name.isascii():
        return name
    distinctive, others = alphabet
    allowed = set(distinctive + others)
    plain = fold(name)
    best = name
    for alternate in alternates:
        extra = {c for c in alternate.casefold() if not c.isascii()}
        if not extra or not extra <= allowed or not extra & set(distinctive):
            continue
        if fold(alternate) != plain or (
            country == "PL" and _NOT_POLISH.search(alternate.casefold())
        ):
            continue
        if sum(not c.isascii() for c in alternate) > sum(not c.isascii() for c in best):
            best = alternate
    return best


def native_spelling(name: str, alternates: Iterable[str], country: str) -> str:
    """The alternate in the country's own alphabet that romanises back to GeoNames' name."""
    script = _SCRIPTS.get(country)
    if script is None:
        return ""
    wanted = _skeleton(name)
    matches = [
        alternate
        for alternate in alternates
        if script.match(alternate)
        and not (country == "BG" and _NOT_BULGARIAN.search(alternate))
        and not (country == "AZ" and not _AZERBAIJANI_MARK.search(alternate))
        and _skeleton(alternate) == wanted
    ]
    # Of "Xirdalan" and "Xırdalan", the one written with more of the alphabet's own letters.
    return max(matches, key=lambda a: sum(not c.isascii() for c in a), default="")


def _romanian(text: str) -> str:
    return text.replace("ş", "ș").replace("Ş", "Ș").replace("ţ", "ț").replace("Ţ", "Ț")


@cache
def _dictionary() -> object:
    # Imported on first use: only naming places in the reference import needs pymorphy3.
    import pymorphy3  # noqa: PLC0415

    return pymorphy3.MorphAnalyzer(lang="uk")


_NOT_A_PLACE = frozenset({"anim", "Abbr", "Dist", "Slng", "Arch", "Surn", "Name", "Patr"})


@lru_cache(maxsize=65536)
def is_ukrainian_noun(word: str) -> bool:
    """True when the Ukrainian dictionary knows the word as an inanimate noun in the nominative,
    in its standard spelling (not a person's name, an abbreviation or a distorted form)."""
    lowered = word.lower().translate(_APOSTROPHES).replace("’", "'")
    analyzer = _dictionary()
    if not analyzer.word_is_known(lowered):  # type: ignore[attr-defined]
        return False
    return any(
        parse.tag.POS == "NOUN"
        and parse.tag.case == "nomn"
        and parse.normal_form == lowered
        and not (parse.tag.grammemes & _NOT_A_PLACE)
        for parse in analyzer.parse(lowered)  # type: ignore[attr-defined]
    )


def ukrainian_alternates(alternates: Iterable[str]) -> list[str]:
    """GeoNames Cyrillic alternates written only with letters of the Ukrainian alphabet."""
    return [
        _apostrophes(a)
        for a in alternates
        if _CYRILLIC.search(a) and not _NOT_UKRAINIAN.search(a) and " " not in a
    ]


# A GeoNames alternate the dictionary knows is taken only if it is this close to the
# transcription: "Драч" (the Serbian name of Durrës) is a Ukrainian word, but not Дуррес.
MIN_SIMILARITY_OF_ALTERNATE = 0.5


def ukrainian_name(national: str, language: str, alternates: Iterable[str]) -> str:
    """The transcription of the national name; where the rules allow several spellings, or
    Ukrainian has an established one, the best proven spelling.

    Proof, strongest first: a spelling the rules allow that the Ukrainian dictionary knows and
    GeoNames lists; one the rules allow that the dictionary knows; a GeoNames alternate the
    dictionary knows that is close to the transcription. Within a tier, the one closest to the
    preferred spelling. GeoNames listing a spelling is no proof alone: Russian writes Мерсин.
    """
    source = national.split(" / ")[-1] if " / " in national else national
    spellings = transcribe(source, language)
    if not spellings:
        return ""
    primary = spellings[0]
    cyrillic = ukrainian_alternates(alternates)
    if len(spellings) == 1 and not cyrillic:
        return primary
    if not _single_word(primary):
        # A multi-word name: the spelling whose words the dictionary knows best.
        return max(spellings, key=lambda s: sum(is_ukrainian_noun(w) for w in _words(s)))
    listed = [s for s in spellings if s in cyrillic]
    known = [s for s in spellings if _single_word(s) and is_ukrainian_noun(s)]
    attested = [
        a
        for a in cyrillic
        if _similarity(a, primary) >= MIN_SIMILARITY_OF_ALTERNATE and is_ukrainian_noun(a)
    ]
    both = [s for s in known if s in listed]
    for tier in (both, known, attested):
        if tier:
            return max(tier, key=lambda s: _similarity(s, primary))
    return primary


def _similarity(a: str, b: str) -> float:
    """Dice coefficient of the two spellings' letter pairs: 1 for equal, 0 for nothing shared."""
    pairs_a, pairs_b = _pairs(a.lower()), _pairs(b.lower())
    if not pairs_a or not pairs_b:
        return float(a.lower() == b.lower())
    shared = sum((pairs_a & pairs_b).values())
    return 2 * shared / (sum(pairs_a.values()) + sum(pairs_b.values()))


def _pairs(text: str) -> Counter[str]:
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def _words(text: str) -> list[str]:
    return [w for w in _WORD_BREAK.split(text) if w]


def _single_word(text: str) -> bool:
    return not _WORD_BREAK.search(text)


def language_of(country: str, admin1: str) -> str:
    locale = REGION_LANGUAGE.get(admin1) or NATIONAL_LOCALE.get(country, "")
    return _RULES_OF_LOCALE.get(locale, locale.split("_")[0])


@dataclass(frozen=True)
class Place:
    """What naming needs of one GeoNames locality."""

    name: str
    country: str
    admin1: str
    alternates: tuple[str, ...]


def name_places(places: list[Place], populations: list[int]) -> list[Names]:
    """Names of each place; CLDR and curated names go to the most populous place they fit."""
    cldr = cldr_cities()
    exonyms_by_name = _exonyms_by_name()
    largest: dict[tuple[str, str], int] = {}
    for index, place in enumerate(places):
        key = (place.country, fold(place.name))
        if key not in largest or populations[index] > populations[largest[key]]:
            largest[key] = index
    subdivisions = subdivision_spellings()
    named = []
    for index, place in enumerate(places):
        key = (place.country, fold(place.name))
        is_largest = largest.get(key) == index
        city = cldr.get(key) if is_largest else None
        national = city.national if city else ""
        if not national:
            national = native_spelling(place.name, place.alternates, place.country)
        if not national:
            national = restored_spelling(place.name, place.alternates, place.country)
            if is_largest and national.isascii():
                national = subdivisions.get(key, national)
        exonym: Exonym | None = None
        if is_largest and not city:
            exonym = exonyms_by_name.get(key) or exonyms_by_name.get(
                (place.country, fold(national))
            )
            if exonym:
                national = exonym.national
        if place.country in {"RO", "MD"}:
            national = _romanian(national)
        english = (city.english if city else "") or (exonym.english if exonym else "")
        if not english:
            english = _strip_marks(place.name) if place.country in {"GR", "CY"} else place.name
        if place.country in {"RO", "MD"}:
            english = _romanian(english)
        ukrainian = (city.ukrainian if city else "") or (exonym.ukrainian if exonym else "")
        if not ukrainian:
            language = language_of(place.country, place.admin1)
            if national.isascii() and place.country in _SCRIPTS and place.country != "AZ":
                language = "en"
            ukrainian = ukrainian_name(national, language, place.alternates)
        named.append(Names(national=national, english=english, ukrainian=ukrainian))
    return named
