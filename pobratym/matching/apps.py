from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "pobratym.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # Here, not at the top: sections.py imports models, which load only after apps.py. It
        # registers the recommendations on the exchange's need and offer pages.
        from .sections import register_sections  # noqa: PLC0415
        from .triggers import connect  # noqa: PLC0415

        register_sections()
        # Writes below matching queue a refresh of the stored recommendations.
        connect()
