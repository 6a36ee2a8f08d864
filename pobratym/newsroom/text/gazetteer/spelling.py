"""How a name may be written: the romanised spellings of each language folded to one consonant
skeleton, transliteration, pymorphy3 lemmas, and the set of concepts a name is made of."""

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import translitua

from ..countries import country_adjective, country_at
from ..lexicon import concept_of
from ..normalise import Token, fold, is_cyrillic

# How each language writes Ukrainian sounds in Latin letters, undone to one spelling
# (Kharkiv, Charków, Charkiw, Tsjernihiv, Černihivas all meet); accents are folded first.
_NATIONAL_SPELLING = (
    ("shch", "s"),
    ("kh", "h"),
    ("ch", "c"),
    ("sh", "s"),
    ("zh", "z"),
    ("ts", "c"),
)
_SPELLINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "pl": (("szcz", "s"), ("ch", "h"), ("cz", "c"), ("sz", "s"), ("rz", "z")),
    "de": (("schtsch", "s"), ("tsch", "c"), ("sch", "s"), ("ch", "h")),
    "fr": (("chtch", "s"), ("tch", "c"), ("kh", "h"), ("ch", "s"), ("dj", "z"), ("j", "z")),
    "no": (("tsj", "c"), ("sj", "s"), ("kh", "h"), ("zj", "z")),
    "sv": (("tj", "c"), ("sj", "s"), ("kh", "h")),
    "da": (("tj", "c"), ("sj", "s"), ("kh", "h")),
    **{language: (("ch", "h"),) for language in ("cs", "sk", "lt", "lv", "sl", "hr", "sr", "bs")},
}


def _skeleton(latin: str, spelling: tuple[tuple[str, str], ...] = _NATIONAL_SPELLING) -> str:
    """Consonants of a romanised name in one spelling: Kharkiv, Charków, Харькова → "hrkv"."""
    text = fold(latin)
    for source, target in (*spelling, ("w", "v"), ("g", "h")):
        text = text.replace(source, target)
    consonants = re.sub(r"[^a-z]|[aeiouyj]", "", text)
    return re.sub(r"(.)\1+", r"\1", consonants)


def _loose(latin: str) -> str:
    """A romanised name with i/y/j and doubled letters folded: Kyiv, Kijiv, Kiiv meet."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[yj]", "i", fold(latin)))


def _latin(text: str) -> str:
    return str(translitua.translit(text)) if is_cyrillic(text) else text


@cache
def _morph(language: str) -> Any:
    # Imported here: only Ukrainian and Russian articles pay for loading it.
    import pymorphy3  # noqa: PLC0415

    return pymorphy3.MorphAnalyzer(lang=language)


@cache
def _lemmas(word: str, language: str) -> tuple[str, ...]:
    parses = _morph(language).parse(word)
    return tuple(dict.fromkeys(parse.normal_form for parse in parses[:3]))


def _concepts(tokens: Sequence[Token], language: str) -> frozenset[str]:
    found: set[str] = set()
    index = 0
    while index < len(tokens):
        country = country_at(list(tokens), index, language)
        if country is not None:
            found.add(f"country:{country[0]}")
            index += country[1]
            continue
        concept = concept_of(tokens[index])
        adjective = country_adjective(tokens[index], language)
        if adjective:
            found.add(f"country:{adjective}")
        elif concept:
            found.add(concept)
        index += 1
    return frozenset(found)
