"""Counting attempts so that requests sent at once cannot slip past a limit.

An attempt is counted before it is checked: it locks the counter rows of its e-mail address and
its IP (a row lock on PostgreSQL; on SQLite the IMMEDIATE transaction holds the database's write
lock), drops what left the window, and either adds itself or is refused. The lock is held only
for that count, never while a password is hashed. An attempt that turns out right is forgotten
afterwards (attempt_forget), so only failures, and checks still running, count.
"""

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from .models import AttemptCounter


@dataclass(frozen=True)
class Attempt:
    action: str
    keys: tuple[str, ...]
    id: str
    # 0: let through and counted; otherwise refused (and not counted) for this many minutes.
    wait_minutes: int


def email_key(email: str) -> str:
    return _hashed("email", email.strip().lower())


def ip_key(ip_address: str) -> str:
    return _hashed("ip", ip_address)


def _hashed(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def attempt_begin(*, action: str, limits: dict[str, int], window: timedelta) -> Attempt:
    """Count one attempt against each key's limit (key: email_key or ip_key).

    Refused while a key already has its limit of attempts within the window; the wait ends
    when the oldest of those leaves it. A refusal is not counted: waiting out the window is
    enough, however often the attacker knocks.
    """
    keys = tuple(sorted(limits))
    attempt_id = secrets.token_hex(8)
    with transaction.atomic():
        AttemptCounter.objects.bulk_create(
            [AttemptCounter(action=action, key=key) for key in keys], ignore_conflicts=True
        )
        counters = list(
            AttemptCounter.objects.select_for_update()
            .filter(action=action, key__in=keys)
            .order_by("key")
        )
        # Read once the lock is held: attempts that waited for it are added in time order.
        now = timezone.now()
        wait = timedelta(0)
        for counter in counters:
            counter.attempts = [
                entry
                for entry in counter.attempts
                if datetime.fromisoformat(entry["at"]) > now - window
            ]
            limit = limits[counter.key]
            if len(counter.attempts) >= limit:
                oldest = datetime.fromisoformat(counter.attempts[-limit]["at"])
                wait = max(wait, oldest + window - now)
        if wait > timedelta(0):
            minutes = max(1, math.ceil(wait.total_seconds() / 60))
            return Attempt(action=action, keys=keys, id=attempt_id, wait_minutes=minutes)
        for counter in counters:
            counter.attempts.append({"id": attempt_id, "at": now.isoformat()})
            counter.save(update_fields=["attempts"])
    return Attempt(action=action, keys=keys, id=attempt_id, wait_minutes=0)


def attempt_forget(attempt: Attempt) -> None:
    """The attempt succeeded: it no longer counts toward any limit."""
    with transaction.atomic():
        for counter in AttemptCounter.objects.select_for_update().filter(
            action=attempt.action, key__in=attempt.keys
        ):
            counter.attempts = [entry for entry in counter.attempts if entry["id"] != attempt.id]
            counter.save(update_fields=["attempts"])
