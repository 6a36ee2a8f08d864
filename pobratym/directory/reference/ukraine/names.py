"""Matching a hromada's name to its centre: the hromada is named by the adjective of its
centre's name, so the member whose name that adjective is formed from is the centre."""

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from .records import Settlement

# A hromada is named after its centre, which is more often the larger kind of place when two
# members share a name.
_CATEGORY_RANK: Mapping[str, int] = MappingProxyType({"K": 4, "M": 3, "T": 2, "X": 2, "C": 1})


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
