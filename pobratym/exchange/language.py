"""Which language a need or an offer is written in, and language names for people.

Detection is restricted to the languages of the directory's countries (and Russian, which
many Ukrainian officials still write in): a detector choosing among 75 languages mistakes a
short Ukrainian title for Bulgarian or Serbian far more often.
"""

import functools

from babel import Locale
from django.utils.translation import get_language
from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# ISO 639-1 code stored -> lingua language. Norwegian is detected as Bokmål but stored as "no",
# the code the directory and the people filling in forms use.
DETECTABLE_LANGUAGES: dict[str, Language] = {
    "uk": Language.UKRAINIAN,
    "ru": Language.RUSSIAN,
    "en": Language.ENGLISH,
    "de": Language.GERMAN,
    "fr": Language.FRENCH,
    "pl": Language.POLISH,
    "lt": Language.LITHUANIAN,
    "lv": Language.LATVIAN,
    "et": Language.ESTONIAN,
    "no": Language.BOKMAL,
    "sv": Language.SWEDISH,
    "da": Language.DANISH,
    "fi": Language.FINNISH,
    "nl": Language.DUTCH,
    "it": Language.ITALIAN,
    "es": Language.SPANISH,
    "pt": Language.PORTUGUESE,
    "ro": Language.ROMANIAN,
    "bg": Language.BULGARIAN,
    "cs": Language.CZECH,
    "sk": Language.SLOVAK,
    "sl": Language.SLOVENE,
    "hr": Language.CROATIAN,
    "sr": Language.SERBIAN,
    "hu": Language.HUNGARIAN,
    "el": Language.GREEK,
}
_CODE_OF = {language: code for code, language in DETECTABLE_LANGUAGES.items()}

# Languages staff may say they speak: the detectable ones and the other official languages of
# the directory's countries.
SPOKEN_LANGUAGES: tuple[str, ...] = (
    *DETECTABLE_LANGUAGES,
    "is",
    "bs",
    "mk",
    "sq",
    "mt",
    "ga",
    "lb",
    "tr",
    "ka",
    "hy",
    "az",
)

# Below this confidence the text is too short or too mixed to tell ("Генератори" is as much
# Bulgarian as Ukrainian): storing no language is better than storing a wrong one.
MIN_CONFIDENCE = 0.5


@functools.cache
def _detector() -> LanguageDetector:
    # Built on first use, once per process: high accuracy loads about 700 MB of models in a few
    # seconds, which a management command or a page that never detects should not pay for.
    return LanguageDetectorBuilder.from_languages(*DETECTABLE_LANGUAGES.values()).build()


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "" when it cannot be told."""
    if not any(char.isalpha() for char in text):
        return ""
    confidences = _detector().compute_language_confidence_values(text)
    if not confidences or confidences[0].value < MIN_CONFIDENCE:
        return ""
    return _CODE_OF[confidences[0].language]


def language_name(code: str) -> str:
    """The language's name in the active interface language ("німецька", "German")."""
    if not code:
        return ""
    locale = Locale.parse((get_language() or "uk").split("-")[0])
    return str(locale.languages.get(code, code))
