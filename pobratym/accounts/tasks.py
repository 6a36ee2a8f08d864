"""Background work of the accounts domain: e-mail delivery, one message per task."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def deliver_email(*, recipient: str, subject: str, body: str) -> None:
    """Send one plain-text e-mail. Idempotent enough to retry: a duplicate is only a nuisance."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
