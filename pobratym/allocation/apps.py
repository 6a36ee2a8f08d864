from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationConfig(AppConfig):
    name = "pobratym.allocation"
    verbose_name = _("Allocation rounds")

    def ready(self) -> None:
        # Registers the permissions with rules before any request is served.
        from . import rules  # noqa: F401
