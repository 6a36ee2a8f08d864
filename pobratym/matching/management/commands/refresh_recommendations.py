"""Bring the stored recommendations up to date here and now (after an import, or to fill the
store of a new installation before the web processes start); tasks do it otherwise."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from pobratym.matching import keeper


class Command(BaseCommand):
    help = (
        "Rewrite the stored recommendations that changed since they were last written; with "
        "--everything, rebuild the matching index and rewrite every list."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--everything", action="store_true", help="Rebuild and rewrite every list."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        done = keeper.refresh(everything=options["everything"])
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Recommendations written: needs %(needs)d, offers %(offers)d, authorities "
                    "%(authorities)d; lists removed: %(removed)d (%(seconds).1f s)."
                )
                % {
                    "needs": done.needs,
                    "offers": done.offers,
                    "authorities": done.authorities,
                    "removed": done.removed,
                    "seconds": time.perf_counter() - started,
                }
            )
        )
