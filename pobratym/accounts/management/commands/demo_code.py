"""Print the current second-factor code of a demo account (never of a real one)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pobratym.accounts.demo import DEMO_DOMAIN


class Command(BaseCommand):
    help = "Print the current two-step sign-in code of a demo account (the README lists them)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        if not email.endswith(f"@{DEMO_DOMAIN}"):
            raise CommandError(
                _("Only demo accounts (@%(domain)s) have a printable code.")
                % {"domain": DEMO_DOMAIN}
            )
        device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
        if device is None:
            raise CommandError(
                _("No demo account %(email)s with a second factor.") % {"email": email}
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
