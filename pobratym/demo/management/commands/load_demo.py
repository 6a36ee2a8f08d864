"""Load the demo scenario on top of the reference data: directory facts, then the demo logins."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pobratym.accounts.demo import demo_accounts_load
from pobratym.directory.demo import demo_directory_load
from pobratym.exchange.demo import demo_exchange_load
from pobratym.partnerships.demo import demo_partnerships_load


class Command(BaseCommand):
    help = (
        "Load the demo scenario: associations, memberships and statuses from the seed articles, "
        "demo logins, needs, offers and partnerships."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            changed = demo_directory_load() + demo_accounts_load()
            changed += demo_exchange_load()
            changed += demo_partnerships_load()
        except LookupError as missing:
            raise CommandError(
                _("The reference data lacks %(what)s: run import_reference first.")
                % {"what": missing}
            ) from missing
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo scenario loaded (%(count)d records created or changed).")
                % {"count": changed}
            )
        )
