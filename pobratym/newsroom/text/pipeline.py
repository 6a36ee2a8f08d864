"""The whole article: language, names, dates, events, sectors and aid items."""

import datetime

from .dates import dateline, find_dates
from .errors import ArticleError, ErrorCode
from .events import EventDraft, EventFinder
from .evidence import evidence
from .gazetteer import Gazetteer
from .items import aid_items_in
from .language import SUPPORTED, article_language
from .model import ArticleResult, Event, Party
from .normalise import sentences, tokenize
from .sectors import sectors_in

_MIN_LETTERS = 20
_TYPE_PHRASES = {
    "memorandum": "signed a memorandum",
    "agreement": "signed a cooperation agreement",
    "twinning": "established a twinning",
    "meeting": "met",
    "online_meeting": "held an online meeting",
    "study_visit": "took part in a study visit",
    "conference": "took part in a conference",
    "aid_delivery": "handed over aid",
    "alliance_membership": "joined as members or partners",
    "project": "started a joint project",
    "other": "took a joint step",
}


def extract(
    text: str,
    *,
    published: datetime.date | None = None,
    gazetteer: Gazetteer,
    languages: tuple[str, ...] = tuple(SUPPORTED),
) -> ArticleResult:
    """Events reported by one article. ``published`` only supplies missing years.

    Raises ``ArticleError`` (``empty``, ``unsupported_language``). Time and memory grow with
    the text: read files through ``read_article``, which stops at a size limit."""
    text = text.replace("\r\n", "\n")
    if sum(char.isalpha() for char in text) < _MIN_LETTERS:
        raise ArticleError(ErrorCode.EMPTY)
    language = article_language(text, languages)
    if language is None:
        raise ArticleError(ErrorCode.UNSUPPORTED_LANGUAGE)
    tokens = tokenize(text)
    finder = EventFinder(
        text=text,
        tokens=tokens,
        sentences=sentences(text),
        mentions=gazetteer.find(text, tokens, language),
        dates=find_dates(text, language),
        anchor=dateline(text, language) or published,
    )
    events = [_event(draft, finder) for draft in finder.find()]
    return ArticleResult(language=language, events=events)


def _event(draft: EventDraft, finder: EventFinder) -> Event:
    own = [finder.infos[index].sentence.text for index in draft.sentences]
    context = " ".join([*own, *_following_sentences(draft, finder)])
    items = aid_items_in(" ".join(own)) if draft.type == "aid_delivery" else []
    return Event(
        type=draft.type,
        date=draft.date.date,
        date_end=draft.date.date_end,
        parties=draft.parties,
        facilitators=draft.facilitators,
        sectors=sectors_in(context),
        aid_items=items,
        summary_en=_summary(draft),
        confidence=_confidence(draft),
        evidence=evidence(
            [finder.infos[index].sentence for index in draft.sentences],
            [(m.char_start, m.char_end) for i in draft.sentences for m in finder.infos[i].sides],
        ),
    )


def _following_sentences(draft: EventDraft, finder: EventFinder) -> list[str]:
    """The sentence after each of the event's own, when it reports no event itself: sectors
    are often named right after the act ("The document provides for…")."""
    found = []
    for index in sorted({i + 1 for i in draft.sentences} - set(draft.sentences)):
        if index < len(finder.infos) and finder.infos[index].event_type is None:
            found.append(finder.infos[index].sentence.text)
    return found


def _names(parties: list[Party]) -> str:
    names = [party.name_en for party in parties]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _summary(draft: EventDraft) -> str:
    summary = f"{_names(draft.parties)} {_TYPE_PHRASES[draft.type]}"
    if draft.date.date:
        summary += f" on {draft.date.date}"
        if draft.date.date_end:
            summary += f"–{draft.date.date_end}"
    if draft.facilitators:
        summary += f", facilitated by {_names(draft.facilitators)}"
    return summary + "."


def _confidence(draft: EventDraft) -> float:
    """Higher when the sides are named in the event's own sentence, linked and dated."""
    score = 0.45
    if not draft.borrowed:
        score += 0.2
    linked = sum(1 for party in draft.parties if party.entry_id)
    score += 0.1 * min(linked, 2)
    if draft.date.date:
        score += 0.1
    if draft.type not in {"meeting", "other"}:
        score += 0.05
    return round(min(score, 0.95), 2)
