"""The event finder: each sentence's cues, dates and parties, its sides taken from the sentences
before it when it names none, and the facilitators named around the events."""

import datetime
from dataclasses import dataclass, field

from ..dates import DateMention, ResolvedDate, resolve
from ..gazetteer import Mention
from ..model import Party
from ..normalise import Sentence, Token, fold
from .cues import (
    _EVENT_WORDS,
    _FACILITATION_CUES,
    _FOUNDED_BY,
    _MEMBER_OF,
    _NOT_DONE,
    _PARTICIPATION_CUES,
    _SOURCE_CUES,
    _cue_pattern,
    _has_cue,
    event_type_of,
)
from .drafts import _BORROW_SENTENCES, EventDraft, _merge_or_append
from .parties import (
    _associations_over_their_leaders,
    _drop_venues,
    _has_both_sides,
    _is_programme_or_embassy,
    _is_venue,
    _same_party,
    _union,
    party_of,
)

_FACILITATION_WINDOW = 40


@dataclass
class SentenceInfo:
    sentence: Sentence
    mentions: list[Mention]
    dates: list[DateMention]
    folded: str
    event_type: str | None
    facilitators: list[Mention] = field(default_factory=list)
    sides: list[Mention] = field(default_factory=list)
    is_source_line: bool = False
    not_done: bool = False


class EventFinder:
    def __init__(
        self,
        *,
        text: str,
        tokens: list[Token],
        sentences: list[Sentence],
        mentions: list[Mention],
        dates: list[DateMention],
        anchor: datetime.date | None,
    ) -> None:
        self.text = text
        self.tokens = tokens
        self.anchor = anchor
        self.infos = [self._info(sentence, mentions, dates) for sentence in sentences]

    def _info(
        self, sentence: Sentence, mentions: list[Mention], dates: list[DateMention]
    ) -> SentenceInfo:
        inside = [m for m in mentions if sentence.start <= m.char_start < sentence.end]
        folded = fold(sentence.text)
        info = SentenceInfo(
            sentence=sentence,
            mentions=inside,
            dates=[d for d in dates if sentence.start <= d.start < sentence.end],
            folded=folded,
            event_type=event_type_of(folded),
            is_source_line=_has_cue(folded, _SOURCE_CUES),
            not_done=_has_cue(folded, _NOT_DONE),
        )
        self._assign_roles(info)
        return info

    def _before(self, mention: Mention, width: int) -> str:
        start = max(0, mention.char_start - width)
        return fold(self.text[start : mention.char_start])

    def _assign_roles(self, info: SentenceInfo) -> None:
        sides: list[Mention] = []
        facilitators: list[Mention] = []
        for mention in info.mentions:
            before = self._before(mention, _FACILITATION_WINDOW)
            if mention.in_parentheses:
                continue
            if _is_programme_or_embassy(mention) or _has_cue(before, _FACILITATION_CUES):
                facilitators.append(mention)
            elif _has_cue(self._before(mention, 25), _MEMBER_OF):
                continue
            else:
                sides.append(mention)
        if info.event_type == "other":
            sides = [m for m in sides if not self._is_founded_thing(m)]
        sides = _drop_venues(sides, self.text)
        if all(_is_venue(mention, self.text) for mention in sides):
            # A sentence naming only where something happened names none of its sides.
            sides = []
        sides = _associations_over_their_leaders(sides)
        side_keys = {mention.entry for mention in sides}
        info.sides = sides
        info.facilitators = [m for m in facilitators if m.entry not in side_keys]

    def _is_founded_thing(self, mention: Mention) -> bool:
        """ "The alliance was created by X": the alliance is what was made, not a side."""
        after = fold(self.text[mention.char_end : mention.char_end + _FACILITATION_WINDOW])
        return _cue_pattern(_FOUNDED_BY).search(after) is not None

    def find(self) -> list[EventDraft]:
        drafts: list[EventDraft] = []
        for index, info in enumerate(self.infos):
            if info.event_type is None or info.not_done:
                continue
            draft = self._draft(index, info)
            if draft is None:
                continue
            if info.event_type == "alliance_membership" and not any(
                party.kind in {"international_body", "association"} for party in draft.parties
            ):
                continue
            _merge_or_append(drafts, draft)
        self._date_from_next_sentence(drafts)
        self._attach_background_facilitators(drafts)
        return drafts

    def _draft(self, index: int, info: SentenceInfo) -> EventDraft | None:
        """The event of a cue sentence, its missing sides taken from the sentences before:
        all of them when it names nobody, the other side when an earlier sentence with the
        same cue names it ("…took part in a forum. The forum was organised by X.")."""
        parties = self._parties(info.sides)
        sentences = [index]
        date = self._date(info)
        borrowed = False
        if not _has_both_sides(parties):
            # A body the article names as a facilitator elsewhere does not become a side by
            # being named next to an event told before.
            parties = [p for p in parties if p.key not in self._facilitator_keys()]
            source = self._source_sentence(index, info, parties)
            if source is None:
                return None
            borrowed = not parties
            parties = _union(parties, self._parties(self.infos[source].sides))
            sentences = [source, index] if not borrowed else [index]
            if date.date is None:
                date = self._date(self.infos[source])
        return EventDraft(
            type=info.event_type or "other",
            parties=parties,
            facilitators=self._parties(info.facilitators),
            date=date,
            sentences=sentences,
            borrowed=borrowed,
        )

    def _facilitator_keys(self) -> set[str]:
        return {party_of(m, self.text).key for info in self.infos for m in info.facilitators}

    def _source_sentence(self, index: int, info: SentenceInfo, parties: list[Party]) -> int | None:
        for previous in range(index - 1, max(-1, index - 1 - _BORROW_SENTENCES), -1):
            earlier = self.infos[previous]
            if earlier.is_source_line or earlier.not_done or not earlier.sides:
                continue
            if parties and earlier.event_type != info.event_type:
                continue
            if _has_both_sides(_union(parties, self._parties(earlier.sides))):
                return previous
        return None

    def _date_from_next_sentence(self, drafts: list[EventDraft]) -> None:
        """An undated event takes the date a following sentence gives, if that one is no event."""
        starts = {draft.sentences[0] for draft in drafts}
        for draft in drafts:
            for sentence in draft.sentences:
                following = sentence + 1
                if draft.date.date or following in starts or following >= len(self.infos):
                    continue
                info = self.infos[following]
                if not info.not_done:
                    draft.date = self._date(info)

    def _parties(self, mentions: list[Mention]) -> list[Party]:
        parties: list[Party] = []
        for mention in mentions:
            party = party_of(mention, self.text)
            if not any(_same_party(party, known) for known in parties):
                parties.append(party)
        return parties

    def _date(self, info: SentenceInfo) -> ResolvedDate:
        for mention in info.dates:
            resolved = resolve(mention, anchor=self.anchor)
            if resolved.date is not None or mention.year is None:
                return resolved
        return ResolvedDate(None, None)

    def _attach_background_facilitators(self, drafts: list[EventDraft]) -> None:
        """Facilitators named in sentences around the events ("Захід організовано…")."""
        if not drafts:
            return
        party_keys = {party.key for draft in drafts for party in draft.parties}
        for info in self.infos:
            if info.not_done:
                continue
            extra = list(info.facilitators)
            if _has_cue(info.folded, _PARTICIPATION_CUES) and info.event_type is None:
                extra += [
                    m
                    for m in info.sides
                    if m.entry.kind in {"association", "international_body", "national_body"}
                ]
            extra = [m for m in extra if party_of(m, self.text).key not in party_keys]
            if not extra:
                continue
            sentence_keys = {party_of(m, self.text).key for m in info.mentions}
            targets = [d for d in drafts if sentence_keys & {p.key for p in d.parties}]
            if not targets and (_has_cue(info.folded, _EVENT_WORDS) or len(drafts) == 1):
                targets = drafts[:1]
            for draft in targets[:1]:
                for party in self._parties(extra):
                    if not any(_same_party(party, known) for known in draft.facilitators):
                        draft.facilitators.append(party)
