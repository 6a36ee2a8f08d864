from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "pobratym.partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        # Here, not at the top: rules.py and sections.py import models, which load only after
        # apps.py. Importing them registers the permissions and the sections before any request.
        from . import rules  # noqa: F401, PLC0415
        from .sections import register_sections  # noqa: PLC0415

        register_sections()
