"""Why an article gives no events: one stable code per reason, for scripts to act on.

The codes are part of the command's output (docs/news.md): rename none of them. The wording
for people is the caller's, in the reader's language.
"""

from enum import StrEnum


class ErrorCode(StrEnum):
    UNREADABLE = "unreadable"
    """The file cannot be opened or read (missing, a directory, no permission)."""
    NOT_TEXT = "not_text"
    """The file holds NUL bytes: a binary file, not text."""
    NOT_UTF8 = "not_utf8"
    """The file is not valid UTF-8."""
    TOO_LARGE = "too_large"
    """The article is longer than the limit; it was not read past the limit."""
    EMPTY = "empty"
    """Fewer than 20 letters: nothing to read."""
    UNSUPPORTED_LANGUAGE = "unsupported_language"
    """The article is in a language the pipeline has no cues for."""


class ArticleError(Exception):
    """An article that gives no result. ``reason`` is the OS's reason for ``unreadable``,
    ``max_chars`` the limit for ``too_large``; the exception's own message is for logs."""

    def __init__(self, code: ErrorCode, *, reason: str = "", max_chars: int = 0) -> None:
        super().__init__(f"{code}: {reason}" if reason else str(code))
        self.code = code
        self.reason = reason
        self.max_chars = max_chars
