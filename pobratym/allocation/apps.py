from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationConfig(AppConfig):
    name = "pobratym.allocation"
    verbose_name = _("Allocation rounds")

    def ready(self) -> None:
        # Here, not at the top: rules.py imports models, which load only after apps.py. Importing
        # it registers the permissions with rules before any request is served.
        from . import rules  # noqa: F401, PLC0415
