"""Which language an article is in, among the official languages of the directory's countries.

A few widespread languages outside Europe are candidates too: a text in one of them is
reported as unsupported instead of being forced into the closest European language.
"""

from collections.abc import Iterable

from pobratym.semantics import detect_language

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
# An article's language shows in its first paragraphs; reading more only costs time.
_READ_UP_TO = 4000


def article_language(text: str, languages: Iterable[str] = SUPPORTED) -> str | None:
    """The article's language code ("uk", "no" for Norwegian), or None when unsupported."""
    return detect_language(
        text, languages=languages, decoys=_UNSUPPORTED_DECOYS, read_up_to=_READ_UP_TO, unknown=None
    )
