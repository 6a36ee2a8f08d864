"""Ukrainian transcription of place names, by rules per source language.

Pure Python (no Django). Each language has an ordered table of spelling → Ukrainian rules; at
every position of a word the first rule whose pattern matches there wins, so longer spellings
("sch", "szcz") come before shorter ones. Patterns are regular expressions on the lower-case
word and may look around ("c" before e/i in Spanish). The tables follow the Ukrainian practice
of transcribing foreign names (Правопис 2019, §§ 129–134): g → г, h → г (but х in Slavic
languages, Spanish j → х), l before a consonant or at the end of a word → ль where the source
language has a light l, iotated vowels after a vowel or at the start (Ja → Я), an apostrophe
before an iotated vowel after a consonant (Skopje → Скоп’є), multi-word names hyphenated with
lower-case service words (Лас-Пальмас-де-Гран-Канарія).

``transcribe`` returns the spellings the rules allow, the preferred one first: where Ukrainian
practice wavers (German ei as ай or ей, і or и after д т з с ц ч ш ж р), the caller picks the
variant a Ukrainian dictionary knows.
"""

import itertools
import re
import unicodedata
from functools import cache, lru_cache

from .baltic_uralic import ESTONIAN, FINNISH, HUNGARIAN, LATVIAN, LITHUANIAN
from .common import BASE, Rules
from .germanic import DUTCH, ENGLISH, GERMAN, ICELANDIC, SCANDINAVIAN
from .others import ALBANIAN, ARMENIAN, AZERBAIJANI, GEORGIAN, GREEK, MALTESE, TURKISH
from .romance import CATALAN, FRENCH, ITALIAN, PORTUGUESE, ROMANIAN, SPANISH
from .slavic import BULGARIAN, CZECH, MACEDONIAN, POLISH, SERBO_CROATIAN, SLOVENE

# A Ukrainian word of a name: a variant marker {a|b} lets the tables say where practice wavers.
_VARIANT = re.compile(r"\{([^{}]*)\}")

_TABLES: dict[str, Rules] = {
    "de": GERMAN,
    "nl": DUTCH,
    "fr": FRENCH,
    "es": SPANISH,
    "ca": CATALAN,
    "it": ITALIAN,
    "pt": PORTUGUESE,
    "pl": POLISH,
    "cs": CZECH,
    "sk": CZECH,
    "hu": HUNGARIAN,
    "ro": ROMANIAN,
    "sv": SCANDINAVIAN,
    "no": SCANDINAVIAN,
    "da": SCANDINAVIAN,
    "fi": FINNISH,
    "et": ESTONIAN,
    "lv": LATVIAN,
    "lt": LITHUANIAN,
    "sh": SERBO_CROATIAN,
    "sl": SLOVENE,
    "sq": ALBANIAN,
    "tr": TURKISH,
    "az": AZERBAIJANI,
    "en": ENGLISH,
    "mt": MALTESE,
    "is": ICELANDIC,
    "bg": BULGARIAN,
    "mk": MACEDONIAN,
    "el": GREEK,
    "ka": GEORGIAN,
    "hy": ARMENIAN,
}
LANGUAGES = frozenset(_TABLES)

# Words that link the parts of a name stay in lower case (Сток-он-Трент, Франкфурт-ам-Майн).
_SERVICE_WORDS = frozenset(
    (
        "de", "del", "della", "delle", "dei", "degli", "di", "da", "das", "do", "dos", "du", "des",
        "la", "le", "les", "el", "lo", "los", "las", "l", "d", "am", "an", "im", "in", "bei", "ob",
        "upon", "on", "en", "sur", "sous", "sul", "aan", "op", "y", "i", "e", "et", "und", "and",
        "of", "the",
    )
)  # fmt: skip
_WORD = re.compile(r"[^\s\-–/()]+|[\s\-–/()]+")


@cache
def _table(language: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One pattern whose numbered groups are the rules in order, and their replacements."""
    rules = [*_TABLES[language], *BASE, ("[^\\W\\d_]", "")]
    return re.compile("|".join(f"({p})" for p, _ in rules)), tuple(out for _, out in rules)


@lru_cache(maxsize=65536)
def _convert(text: str, language: str) -> str:
    """The lower-case word in Ukrainian letters, variant markers kept.

    At each position the first rule that matches there wins (alternatives of one pattern are
    tried in order); a letter no rule knows is dropped unless it is already Cyrillic.
    """
    pattern, replacements = _table(language)

    def replace(match: re.Match[str]) -> str:
        index = match.lastindex or 0
        if index == len(replacements) and _is_cyrillic(match.group(0)):
            return match.group(0)
        return replacements[index - 1]

    return pattern.sub(replace, text)


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


_NINE = re.compile("(?<=[дтзсцчшжр])і(?=[бвгґджзклмнпрстфхцчшщ])", re.IGNORECASE)
_SOFT_BEFORE_VOWEL = re.compile("ь([аеуі])")
_SOFTENED = {"а": "я", "е": "є", "у": "ю", "і": "і"}


# Clean-ups of a transcribed word, in order: one soft sign, none after a vowel or a hushing
# consonant, an apostrophe for a soft sign after a labial before an iotated vowel, at most two
# equal letters, no apostrophe at the ends, -ія at the end, no я or є after ж, ч, ш, щ (Ukrainian
# writes none there), no apostrophe before a plain vowel.
_TIDY = [
    (re.compile("ьь+"), "ь"),
    (re.compile("(?<=[аеєиіїоуюяйшчжщ])ь"), ""),
    (re.compile("(?<=[бпвмф])ь(?=[яєюї])"), "’"),
    (re.compile("(?<=[бпвмф])ьо"), "йо"),
    (re.compile("(.)\\1\\1+"), "\\1\\1"),
    (re.compile("^’|’$"), ""),
    (re.compile("іа$"), "ія"),
    (re.compile("(?<=[жчшщ])я"), "а"),
    (re.compile("(?<=[жчшщ])є"), "е"),
    (re.compile("’(?=[аеіоу])"), ""),
]


def _tidy(word: str) -> str:
    if "ь" in word:
        for pattern, replacement in _TIDY[:4]:
            word = pattern.sub(replacement, word)
        word = _SOFT_BEFORE_VOWEL.sub(lambda m: _SOFTENED[m.group(1)], word)
    for pattern, replacement in _TIDY[4:]:
        if pattern.search(word):
            word = pattern.sub(replacement, word)
    return word


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c) or c == "\u0307")
    )


def transcribe(name: str, language: str) -> list[str]:
    """Ukrainian spellings of a name in the language, the preferred one first; [] without rules."""
    return list(_transcribe(name, language))


# Spellings kept of a name whose words each allow several: enough for the dictionary to choose.
MAX_SPELLINGS = 16


@lru_cache(maxsize=65536)
def _transcribe(name: str, language: str) -> tuple[str, ...]:
    if language not in _TABLES or not name.strip():
        return ()
    text = name.strip()
    if language not in {"el", "ka", "hy", "bg", "mk"}:
        text = text.replace("İ", "i̇")
    lowered = text.lower()
    if language == "el":
        lowered = _strip_marks(lowered)
    parts = _WORD.findall(lowered)
    multiword = sum(not _WORD_SEPARATOR.fullmatch(p) for p in parts) > 1
    pieces: list[tuple[str, ...]] = []
    for index, part in enumerate(parts):
        if _WORD_SEPARATOR.fullmatch(part):
            pieces.append((_separator(part, multiword=multiword),))
        else:
            capital = not (part in _SERVICE_WORDS and index > 0)
            pieces.append(_word_spellings(part, language, capital=capital))
    combinations = itertools.islice(itertools.product(*pieces), MAX_SPELLINGS)
    return tuple(dict.fromkeys("".join(c) for c in combinations if all(c)))


@lru_cache(maxsize=65536)
def _word_spellings(word: str, language: str, *, capital: bool) -> tuple[str, ...]:
    """One word's spellings: every variant the rules mark, each also by the rule of nine."""
    marked = _convert(word, language)
    if capital:
        marked = _capitalise_marked(marked)
    options = [group.split("|") for group in _VARIANT.findall(marked)]
    template = _VARIANT.sub("\x00", marked)
    spellings: list[str] = []
    for choice in itertools.product(*options):
        filled = template
        for option in choice:
            filled = filled.replace("\x00", option, 1)
        tidy = _tidy(filled)
        spellings.extend((tidy, _NINE.sub("и", tidy)))
    return tuple(dict.fromkeys(s for s in spellings if s))


_WORD_SEPARATOR = re.compile(r"[\s\-–/()]+")


def _separator(part: str, *, multiword: bool) -> str:
    if "(" in part or ")" in part or "/" in part:
        return part
    return "-" if multiword else part


def _capitalise_marked(word: str) -> str:
    """The word with a capital, also when it starts with a variant marker ({ай|ей} → {Ай|Ей})."""
    group = _VARIANT.match(word)
    if group:
        options = "|".join(o[:1].upper() + o[1:] for o in group.group(1).split("|"))
        return "{" + options + "}" + word[group.end() :]
    return word[:1].upper() + word[1:]
