"""Events: which sentences report an act between a Ukrainian and a foreign side, and who is who.

A sentence reports an event when it holds a cue of an event type, is not about the future, a
decision to sign, or long-standing ties, and names a Ukrainian local or regional actor and a
foreign counterpart. Cues are word starts, folded, across the supported languages; the most
specific type wins (a memorandum signed at a conference is a memorandum). A cue sentence that
names nobody ("Під час візиту сторони підписали…") takes its sides from the two sentences
before it and is folded into their event. Parties are the sides; an organisation named after a
facilitation cue ("за сприяння", "im Rahmen", "with the support of"), a programme or an
embassy is a facilitator; a place named as the venue ("у м. Берген") is dropped when another
foreign side is named; a place or oblast in parentheses only locates the name before it.
"""

from .cues import TYPE_CUES, event_type_of
from .drafts import EventDraft
from .finder import EventFinder, SentenceInfo
from .parties import party_of, side_of

__all__ = [
    "TYPE_CUES",
    "EventDraft",
    "EventFinder",
    "SentenceInfo",
    "event_type_of",
    "party_of",
    "side_of",
]
