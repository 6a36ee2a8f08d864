from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "pobratym.accounts"
    verbose_name = _("Accounts")


class PlatformAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the platform's site (admin_site.py), listed in INSTALLED_APPS."""

    default = False
    default_site = "pobratym.accounts.admin_site.PlatformAdminSite"
