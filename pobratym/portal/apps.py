from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "pobratym.portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # The sections portal adds to the directory's profiles and the account page.
        from .sections import register_sections

        register_sections()
