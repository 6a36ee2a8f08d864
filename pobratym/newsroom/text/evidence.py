"""The evidence of an event: the sentences it was read from, short enough to check at a glance.

Whole sentences are kept as long as they fit; the first one that does not is cut between words
to the room left, around the sides' names, so that what is shown still supports the event (a
paragraph without full stops reads as one sentence of thousands of characters).
"""

import re
from collections.abc import Sequence

from .normalise import Sentence

EVIDENCE_MAX_CHARS = 500
_GAP = " … "  # between two sentences of one event, which need not be adjacent
_MORE = " …"  # after the last sentence shown, when more were left out
_CUT = "…"  # where a sentence was cut
_SPACE = re.compile(r"\s+")
# A long sentence opened in the middle keeps this much before the first side's name.
_LEAD = 80
# Less room than this left after whole sentences shows too little of the next one to cut it.
_MIN_EXCERPT = 120


def evidence(
    sentences: Sequence[Sentence],
    names: Sequence[tuple[int, int]],
    *,
    max_chars: int = EVIDENCE_MAX_CHARS,
) -> str:
    """The event's sentences joined by " … ", whole while they fit in ``max_chars``; the first
    that does not is cut to the room left, if that is enough to show something. ``names`` are
    the character spans, in the article, of the sides' names."""
    shown: list[str] = []
    for sentence in sentences:
        whole = _collapse(sentence.text)
        if len(_GAP.join([*shown, whole])) <= max_chars:
            shown.append(whole)
            continue
        room = max_chars - len(_GAP.join([*shown, ""])) if shown else max_chars
        if room >= _MIN_EXCERPT:
            spans = [
                (start - sentence.start, end - sentence.start)
                for start, end in names
                if sentence.start <= start < sentence.end
            ]
            excerpt = _excerpt(sentence.text, spans, room)
            if shown and excerpt.startswith(_CUT):
                excerpt = excerpt[len(_CUT) :]  # the gap before it already says "left out"
            return _GAP.join([*shown, excerpt])
        return _GAP.join(shown) + _MORE
    return _GAP.join(shown)


def _excerpt(text: str, spans: list[tuple[int, int]], max_chars: int) -> str:
    """At most ``max_chars`` of a long sentence, cut between words: from its start when that
    shows the sides' names, else from a little before the first of them (earlier, when the
    sentence ends before the room does)."""
    start = 0
    if spans and max(end for _start, end in spans) > max_chars - len(_CUT):
        first = min(start for start, _end in spans)
        start = _word_start(text, max(0, min(first - _LEAD, len(text) - max_chars + len(_CUT))))
    opening = _CUT if start else ""
    room = max_chars - len(opening)
    if len(text) - start <= room:
        return opening + _collapse(text[start:])
    body = text[start : start + room - len(_CUT)]
    last_space = max((space.start() for space in _SPACE.finditer(body)), default=0)
    # One word longer than half the excerpt (a URL, a list without spaces) is cut inside.
    if last_space > len(body) // 2:
        body = body[:last_space]
    return opening + _collapse(body).rstrip(",;:–—-( ") + _CUT


def _word_start(text: str, at: int) -> int:
    """``at``, moved forward to the start of the next word when it falls inside one."""
    if at == 0 or text[at - 1].isspace():
        return at
    space = _SPACE.search(text, at)
    return space.end() if space else at


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()
