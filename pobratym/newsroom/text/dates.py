"""Dates of events: "28 травня 2024 року", "01-05 липня 2023", "2024 m. gegužės 28 d.".

Month names come from babel in the article's language (genitive "format" and nominative
"stand-alone" forms; a shared stem such as "травн" also catches the locative "у травні"). A
date without a year takes it from the article's own dateline, else from the publication date
handed in; with neither the date is unknown. The year is never taken from today.
"""

import datetime
import re
from dataclasses import dataclass
from functools import cache

from babel.dates import get_month_names

from .normalise import fold, stem

_BABEL_LOCALE = {"no": "nb"}
_RANGE = r"(?:\s*[-–—]\s*|\s+(?:bis|до|по|to|til|till|iki|au|až|do|al|a)\s+)"
_DAY = r"(?P<{name}>[0-3]?\d)(?:er|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# How far into the text a date still counts as the article's dateline.
_DATELINE_SPAN = 200


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    month: int
    day: int | None
    year: int | None
    end_month: int | None = None
    end_day: int | None = None


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    date: str | None
    date_end: str | None


def _fold_chars(text: str) -> str:
    """fold() letter by letter, keeping the length so that match offsets stay valid."""
    return "".join(_fold_char(char) for char in text)


@cache
def _fold_char(char: str) -> str:
    folded = fold(char)
    return folded if len(folded) == 1 else char.lower()


def _month_pattern(forms: set[str]) -> str:
    """A month matched by its forms' common stem when it is long enough, else by the forms."""
    folded = sorted({_fold_chars(form).rstrip(".") for form in forms if form})
    prefix = folded[0]
    for form in folded[1:]:
        while not form.startswith(prefix):
            prefix = prefix[:-1]
    if prefix in folded:
        # A form that is all of the stem still has its case ending: novembris → novembrī.
        prefix = stem(prefix)
    if len(prefix) >= 4:
        return re.escape(prefix) + r"\w*"
    return "|".join(re.escape(form) for form in sorted(folded, key=len, reverse=True))


@cache
def _patterns(language: str) -> tuple[re.Pattern[str], ...]:
    locales = [_BABEL_LOCALE.get(language, language), "en"]
    months: dict[int, list[str]] = {number: [] for number in range(1, 13)}
    for locale in dict.fromkeys(locales):
        forms: dict[int, set[str]] = {number: set() for number in range(1, 13)}
        for context in ("format", "stand-alone"):
            for number, name in get_month_names("wide", context=context, locale=locale).items():
                forms[number].add(name)
        for number, names in forms.items():
            months[number].append(_month_pattern(names))
    alternatives = "|".join(
        f"(?P<m{number}>{'|'.join(dict.fromkeys(patterns))})" for number, patterns in months.items()
    )
    month = f"(?:{alternatives})"
    second_month = month.replace("(?P<m", "(?P<n")
    day, day_end = _DAY.format(name="day"), _DAY.format(name="day_end")
    flags = re.IGNORECASE
    return (
        # 2024 m. gegužės 28 d. / 2024. május 28.
        re.compile(
            rf"\b{_YEAR}\s*(?:m\.|г\.|\.)?\s+{month}\s+{day}(?:{_RANGE}{day_end})?(?:\s*d\.)?",
            flags,
        ),
        # 2023. gada 28. novembrī
        re.compile(rf"\b{_YEAR}\.\s*gada\s+{day}(?:{_RANGE}{day_end})?\s+{month}", flags),
        # 29 серпня – 2 вересня 2023
        re.compile(rf"\b{day}\s+{month}{_RANGE}{day_end}\s+{second_month}(?:,?\s+{_YEAR})?", flags),
        # 01-05 липня 2023 року / 5 lipca / le 25 septembre
        re.compile(rf"\b(?:{day}{_RANGE})?{day_end}(?:\s+|\s*/\s*){month}(?:,?\s+{_YEAR})?", flags),
        # May 28, 2024 / May 28-30
        re.compile(
            rf"\b{month}\s+{day}(?:st|nd|rd|th)?(?:{_RANGE}{day_end})?(?:,?\s+{_YEAR})?", flags
        ),
        # 28.05.2024 / 2024-05-28
        re.compile(
            r"\b(?P<day_end>[0-3]?\d)[./](?P<numeric_month>[01]?\d)[./](?P<year>(?:19|20)\d\d)\b"
        ),
        re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<numeric_month>[01]\d)-(?P<day_end>[0-3]\d)\b"),
        # травень 2024 / Червень, 2024
        re.compile(rf"\b{month}[,/]?\s+{_YEAR}", flags),
    )


def _month_of(match: re.Match[str], prefix: str) -> int | None:
    for name, value in match.groupdict().items():
        if value and name.startswith(prefix) and name[1:].isdigit():
            return int(name[1:])
    return None


def _mention(match: re.Match[str], offset: int) -> DateMention | None:
    groups = match.groupdict()
    month = int(groups["numeric_month"]) if groups.get("numeric_month") else _month_of(match, "m")
    if month is None or not 1 <= month <= 12:
        return None
    end_month = _month_of(match, "n")
    start_day = groups.get("day")
    end_day = groups.get("day_end")
    year = int(groups["year"]) if groups.get("year") else None
    first = int(start_day) if start_day else (int(end_day) if end_day else None)
    last = int(end_day) if start_day and end_day else None
    if first is not None and not 1 <= first <= 31:
        return None
    if last is not None and not 1 <= last <= 31:
        return None
    return DateMention(
        start=match.start() + offset,
        end=match.end() + offset,
        month=month,
        day=first,
        year=year,
        end_month=end_month or (month if last is not None else None),
        end_day=last,
    )


def find_dates(text: str, language: str, offset: int = 0) -> list[DateMention]:
    """Every date in the text, left to right, overlapping readings resolved to the longest."""
    haystack = _fold_chars(text)
    found: list[tuple[int, int, DateMention]] = []
    for pattern in _patterns(language):
        for match in pattern.finditer(haystack):
            mention = _mention(match, offset)
            if mention is not None:
                found.append((match.start(), -(match.end() - match.start()), mention))
    kept: list[DateMention] = []
    for _start, _length, mention in sorted(found, key=lambda item: (item[0], item[1])):
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def dateline(text: str, language: str) -> datetime.date | None:
    """The date the article states for itself near its top, if it states one with a year."""
    for mention in find_dates(text[:_DATELINE_SPAN], language):
        if mention.year is not None:
            return datetime.date(mention.year, mention.month, mention.day or 1)
    return None


def resolve(mention: DateMention, *, anchor: datetime.date | None) -> ResolvedDate:
    """ISO dates for a mention; a missing year is the anchor's, or the year before when the
    day would otherwise fall after the anchor (news reports what has happened)."""
    year = mention.year
    if year is None:
        if anchor is None:
            return ResolvedDate(None, None)
        year = anchor.year
        if (mention.month, mention.day or 1) > (anchor.month, anchor.day):
            year -= 1
    start = _iso(year, mention.month, mention.day)
    if start is None or mention.day is None:
        return ResolvedDate(start, None)
    end = None
    if mention.end_day is not None and mention.end_month is not None:
        end_year = year + 1 if mention.end_month < mention.month else year
        end = _iso(end_year, mention.end_month, mention.end_day)
    return ResolvedDate(start, end)


def _iso(year: int, month: int, day: int | None) -> str | None:
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None
