from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "pobratym.partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        # Registers the permissions with rules before any request is served.
        from . import rules  # noqa: F401
        from .sections import register_sections

        register_sections()
