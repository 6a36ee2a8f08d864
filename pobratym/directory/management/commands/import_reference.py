"""Import or refresh the directory's reference data from installed packages."""

import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from pobratym.directory.reference.bundle import read_reference_data
from pobratym.directory.services import Progress, reference_import


def _bar(label: str, total: int) -> Progress:
    return tqdm(total=total, desc=label, unit="rows", file=sys.stderr, leave=False, mininterval=0.5)


class Command(BaseCommand):
    help = (
        "Import or refresh Ukraine's oblasts, raions and hromadas (KATOTTG) and European "
        "localities (GeoNames). Idempotent: a second run changes nothing and says so."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--min-population", type=int, default=settings.POBRATYM_LOCALITY_MIN_POPULATION,
            help="European localities below this GeoNames population are left out (default: "
            "the POBRATYM_LOCALITY_MIN_POPULATION setting).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        self.stderr.write("Reading reference data from installed packages…")
        data = read_reference_data(min_population=options["min_population"])
        report = reference_import(data=data, progress=_bar)
        for name, count in report.counts.items():
            self.stdout.write(
                f"{name:<26} {count.total:>7}  created {count.created:>6}  "
                f"updated {count.updated:>6}  unchanged {count.unchanged:>6}"
            )
        self.stdout.write(
            f"hromadas: {report.hromadas_total}, centre found for {report.hromadas_with_centre} "
            f"({_share(report.hromadas_with_centre, report.hromadas_total)}), "
            f"joined to GeoNames {report.hromadas_on_geonames} "
            f"({_share(report.hromadas_on_geonames, report.hromadas_total)})"
        )
        self.stdout.write(
            f"European localities flagged as sections of a larger one: {report.sections_flagged} "
            "(kept out of counts and partner proposals)"
        )
        for miss in report.centre_misses:
            self.stdout.write(self.style.WARNING(f"no centre: {miss}"))
        for problem in report.problems:
            self.stdout.write(
                self.style.WARNING(f"skipped {problem.source} row {problem.row}: {problem.reason}")
            )
        if report.changed_anything:
            self.stdout.write(self.style.SUCCESS("Reference data imported."))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing changed: the directory is up to date."))
        self.stdout.write(f"Took {time.perf_counter() - started:.1f} s.")


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "n/a"
