"""Tokens, sentences, folding and stems shared by every step of the pipeline.

Names are compared through stems, not lemmas: the same crude suffix stripping is applied to the
directory's nominative names and to the inflected words of an article, so "Wrocławia" meets
"Wrocław" and "Plungės" meets "Plungė" in any language without a per-language dictionary (the
Polish simplemma dictionary alone costs 400 MB). Ukrainian and Russian alternations that
stripping cannot undo (Миколаїв → Миколаєва) go through pymorphy3 lemmas in gazetteer/spelling.py.
"""

import re
import unicodedata
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\W_]+(?:[-'’ʼ][^\W_]+)*")
# French and Italian elision: "l'Association", "d'Europe" are two words, unlike "об'єкт".
_ELISION = re.compile(r"(?:[ldjmnstc]|qu)['’](?=[^\W_]{2})", re.IGNORECASE)
# Soft and hard signs go with the apostrophes: stored names and text disagree on them
# ("Келце" / "Кельце") far more often than they tell two names apart.
_APOSTROPHES = str.maketrans("", "", "'’ʼ`´‘ьъ")
_LETTER_FOLDS = str.maketrans(
    {"ґ": "г", "ё": "е", "ß": "ss", "ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ı": "i"}
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Case endings of the languages the articles come in, longest first. A stem keeps at least
# _MIN_STEM letters, so short names are compared whole.
_RAW_ENDINGS = (
    "ської", "ського", "ському", "ськими", "ських", "ська", "ський", "ське", "ську", "ською",
    "ські", "ській", "ськім", "цькій", "цькім", "зькій", "ькій", "ової", "ового", "ова", "овий",
    "ове", "ову", "овою", "ові", "ого", "ому", "ими", "ими", "ої", "ою", "ій", "ий", "ая", "ое",
    "ую", "ые", "ых", "ым", "ей", "ам", "ах", "ями", "ях", "ів", "ов", "ом", "ем", "ею", "ами",
    "ите", "ът", "та", "те", "то", "ия", "а", "я", "у", "ю", "і", "и", "е", "о", "ь", "ы",
    "owie", "owi", "ach", "ami", "om", "ow", "em", "ie", "ia", "ii", "ei", "oje", "oms", "uose",
    "ams", "ui", "ai", "es", "as", "is", "us", "os", "ys", "iego", "ego", "ej", "ich", "ych",
    "ym", "im", "ern", "er", "en", "el", "s", "a", "e", "i", "o", "u", "y",
)  # fmt: skip
_MIN_STEM = 4


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    folded: str
    stem: str

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


def fold(text: str) -> str:
    """Lower case without accents or apostrophes; ґ/ё and the like folded to their base."""
    lowered = text.lower().translate(_APOSTROPHES).translate(_LETTER_FOLDS)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_ENDINGS = tuple(sorted({fold(e) for e in _RAW_ENDINGS} - {""}, key=len, reverse=True))


def stem(folded: str) -> str:
    """The folded word without its case ending; names and inflected mentions share it."""
    for ending in _ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= _MIN_STEM:
            return folded[: -len(ending)]
    return folded


def tokenize(text: str, offset: int = 0) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        word, start = match.group(), match.start()
        elided = _ELISION.match(word)
        if elided and not is_cyrillic(word):
            word, start = word[elided.end() :], start + elided.end()
        folded = fold(word)
        tokens.append(Token(word, start + offset, start + len(word) + offset, folded, stem(folded)))
    return tokens


# Short words that may sit inside a name without ending it ("Рада … муніципалітетів та
# регіонів" and "… і регіонів" are one name): left out of name keys.
FUNCTION_WORDS = frozenset(
    (
        "по", "z", "des", "й", "for", "на", "и", "з", "e", "i", "og", "av", "та", "du", "la",
        "і", "для", "fur", "y", "der", "із", "della", "от", "in", "die", "and", "de", "питань",
        "del", "voor", "w", "le", "für", "dla", "on", "of", "the", "ir", "van", "und", "et",
    )
)  # fmt: skip


def name_key(name: str) -> tuple[str, ...]:
    stems = [token.stem for token in tokenize(name)]
    return tuple(stem for stem in stems if fold(stem) not in FUNCTION_WORDS) or tuple(stems)


def is_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    end: int


# A sentence ends at . ! ? or … before a capital, a digit or a quote, or at a line break. A dot
# after a one-letter or abbreviated word ("м.", "r.", "m.") does not end a sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?…])(?<!\b\w\.)\s+(?=[\"«„“(]?[^\W_])|\n+")


def sentences(text: str) -> list[Sentence]:
    found: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _append_sentence(found, text, start, match.start())
        start = match.end()
    _append_sentence(found, text, start, len(text))
    return found


def _append_sentence(found: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        found.append(Sentence(stripped, start + lead, start + lead + len(stripped)))
