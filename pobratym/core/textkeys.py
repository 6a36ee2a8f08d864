"""Search keys that work across scripts, accents and Ukrainian inflection.

Pure Python (no Django): the directory, and later every lexical search, folds stored names and
user queries with the same functions, so "Plunge" meets "Plungė" and "Коростенської" meets
"Коростенська". A stored key is " word word … " (spaces on both ends) so that a query word can
be matched at the start of any stored word with a plain LIKE '% word%'.
"""

import re
import unicodedata
from collections.abc import Iterable

import translitua

_APOSTROPHES = "'’ʼ`´‘ʹ"
_SEPARATORS = re.compile(r"[\s\-‐–—_/.,;:()\"«»„“”]+")
# Letters a person often types in place of another: ґ→г, ё→е keep one key for both spellings.
_LETTER_FOLDS = str.maketrans(
    {
        "ґ": "г",
        "ё": "е",
        "ß": "ss",
        "ł": "l",
        "đ": "d",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "þ": "th",
        "ð": "d",
    }
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN_OR_CYRILLIC = re.compile(r"^[0-9a-z\u0400-\u04ff ]*$")

# Ukrainian and Russian case endings, longest first, so that a query in any case finds the
# nominative stored in the directory ("Коростенської" -> "коростенськ").
_ENDINGS = sorted(
    [
        "ської",
        "ського",
        "ському",
        "ськими",
        "ських",
        "ська",
        "ський",
        "ське",
        "ську",
        "ською",
        "ські",
        "цької",
        "цького",
        "цька",
        "цький",
        "цьке",
        "цьку",
        "цькою",
        "цькі",
        "ької",
        "ького",
        "ькому",
        "ька",
        "ький",
        "ьке",
        "ьку",
        "ькою",
        "ової",
        "ового",
        "ова",
        "овий",
        "ове",
        "ову",
        "овою",
        "ові",
        "ого",
        "ому",
        "ими",
        "ої",
        "ою",
        "ій",
        "ий",
        "ая",
        "ое",
        "ую",
        "ые",
        "ых",
        "ым",
        "ей",
        "ам",
        "ах",
        "ями",
        "ях",
        "ів",
        "ов",
        "ом",
        "ем",
        "ею",
        "а",
        "я",
        "у",
        "ю",
        "і",
        "и",
        "е",
        "о",
        "ь",
        "ы",
    ],
    key=len,
    reverse=True,
)
_MIN_STEM = 4

# Words that name a kind of place rather than the place: "Коростенської міської територіальної
# громади" is searched as "Коростенської". They are dropped unless the query has nothing else.
_PLACE_KIND_PREFIXES = (
    "громад",
    "міськ",
    "сільськ",
    "селищн",
    "територіальн",
    "област",
    "район",
    "місто",
    "міста",
    "село",
    "селище",
    "смт",
    "муніципалітет",
    "hromad",
    "terytorialn",
    "misk",
    "silsk",
    "selyshchn",
    "oblast",
    "city",
    "town",
    "village",
    "municipal",
    "community",
    "territorial",
    "region",
    "commune",
    "gemeinde",
    "stadt",
    "gmina",
    "miasto",
    "savivaldyb",
    "kommune",
    "comune",
)


def fold(text: str) -> str:
    """Lower-case, accent-free, apostrophe-free text with single spaces between words."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(_LETTER_FOLDS)
    for apostrophe in _APOSTROPHES:
        text = text.replace(apostrophe, "")
    decomposed = unicodedata.normalize("NFD", text)
    # Combining marks go, but й and ї keep their identity: they are letters, not accents.
    kept: list[str] = []
    for char in decomposed:
        is_mark = unicodedata.combining(char)
        if not is_mark or (kept and kept[-1] in "иіi"):
            kept.append(char)
    text = unicodedata.normalize("NFC", "".join(kept))
    return " ".join(part for part in _SEPARATORS.split(text) if part)


def to_latin(text: str) -> str:
    """The official Ukrainian romanisation, folded; Latin text passes through unchanged."""
    if not _CYRILLIC.search(text):
        return fold(text)
    return fold(translitua.translit(text))


def search_key(names: Iterable[str]) -> str:
    """The stored key for a set of names: each folded, Cyrillic also romanised, deduplicated.

    Names in scripts other than Latin and Cyrillic are left out: nobody searches the directory
    in them, and they would only make the key longer.
    """
    words: dict[str, None] = {}
    for name in names:
        if not name:
            continue
        for form in (fold(name), to_latin(name)):
            if form and _LATIN_OR_CYRILLIC.match(form):
                for word in form.split():
                    words[word] = None
    return " " + " ".join(words) + " " if words else ""


def stem(word: str) -> str:
    """Cut one inflectional ending off a Cyrillic word, keeping at least four letters."""
    if not _CYRILLIC.search(word):
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def query_alternatives(query: str) -> list[tuple[str, ...]]:
    """For each word of a query, the forms any one of which must start a stored word."""
    words = fold(query).split()
    naming_words = [word for word in words if not word.startswith(_PLACE_KIND_PREFIXES)]
    alternatives = []
    for word in naming_words or words:
        forms = {stem(word)}
        if _CYRILLIC.search(word):
            forms.add(stem(to_latin(word)) if len(word) > _MIN_STEM else to_latin(word))
        alternatives.append(tuple(sorted(forms)))
    return alternatives
