"""One submission of a form makes one record, however many times the browser sends it.

A write form carries a one-time key ({% submission_key %}). The first request with that key
claims it (a unique row, committed before the view runs) and records where its answer led;
the same key sent again — a double click, a request retried on a slow line — does not run the
view a second time: it waits briefly for the first to finish and is sent where the first one
led. A form that comes back with errors releases its key, so the corrected form can be sent.
"""

import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import FormSubmission

FIELD = "submission"
KEY_LENGTH = 32
# How long a repeated request waits for the first one to finish, and how long keys are kept.
WAIT_SECONDS = 10.0
KEPT_FOR = timedelta(days=1)

View = Callable[..., HttpResponse]


def new_key() -> str:
    return secrets.token_urlsafe(24)[:KEY_LENGTH]


def _key(request: HttpRequest) -> str:
    key = request.POST.get(FIELD, "") if request.method == "POST" else ""
    return key if len(key) == KEY_LENGTH and key.replace("-", "").replace("_", "").isalnum() else ""


def _claim(user_id: int, key: str) -> bool:
    FormSubmission.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    try:
        with transaction.atomic():
            FormSubmission.objects.create(user_id=user_id, key=key)
    except IntegrityError:
        return False
    return True


def _answer_again(request: HttpRequest, user_id: int, key: str) -> HttpResponse | None:
    """Where the first request with this key led, once it has finished; None when it came
    back with errors and let the key go (this request may then run)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        row = FormSubmission.objects.filter(user_id=user_id, key=key).first()
        if row is None:
            return None
        if row.location:
            messages.info(request, _("This form had already been sent; it was saved once."))
            return HttpResponseRedirect(row.location)
        if time.monotonic() > deadline:
            messages.info(request, _("This form is still being saved. Reload the page shortly."))
            return HttpResponseRedirect(request.get_full_path())
        time.sleep(0.2)


def once_per_submission(view: View) -> View:
    """Run a write view once per submission key (see the module's docstring)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = _key(request)
        user_id = request.user.pk if request.user.is_authenticated else None
        if not key or not isinstance(user_id, int):
            return view(request, *args, **kwargs)
        while not _claim(user_id, key):
            answer = _answer_again(request, user_id, key)
            if answer is not None:
                return answer
        claimed = FormSubmission.objects.filter(user_id=user_id, key=key)
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            claimed.delete()
            raise
        if isinstance(response, HttpResponseRedirect):
            claimed.update(location=response["Location"])
        else:
            claimed.delete()
        return response

    return wrapped
