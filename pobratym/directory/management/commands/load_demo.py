"""Load the demo scenario on top of the reference data."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pobratym.directory.demo import demo_directory_load


class Command(BaseCommand):
    help = "Load the demo scenario (associations, memberships, statuses from the seed articles)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            changed = demo_directory_load()
        except LookupError as missing:
            raise CommandError(str(missing)) from missing
        self.stdout.write(self.style.SUCCESS(f"Demo scenario loaded ({changed} new records)."))
