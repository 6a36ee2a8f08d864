"""News extraction as pure Python: dataclasses in, dataclasses out, no Django."""

from .gazetteer import Gazetteer
from .model import AidItem, ArticleResult, Event, GazetteerEntry, Party
from .pipeline import EmptyArticleError, ExtractionError, UnsupportedLanguageError, extract

__all__ = [
    "AidItem",
    "ArticleResult",
    "EmptyArticleError",
    "Event",
    "ExtractionError",
    "Gazetteer",
    "GazetteerEntry",
    "Party",
    "UnsupportedLanguageError",
    "extract",
]
