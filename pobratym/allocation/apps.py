from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationConfig(AppConfig):
    name = "pobratym.allocation"
    verbose_name = _("Allocation rounds")

    def ready(self) -> None:
        # Here, not at the top: rules.py and both merging modules import models, which load only
        # after apps.py. Importing rules.py registers the permissions with rules before any
        # request is served.
        from pobratym.directory import merging  # noqa: PLC0415

        from . import rules  # noqa: F401, PLC0415
        from .merging import allocation_merge_authority_unsafe  # noqa: PLC0415

        merging.register(
            label="allocation: round proposals",
            move=allocation_merge_authority_unsafe,
            covers=["allocation.RoundProposal.hromada"],
        )
