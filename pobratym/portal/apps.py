from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "pobratym.portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # Here, not at the top: sections.py imports models, which load only after apps.py. It
        # registers the sections portal adds to the directory's profiles and the account page.
        from .sections import register_sections  # noqa: PLC0415

        register_sections()
