"""manage.py backup PATH: the database and the uploaded files in one new .tar.gz archive."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pobratym.core.backup import BackupRefused, write_backup


class Command(BaseCommand):
    help = (
        "Write every row of the database and every uploaded file to a new .tar.gz archive "
        "(never over an existing file). Read it back with `manage.py restore PATH`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the archive to create, e.g. 2026-12-03.tar.gz")

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            report = write_backup(path, warn=lambda line: self.stderr.write(line))
        except BackupRefused as refused:
            raise CommandError(str(refused)) from None
        rows = sum(report.counts.values())
        self.stdout.write(
            f"Backed up {rows} rows of {len(report.counts)} models and {report.files} files "
            f"to {path} ({path.stat().st_size / 1_000_000:.1f} MB)."
        )
        if report.missing_files:
            self.stderr.write(
                f"{len(report.missing_files)} files the database refers to were missing "
                "from the storage and are not in the archive (listed in its manifest)."
            )
