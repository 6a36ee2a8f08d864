from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "pobratym.partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        # Here, not at the top: rules.py, sections.py, the services and the directory's merging
        # import models, which load only after apps.py. Importing rules.py registers the
        # permissions before any request.
        from pobratym.directory import merging  # noqa: PLC0415

        from . import rules  # noqa: F401, PLC0415
        from .sections import register_sections  # noqa: PLC0415
        from .services import partnerships_merge_authority_unsafe  # noqa: PLC0415

        register_sections()
        merging.register(
            label="partnerships: parties, deliveries received, calendar address",
            move=partnerships_merge_authority_unsafe,
            covers=[
                "partnerships.PartnershipParty.authority",
                "partnerships.Delivery.recipient",
                "partnerships.CalendarFeed.authority",
            ],
        )
