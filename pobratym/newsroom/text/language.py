"""Which language an article is in, among the official languages of the directory's countries.

lingua loads a language's n-gram models the first time a text could be in it (it filters by
alphabet first), so a Ukrainian-only run never loads Latin-script models. A few widespread
languages outside Europe are candidates too: a text in one of them is reported as unsupported
instead of being forced into the closest European language.
"""

from collections.abc import Iterable
from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

# Ukrainian and Russian, then the official languages of the directory's countries that lingua
# knows. Maltese, Luxembourgish and Romansh have no lingua model.
SUPPORTED = (
    "uk", "ru", "bg", "pl", "de", "lt", "fr", "nb", "nn", "en", "cs", "sk", "ro", "hu", "it",
    "es", "pt", "nl", "da", "sv", "fi", "et", "lv", "sl", "hr", "sr", "bs", "mk", "sq", "el",
    "ga", "is", "ca", "tr", "ka", "hy", "az",
)  # fmt: skip
_UNSUPPORTED_DECOYS = (
    "vi", "id", "ms", "sw", "tl", "zh", "ja", "ar", "hi", "ko", "th", "he", "fa",
)  # fmt: skip
# Both written forms of Norwegian are reported as one language, as the issue names it.
_REPORTED_AS = {"nb": "no", "nn": "no"}


@cache
def _detector(languages: frozenset[str]) -> LanguageDetector:
    candidates = [_language(code) for code in sorted(languages | set(_UNSUPPORTED_DECOYS))]
    return LanguageDetectorBuilder.from_languages(*candidates).build()


def _language(code: str) -> Language:
    return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))


def detect_language(text: str, languages: Iterable[str] = SUPPORTED) -> str | None:
    """The article's language code ("uk", "no" for Norwegian), or None when unsupported."""
    allowed = frozenset(languages)
    detected = _detector(allowed).detect_language_of(text[:4000])
    if detected is None:
        return None
    code = detected.iso_code_639_1.name.lower()
    if code not in allowed:
        return None
    return _REPORTED_AS.get(code, code)
