from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "pobratym.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Here, not at the top: both modules import models, which load only after apps.py.
        from pobratym.directory import merging  # noqa: PLC0415

        from .merging import accounts_merge_authority_unsafe  # noqa: PLC0415

        merging.register(
            label="accounts: staff, invitations",
            move=accounts_merge_authority_unsafe,
            covers=["accounts.OrganisationMembership.authority", "accounts.Invitation.authority"],
        )


class PlatformAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the platform's site (admin_site.py), listed in INSTALLED_APPS."""

    default = False
    default_site = "pobratym.accounts.admin_site.PlatformAdminSite"
