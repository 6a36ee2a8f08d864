"""Which language a need or an offer is written in, and language names for people.

Detection is restricted to the languages of the directory's countries (and Russian, which
many Ukrainian officials still write in): a detector choosing among 75 languages mistakes a
short Ukrainian title for Bulgarian or Serbian far more often.
"""

from babel import Locale
from django.utils.translation import get_language

from pobratym.semantics import detect_language

# The ISO 639-1 codes stored ("no" for Norwegian, the code the directory and the people filling
# in forms use).
DETECTABLE_LANGUAGES: tuple[str, ...] = (
    "uk", "ru", "en", "de", "fr", "pl", "lt", "lv", "et", "no", "sv", "da", "fi", "nl", "it",
    "es", "pt", "ro", "bg", "cs", "sk", "sl", "hr", "sr", "hu", "el",
)  # fmt: skip

# Below this confidence the text is too short or too mixed to tell ("Генератори" is as much
# Bulgarian as Ukrainian): storing no language is better than storing a wrong one.
MIN_CONFIDENCE = 0.5


def record_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "" when it cannot be told."""
    return detect_language(
        text, languages=DETECTABLE_LANGUAGES, min_confidence=MIN_CONFIDENCE, unknown=""
    )


def language_name(code: str) -> str:
    """The language's name in the active interface language ("німецька", "German")."""
    if not code:
        return ""
    locale = Locale.parse((get_language() or "uk").split("-")[0])
    return str(locale.languages.get(code, code))
