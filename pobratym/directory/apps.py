from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from .search_index import ensure_sqlite_search_index


def _keep_search_index(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    ensure_sqlite_search_index(connections[using])


class DirectoryConfig(AppConfig):
    name = "pobratym.directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        post_migrate.connect(_keep_search_index, sender=self)
