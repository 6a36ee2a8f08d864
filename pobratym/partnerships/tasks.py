"""Background work of partnerships: ids in, one service call, idempotent."""

from django_tasks import task


@task()
def notify_interest(*, partnership_id: int) -> None:
    """E-mail the other side's editors about an interest expressed in them; a no-op once done."""
    # Imported here: the services enqueue this task, so a module-level import would be circular.
    from .services import interest_notify  # noqa: PLC0415

    interest_notify(partnership_id=partnership_id)


@task()
def notify_message(*, message_id: int) -> None:
    """E-mail the other parties' editors about a new message; a no-op once done."""
    # Imported here, as above: the services import this module.
    from .services import message_notify  # noqa: PLC0415

    message_notify(message_id=message_id)


@task()
def send_reminders() -> None:
    """Send the reminders due today (follow-ups due tomorrow, renewals within 30 days); each
    reminder goes out once."""
    # Imported here, as above: the services import this module.
    from .services import reminders_send  # noqa: PLC0415

    reminders_send()
