"""Read news articles and print the partnership events they report, one JSON line each."""

import argparse
import datetime
import json
import sys
from dataclasses import asdict
from typing import Any, assert_never

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from pobratym.newsroom.gazetteer import build_gazetteer
from pobratym.newsroom.text import (
    MAX_ARTICLE_CHARS,
    ArticleError,
    ArticleResult,
    ErrorCode,
    Gazetteer,
    extract,
    read_article,
)

# Fewer files than this finish before a progress bar would tell anything.
_PROGRESS_FROM = 10
# Exit statuses; 2 is also argparse's for a wrong option.
_SOME_FILES_FAILED = 1
_WRONG_ARGUMENTS = 2


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's order of options; the epilog's lines kept as written."""


class Command(BaseCommand):
    help = (
        "Extract partnership events (type, dates, parties, facilitators, sectors, aid items) "
        "from news articles in text files."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        codes = ", ".join(code.value for code in ErrorCode)
        epilog = (
            "A file that gives no result gets an error line: a stable code beside a message\n"
            "in the user's language (docs/news.md says what each code means):\n"
            f"  {codes}\n\n"
            "Exit status: 0 when every file was read, 1 when any file got an error line\n"
            "(the other files are still read and printed), 2 for wrong arguments."
        )
        kwargs.setdefault("formatter_class", _HelpFormatter)
        return super().create_parser(prog_name, subcommand, epilog=epilog, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="text files, UTF-8")
        parser.add_argument(
            "--json", action="store_true", help="print one JSON object per article (JSON Lines)"
        )
        parser.add_argument(
            "--published",
            metavar="YYYY-MM-DD",
            help="publication date of the articles; supplies the year of dates written without",
        )
        parser.add_argument(
            "--max-chars",
            type=int,
            default=MAX_ARTICLE_CHARS,
            metavar="N",
            help=(
                "longest article read, in characters (default %(default)s); a longer file gets "
                "the error too_large and is read no further than that"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        published = _published(options["published"])
        max_chars: int = options["max_chars"]
        if max_chars < 1:
            raise CommandError(
                _("--max-chars must be a positive number, not %(value)s.") % {"value": max_chars},
                returncode=_WRONG_ARGUMENTS,
            )
        gazetteer = build_gazetteer()
        files: list[str] = options["files"]
        failed = 0
        for path in tqdm(
            files, file=sys.stderr, disable=len(files) < _PROGRESS_FROM, mininterval=0.5
        ):
            line = _article_line(
                path, published=published, gazetteer=gazetteer, max_chars=max_chars
            )
            failed += "error" in line
            if options["json"]:
                self.stdout.write(json.dumps(line, ensure_ascii=False))
            else:
                self.stdout.write(_human_line(line))
        if failed:
            raise CommandError(
                ngettext(
                    "%(count)d file of %(total)d got an error line.",
                    "%(count)d files of %(total)d got an error line.",
                    failed,
                )
                % {"count": failed, "total": len(files)},
                returncode=_SOME_FILES_FAILED,
            )


def _published(value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("--published must be a date written YYYY-MM-DD, not “%(value)s”.") % {"value": value},
            returncode=_WRONG_ARGUMENTS,
        ) from None


def _article_line(
    path: str, *, published: datetime.date | None, gazetteer: Gazetteer, max_chars: int
) -> dict[str, Any]:
    line: dict[str, Any] = {"file": path, "url": None}
    try:
        text = read_article(path, max_chars=max_chars)
        result = extract(text, published=published, gazetteer=gazetteer)
    except ArticleError as error:
        return line | {"error": {"code": error.code.value, "message": _message(error)}}
    return line | _result_fields(result)


def _message(error: ArticleError) -> str:
    """The error in the user's language; the one place that words each code."""
    match error.code:
        case ErrorCode.UNREADABLE:
            return _("Cannot read the file: %(reason)s") % {"reason": error.reason}
        case ErrorCode.NOT_TEXT:
            return _("Not a text file.")
        case ErrorCode.NOT_UTF8:
            return _("Not a text file: it is not valid UTF-8.")
        case ErrorCode.TOO_LARGE:
            return ngettext(
                "The article is longer than %(limit)s character: it was not read. Split it, "
                "or raise --max-chars.",
                "The article is longer than %(limit)s characters: it was not read. Split it, "
                "or raise --max-chars.",
                error.max_chars,
            ) % {"limit": number_format(error.max_chars, force_grouping=True)}
        case ErrorCode.EMPTY:
            return _("The file is empty.")
        case ErrorCode.UNSUPPORTED_LANGUAGE:
            return _("The article's language is not supported.")
        case _:
            assert_never(error.code)


def _result_fields(result: ArticleResult) -> dict[str, Any]:
    events = []
    for event in result.events:
        fields = asdict(event)
        for role in ("parties", "facilitators"):
            for party in fields[role]:
                # "authority:12", "association:3" or "region:7": the tables' ids overlap.
                party["directory_id"] = party.pop("entry_id") or None
        events.append(fields)
    return {"language": result.language, "events": events}


def _human_line(line: dict[str, Any]) -> str:
    if "error" in line:
        return f"{line['file']}: {line['error']['message']} [{line['error']['code']}]"
    summaries = "; ".join(event["summary_en"] for event in line["events"]) or "—"
    return f"{line['file']} [{line['language']}]: {summaries}"
