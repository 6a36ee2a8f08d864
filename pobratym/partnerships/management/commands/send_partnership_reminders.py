"""Queue today's partnership reminders (run it daily, e.g. from cron); safe to run again."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from pobratym.partnerships.tasks import send_reminders


class Command(BaseCommand):
    help = (
        "Send e-mail reminders of follow-up actions due tomorrow and agreements due for renewal "
        "within 30 days. Each reminder goes out once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_reminders.enqueue()
        self.stdout.write(
            self.style.SUCCESS(_("Reminders queued (task %(id)s).") % {"id": result.id})
        )
