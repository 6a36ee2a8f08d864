"""An article file as text: strict UTF-8, and never read further than the size limit.

The pipeline's time and memory grow with the article (a file of 3 million characters took
3.5 minutes and 480 MB), so a file is read only up to one character past the limit: a larger
one is refused having cost no more than that.
"""

from pathlib import Path

from .errors import ArticleError, ErrorCode

MAX_ARTICLE_CHARS = 200_000
"""Far above a news item (a long one has 10,000 characters), low enough to take seconds."""


def read_article(path: str | Path, *, max_chars: int = MAX_ARTICLE_CHARS) -> str:
    """The text of an article file; ``ArticleError`` when it is unreadable, binary, not
    UTF-8 or longer than ``max_chars`` characters. Line ends are kept as they are."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            text = file.read(max_chars + 1)
    except UnicodeDecodeError as error:
        # A NUL byte next to the invalid one says binary more plainly than "not UTF-8".
        code = ErrorCode.NOT_TEXT if b"\x00" in error.object else ErrorCode.NOT_UTF8
        raise ArticleError(code) from None
    except OSError as error:
        raise ArticleError(ErrorCode.UNREADABLE, reason=error.strerror or str(error)) from None
    if "\x00" in text:
        raise ArticleError(ErrorCode.NOT_TEXT)
    if len(text) > max_chars:
        raise ArticleError(ErrorCode.TOO_LARGE, max_chars=max_chars)
    return text
