"""Countries named in an article, by name ("Литвы", "(Франція)") or adjective ("норвезьких").

Names come from babel in the article's language, English, Ukrainian and Russian; adjectives are
recognised by sharing the first four letters of a country's name ("литовськ" is not, so the few
irregular ones are listed).
"""

from functools import cache

from babel import Locale

from .normalise import Token, fold, name_key

# The directory's countries (EU27, the rest of Europe it covers) with Ukraine and its neighbours.
COUNTRIES = (
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
    "CH", "GB", "AD", "MC", "SM", "AL", "BA", "ME", "MK", "RS", "XK", "MD", "GE", "AM", "AZ",
    "TR", "UA", "RU", "BY",
)  # fmt: skip
_BABEL_LOCALE = {"no": "nb"}
_IRREGULAR_ADJECTIVES = {
    "німецьк": "DE",
    "немецк": "DE",
    "германск": "DE",
    "niemieck": "DE",
    "allemand": "DE",
    "tysk": "DE",
    "литовськ": "LT",
    "литовск": "LT",
    "литовски": "LT",
    "litewsk": "LT",
    "french": "FR",
    "franzosisch": "FR",
    "francusk": "FR",
    "polish": "PL",
    "polnisch": "PL",
    "polsk": "PL",
    "norsk": "NO",
    "dutch": "NL",
    "danish": "DK",
    "swedish": "SE",
    "finnish": "FI",
    "swiss": "CH",
    "czech": "CZ",
    "british": "GB",
    "британськ": "GB",
    "шведськ": "SE",
    "шведск": "SE",
    "швейцарськ": "CH",
}
_IRREGULAR_ADJECTIVE_STARTS = tuple((fold(a), code) for a, code in _IRREGULAR_ADJECTIVES.items())
_UNION = {"єс": "EU", "ес": "EU", "eu": "EU", "ue": "EU", "es": "EU"}
_ADJECTIVE_PREFIX = 4


@cache
def _babel_names(language: str) -> tuple[tuple[str, str], ...]:
    names = []
    for locale_code in dict.fromkeys([_BABEL_LOCALE.get(language, language), "en", "uk", "ru"]):
        territories = Locale.parse(locale_code).territories
        names += [(territories[code], code) for code in COUNTRIES if code in territories]
    return tuple(names)


@cache
def _country_names(language: str) -> dict[tuple[str, ...], str]:
    names: dict[tuple[str, ...], str] = {}
    for name, code in _babel_names(language):
        names.setdefault(name_key(name), code)
    return names


@cache
def _adjective_prefixes(language: str) -> dict[str, str]:
    prefixes: dict[str, str] = {}
    for name, code in _babel_names(language):
        folded = fold(name)
        if " " not in folded and len(folded) > _ADJECTIVE_PREFIX:
            prefixes.setdefault(folded[:_ADJECTIVE_PREFIX], code)
    return prefixes


def country_at(tokens: list[Token], index: int, language: str) -> tuple[str, int] | None:
    """The country named by tokens[index:], with the number of tokens its name takes."""
    names = _country_names(language)
    for length in (3, 2, 1):
        key = tuple(token.stem for token in tokens[index : index + length])
        if len(key) == length and key in names:
            return names[key], length
    token = tokens[index]
    if token.folded in _UNION and token.text.isupper():
        return _UNION[token.folded], 1
    return None


def country_adjective(token: Token, language: str) -> str | None:
    """The country an adjective such as "норвезьких" or "polskich" refers to."""
    folded = token.folded
    for start, code in _IRREGULAR_ADJECTIVE_STARTS:
        if folded.startswith(start):
            return code
    if len(folded) <= _ADJECTIVE_PREFIX + 2:
        return None
    return _adjective_prefixes(language).get(folded[:_ADJECTIVE_PREFIX])
