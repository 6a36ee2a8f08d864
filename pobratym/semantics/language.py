"""Which language a text is written in, among the languages its caller names.

Each caller restricts the candidates to what it may meet (a detector choosing among 75
languages mistakes a short Ukrainian title for Bulgarian or Serbian far more often), and may
add decoys: languages it does not support but that should not be forced into the closest
supported one. lingua loads a language's n-gram models the first time a text could be in it
(it filters by alphabet first), so a Ukrainian-only run never loads Latin-script models. One
detector is built per set of candidates, on first use and once per process: high accuracy
loads hundreds of MB of models in a few seconds, which a management command or a page that
never detects should not pay for.
"""

from collections.abc import Iterable
from functools import cache
from typing import TypeVar

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

# "no", Norwegian as the directory and the people filling in forms write it, is detected as
# Bokmål. Both written forms are reported as "no".
_ALIASES = {"no": Language.BOKMAL}
_REPORTED_AS = {"nb": "no", "nn": "no"}

Unknown = TypeVar("Unknown")


def _language(code: str) -> Language:
    if code in _ALIASES:
        return _ALIASES[code]
    return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))


@cache
def _detector(candidates: frozenset[Language]) -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*candidates).build()


def detect_language(
    text: str,
    *,
    languages: Iterable[str],
    decoys: Iterable[str] = (),
    min_confidence: float = 0.0,
    read_up_to: int | None = None,
    unknown: Unknown,
) -> str | Unknown:
    """The ISO 639-1 code of the text's language ("no" for Norwegian), or `unknown`.

    `unknown` when the text has no letters, when its likeliest language is less likely than
    `min_confidence` or no likelier than the next one, or when it is a decoy. `read_up_to`:
    the characters read, from the start (a long article's language shows early).
    """
    text = text[:read_up_to]
    if not any(char.isalpha() for char in text):
        return unknown
    allowed = {_language(code): code for code in languages}
    candidates = frozenset(allowed) | {_language(code) for code in decoys}
    confidences = _detector(candidates).compute_language_confidence_values(text)
    if not confidences or confidences[0].value < min_confidence:
        return unknown
    if len(confidences) > 1 and confidences[1].value == confidences[0].value:
        return unknown
    code = allowed.get(confidences[0].language)
    if code is None:
        return unknown
    return _REPORTED_AS.get(code, code)
