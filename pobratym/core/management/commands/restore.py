"""manage.py restore PATH: an archive of `manage.py backup` into an empty migrated database."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pobratym.core.backup import BackupRefused, restore_backup


class Command(BaseCommand):
    help = (
        "Load an archive written by `manage.py backup` into this database and its files into "
        "the uploads' storage. The database must be migrated to the archive's migrations and "
        "hold no data; --replace deletes everything in it first. A refusal changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the archive to read")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete every row of this database (accounts and sessions too) before loading",
        )

    def handle(self, *args: Any, path: Path, replace: bool, **options: Any) -> None:
        try:
            report = restore_backup(path, replace=replace)
        except BackupRefused as refused:
            raise CommandError(str(refused)) from None
        for label, count in sorted(report.counts.items()):
            if count:
                self.stdout.write(f"{label}: {count}")
        self.stdout.write(
            f"Restored {sum(report.counts.values())} rows and {report.files} files from {path}. "
            "Restart the web processes and the task workers: they remember what they read."
        )
        if report.missing_files:
            self.stderr.write(
                f"{len(report.missing_files)} files were already missing when the archive was "
                "made; their rows refer to nothing."
            )
