"""Which language a browser gets, and alphabetical order in the reader's language.

Python's own order is by character code: it puts "Єгипет" before "Австрія" and "Іспанія"
before "Естонія", and an accented Latin letter after "z". Every list a person picks from
(countries, oblasts, languages, organisations) is sorted with ``collation_key`` instead.
"""

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation.trans_real import parse_accept_lang_header

Item = TypeVar("Item")

# A browser that lists none of the platform's languages gets English: the people who read
# neither Ukrainian nor English are the European partners, and English is the one they share.
BROWSER_FALLBACK_LANGUAGE = "en"
# Russian as a browser's first language means a reader from Ukraine or its neighbours, who
# reads Ukrainian far more easily than English. Listed further down it says less: a
# Lithuanian browser with Russian as a second language gets English.
FIRST_LANGUAGES_READING_UKRAINIAN = frozenset({"ru"})


def language_from_browser(accept_language: str) -> str:
    """The interface language for a browser's Accept-Language header.

    The first of the platform's languages the browser lists, in its order of preference;
    Ukrainian when its first language is Russian; English when it lists none of them. A
    request without the header (a script, a crawler) tells nothing: the platform's default.
    """
    if not accept_language.strip():
        return settings.LANGUAGE_CODE
    offered = {code for code, _name in settings.LANGUAGES}
    for position, (tag, _quality) in enumerate(parse_accept_lang_header(accept_language)):
        primary = tag.split("-")[0].lower()
        if primary in offered:
            return primary
        if position == 0 and primary in FIRST_LANGUAGES_READING_UKRAINIAN and "uk" in offered:
            return "uk"
    return BROWSER_FALLBACK_LANGUAGE


# The Ukrainian alphabet (ґ after г, є after е, і and ї after и) with the other Cyrillic
# letters at their places in the Russian, Belarusian and South Slavic alphabets.
_CYRILLIC = "абвгґдђѓеёєжзѕиіїйјкќлљмнњопрстћуўфхцчџшщъыьэюя"
_CYRILLIC_RANK = {letter: rank for rank, letter in enumerate(_CYRILLIC)}
# Latin letters that are not an accent on a base letter, spelled as the base letters.
_LATIN_SPELLED = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
}
# Ignored, as dictionaries do: "Кам’янка" sorts as "Камянка", «Нова» as Нова.
_IGNORED = frozenset("'’ʼ`´‘ʹ\"«»„“”")

_SEPARATOR, _DIGIT, _FIRST_SCRIPT, _SECOND_SCRIPT, _OTHER = range(5)
# Languages whose readers expect Cyrillic names before Latin ones.
_CYRILLIC_FIRST = frozenset({"uk"})

Weight = tuple[int, int]
CollationKey = tuple[tuple[Weight, ...], str, str]


def _latin_letters(char: str) -> str:
    """The base letters of a Latin letter ("ė" -> "e", "ß" -> "ss"); "" when it is not Latin."""
    if char in _LATIN_SPELLED:
        return _LATIN_SPELLED[char]
    base = unicodedata.normalize("NFD", char)[0]
    return base if "a" <= base <= "z" else ""


def collation_key(text: str, language: str | None = None) -> CollationKey:
    """A sort key that puts text in alphabetical order for readers of ``language``.

    Letters first by their place in the alphabet, ignoring case, accents and apostrophes;
    Cyrillic before Latin for Ukrainian readers, Latin before Cyrillic for the others; words
    shorter first ("Нова" before "Нова Ушиця" before "Новаград"). Ties fall back to accents,
    then case, so the order is total and stable. The active language by default.
    """
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    cyrillic, latin = (
        (_FIRST_SCRIPT, _SECOND_SCRIPT)
        if language in _CYRILLIC_FIRST
        else (_SECOND_SCRIPT, _FIRST_SCRIPT)
    )
    folded = unicodedata.normalize("NFC", text).casefold()
    weights: list[Weight] = []
    for char in folded:
        if char in _IGNORED or unicodedata.combining(char):
            continue
        if char in _CYRILLIC_RANK:
            weights.append((cyrillic, _CYRILLIC_RANK[char]))
        elif char.isdigit():
            weights.append((_DIGIT, unicodedata.digit(char, 0)))
        elif base := _latin_letters(char):
            weights.extend((latin, ord(letter) - ord("a")) for letter in base)
        elif char.isalpha():
            weights.append((_OTHER, ord(char)))
        elif weights and weights[-1] != (_SEPARATOR, 0):
            # Spaces, hyphens and other punctuation between words: one word break.
            weights.append((_SEPARATOR, 0))
    while weights and weights[-1] == (_SEPARATOR, 0):
        weights.pop()
    return tuple(weights), folded, text


def alphabetical(items: Iterable[Item], *, by: Callable[[Item], str]) -> list[Item]:
    """The items sorted by the name ``by`` gives each, alphabetically in the active language."""
    language = get_language() or settings.LANGUAGE_CODE
    return sorted(items, key=lambda item: collation_key(by(item), language))
