"""News extraction as pure Python: dataclasses in, dataclasses out, no Django."""

from .errors import ArticleError, ErrorCode
from .gazetteer import Gazetteer
from .model import AidItem, ArticleResult, Event, GazetteerEntry, Party
from .pipeline import extract
from .reading import MAX_ARTICLE_CHARS, read_article

__all__ = [
    "MAX_ARTICLE_CHARS",
    "AidItem",
    "ArticleError",
    "ArticleResult",
    "ErrorCode",
    "Event",
    "Gazetteer",
    "GazetteerEntry",
    "Party",
    "extract",
    "read_article",
]
