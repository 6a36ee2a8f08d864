"""Import or refresh the directory's reference data from installed packages."""

import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from pobratym.directory.reference.bundle import read_reference_data
from pobratym.directory.services import Progress, reference_import


def _label(step: str) -> str:
    labels = {
        "countries": _("countries"),
        "regions": _("regions"),
        "raions": _("raions"),
        "Ukrainian authorities": _("Ukrainian authorities"),
        "European municipalities": _("European municipalities"),
    }
    return labels.get(step, step)


def _bar(step: str, total: int) -> Progress:
    bar: Progress = tqdm(
        total=total, desc=_label(step), file=sys.stderr, leave=False, mininterval=0.5
    )
    return bar


class Command(BaseCommand):
    help = (
        "Import or refresh Ukraine's oblasts, raions and hromadas (KATOTTG) and European "
        "localities (GeoNames). Idempotent: a second run changes nothing and says so."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--min-population",
            type=int,
            default=settings.POBRATYM_LOCALITY_MIN_POPULATION,
            help="European localities below this GeoNames population are left out (default: "
            "the POBRATYM_LOCALITY_MIN_POPULATION setting).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        self.stderr.write(_("Reading reference data from installed packages…"))
        data = read_reference_data(min_population=options["min_population"])
        report = reference_import(data=data, progress=_bar)
        for name, count in report.counts.items():
            self.stdout.write(
                _(
                    "%(name)s: %(total)d rows, %(created)d created, %(updated)d updated, "
                    "%(unchanged)d unchanged"
                )
                % {
                    "name": _label(name),
                    "total": count.total,
                    "created": count.created,
                    "updated": count.updated,
                    "unchanged": count.unchanged,
                }
            )
        self.stdout.write(
            _(
                "Hromadas: %(total)d; centre found for %(centres)d (%(centre_share)s); joined to "
                "GeoNames %(joined)d (%(joined_share)s)."
            )
            % {
                "total": report.hromadas_total,
                "centres": report.hromadas_with_centre,
                "centre_share": _share(report.hromadas_with_centre, report.hromadas_total),
                "joined": report.hromadas_on_geonames,
                "joined_share": _share(report.hromadas_on_geonames, report.hromadas_total),
            }
        )
        self.stdout.write(
            _(
                "European localities flagged as sections of a larger one: %(count)d (kept out of "
                "counts and partner proposals)."
            )
            % {"count": report.sections_flagged}
        )
        for miss in report.centre_misses:
            self.stdout.write(self.style.WARNING(_("No centre: %(miss)s") % {"miss": miss}))
        for problem in report.problems:
            self.stdout.write(
                self.style.WARNING(
                    _("Skipped %(source)s row %(row)s: %(reason)s")
                    % {"source": problem.source, "row": problem.row, "reason": problem.reason}
                )
            )
        if report.changed_anything:
            self.stdout.write(self.style.SUCCESS(_("Reference data imported.")))
        else:
            self.stdout.write(
                self.style.SUCCESS(_("Nothing changed: the directory is up to date."))
            )
        self.stdout.write(_("Took %(seconds).1f s.") % {"seconds": time.perf_counter() - started})


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "n/a"
