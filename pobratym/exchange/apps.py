from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_sectors(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from .services import sector_sync

    sector_sync(using=using)


class ExchangeConfig(AppConfig):
    name = "pobratym.exchange"
    verbose_name = _("Needs and offers")

    def ready(self) -> None:
        # Importing the app's permissions registers them with rules before any request is served.
        from . import rules  # noqa: F401

        # The taxonomy file is the source of truth: every migrate (and every test database)
        # brings the Sector table up to date with it.
        post_migrate.connect(_sync_sectors, sender=self)
