from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_sectors(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # Imported here: the services import models, which load only after apps.py.
    from .services import sector_sync  # noqa: PLC0415

    sector_sync(using=using)


class ExchangeConfig(AppConfig):
    name = "pobratym.exchange"
    verbose_name = _("Needs and offers")

    def ready(self) -> None:
        # Here, not at the top: rules.py, the services and the directory's merging import models,
        # which load only after apps.py. Importing rules.py registers the permissions with rules
        # before any request is served.
        from pobratym.directory import merging  # noqa: PLC0415

        from . import rules  # noqa: F401, PLC0415
        from .services import exchange_merge_authority_unsafe  # noqa: PLC0415

        merging.register(
            label="exchange: needs, offers",
            move=exchange_merge_authority_unsafe,
            covers=["exchange.Need.authority", "exchange.Offer.authority"],
        )

        # The taxonomy file is the source of truth: every migrate (and every test database)
        # brings the Sector table up to date with it.
        post_migrate.connect(_sync_sectors, sender=self)
        # So a restore replaces the sectors migrate made with the archive's, which its needs
        # and offers refer to by number.
        from pobratym.core import backup  # noqa: PLC0415

        backup.made_by_migrate(self.get_model("Sector"))
