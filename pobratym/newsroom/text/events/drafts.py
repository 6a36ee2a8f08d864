"""The events found so far: an act reported twice, or a sentence that only continues the last
one, is merged into the event already drafted."""

from dataclasses import dataclass

from ..dates import ResolvedDate
from ..model import Party
from .cues import _TYPE_PRIORITY
from .parties import _same_party

_BORROW_SENTENCES = 2


@dataclass
class EventDraft:
    type: str
    parties: list[Party]
    facilitators: list[Party]
    date: ResolvedDate
    sentences: list[int]
    borrowed: bool = False


def _dates_compatible(one: ResolvedDate, other: ResolvedDate) -> bool:
    if one.date is None or other.date is None:
        return True
    return one.date.startswith(other.date) or other.date.startswith(one.date)


def _merge_or_append(drafts: list[EventDraft], draft: EventDraft) -> None:
    """An act reported twice is one event; so is a sentence that only continues the last one."""
    for known in drafts:
        shared = [p for p in draft.parties if any(_same_party(p, q) for q in known.parties)]
        if not shared or not _dates_compatible(known.date, draft.date):
            continue
        if draft.borrowed and known.sentences[-1] >= draft.sentences[0] - _BORROW_SENTENCES:
            _merge(known, draft)
            return
        if known.type == draft.type and len(shared) == len(draft.parties) == len(known.parties):
            _merge(known, draft)
            return
    drafts.append(draft)


def _merge(known: EventDraft, draft: EventDraft) -> None:
    # A headline names the sides briefly ("Коростень"); the body's fuller form is kept.
    for position, party in enumerate(known.parties):
        for other in draft.parties:
            if _same_party(party, other) and len(other.name_in_text) > len(party.name_in_text):
                known.parties[position] = other
    if _TYPE_PRIORITY[draft.type] < _TYPE_PRIORITY[known.type]:
        known.type = draft.type
    if len(draft.date.date or "") > len(known.date.date or ""):
        known.date = draft.date
    for party in draft.facilitators:
        if not any(_same_party(party, other) for other in known.facilitators):
            known.facilitators.append(party)
    known.sentences.append(draft.sentences[0])
