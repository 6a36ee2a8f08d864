"""Read news articles and print the partnership events they report, one JSON line each."""

import datetime
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from pobratym.newsroom.gazetteer import build_gazetteer
from pobratym.newsroom.text import (
    ArticleResult,
    EmptyArticleError,
    Gazetteer,
    UnsupportedLanguageError,
    extract,
)

# Fewer files than this finish before a progress bar would tell anything.
_PROGRESS_FROM = 10


class Command(BaseCommand):
    help = (
        "Extract partnership events (type, dates, parties, facilitators, sectors, aid items) "
        "from news articles in text files."
    )

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

    def handle(self, *args: Any, **options: Any) -> None:
        published = _published(options["published"])
        gazetteer = build_gazetteer()
        files: list[str] = options["files"]
        for path in tqdm(
            files, file=sys.stderr, disable=len(files) < _PROGRESS_FROM, mininterval=0.5
        ):
            line = _article_line(path, published=published, gazetteer=gazetteer)
            if options["json"]:
                self.stdout.write(json.dumps(line, ensure_ascii=False))
            else:
                self.stdout.write(_human_line(line))


def _published(value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("--published must be a date written YYYY-MM-DD, not “%(value)s”.") % {"value": value}
        ) from None


def _article_line(
    path: str, *, published: datetime.date | None, gazetteer: Gazetteer
) -> dict[str, Any]:
    line: dict[str, Any] = {"file": path, "url": None}
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        return line | {"error": _("Cannot read the file: %(reason)s") % {"reason": error.strerror}}
    if b"\x00" in raw:
        return line | {"error": _("Not a text file.")}
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return line | {"error": _("Not a text file: it is not valid UTF-8.")}
    try:
        result = extract(text, published=published, gazetteer=gazetteer)
    except EmptyArticleError:
        return line | {"error": _("The file is empty.")}
    except UnsupportedLanguageError:
        return line | {"error": _("The article's language is not supported.")}
    return line | _result_fields(result)


def _result_fields(result: ArticleResult) -> dict[str, Any]:
    events = []
    for event in result.events:
        fields = asdict(event)
        for role in ("parties", "facilitators"):
            for party in fields[role]:
                del party["entry_id"]
        events.append(fields)
    return {"language": result.language, "events": events}


def _human_line(line: dict[str, Any]) -> str:
    if "error" in line:
        return f"{line['file']}: {line['error']}"
    summaries = "; ".join(event["summary_en"] for event in line["events"]) or "—"
    return f"{line['file']} [{line['language']}]: {summaries}"
