"""Signing up and confirming the address: an account stays inactive until its owner follows the
link sent to it; and the language the person chose."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from pobratym.core.audit import audit_record
from pobratym.core.errors import InvalidInput

from .. import notifications, throttle
from ..models import User

CONFIRMATION_SALT = "pobratym.accounts.confirm-email"
CONFIRMATION_MAX_AGE = timedelta(days=3)
# What a counter counts (AttemptCounter.action): notices to the owner of a taken address.
SIGN_UP_NOTICE = "sign_up_notice"


@transaction.atomic
def user_sign_up(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    language: str,
    then: str = "",
) -> User | None:
    """Create an account that stays inactive until its e-mail address is confirmed. then: a
    path of this site the confirmation link leads on to (the claim of the organisation the
    person came from); the caller checks that it is local.

    An address that already has an account is not revealed: nothing changes, the caller shows
    the same page, and the owner is told by e-mail instead (returns None then). Raises
    InvalidInput (field "password") for a weak password, for either kind of address.

    Side effects: the confirmation e-mail after commit, audit "user.signed_up"; or the owner's
    notice (at most PASSWORD_RESET_LIMIT_PER_ADDRESS within the window), audit
    "user.sign_up_repeated".
    """
    email = User.objects.normalize_email(email.strip())
    user = User(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        language=language if language in dict(settings.LANGUAGES) else "uk",
        is_active=False,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise InvalidInput.of_field("password", " ".join(error.messages)) from error
    # Hashed either way, so that a taken address takes as long to answer as a new one.
    user.set_password(password)
    owner = User.objects.filter(email__iexact=email).first()
    if owner is None:
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # the same address, signed up at the same moment
            owner = User.objects.get(email__iexact=email)
    if owner is not None:
        _sign_up_repeated(owner=owner, typed_email=email)
        return None
    audit_record(actor=None, actor_label=email, verb="user.signed_up", target=user)
    token = confirmation_token(user, then=then)
    transaction.on_commit(lambda: notifications.send_confirmation(user, token))
    return user


def _sign_up_repeated(*, owner: User, typed_email: str) -> None:
    audit_record(actor=None, actor_label=typed_email, verb="user.sign_up_repeated", target=owner)
    # Limited like reset e-mails: nobody floods an owner's mailbox by signing up again and again.
    attempt = throttle.attempt_begin(
        action=SIGN_UP_NOTICE,
        limits={throttle.email_key(owner.email): settings.PASSWORD_RESET_LIMIT_PER_ADDRESS},
        window=timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES),
    )
    if attempt.wait_minutes:
        return
    # An owner who never confirmed gets a fresh link: the one that expired is why they are back.
    token = confirmation_token(owner) if owner.email_confirmed_at is None else ""
    transaction.on_commit(lambda: notifications.send_sign_up_repeated(owner, token))


def _password_fingerprint(user: User) -> str:
    """Changes with the password: a link issued before a new password is no longer valid."""
    return salted_hmac(CONFIRMATION_SALT, user.password).hexdigest()[:32]


def confirmation_token(user: User, *, then: str = "") -> str:
    data = {"user": user.pk, "email": user.email, "password": _password_fingerprint(user)}
    if then:
        data["then"] = then
    return signing.dumps(data, salt=CONFIRMATION_SALT)


def confirmation_then(token: str) -> str:
    """Where a valid confirmation link leads on to ("" when nowhere in particular)."""
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        return ""
    then = data.get("then", "") if isinstance(data, dict) else ""
    return then if isinstance(then, str) else ""


@transaction.atomic
def user_confirm_email(*, token: str) -> User:
    """Activate the account the token was issued for; the caller then signs the person in.

    One use only (a link left in a mailbox must not sign anyone in later), and never once the
    password has changed. Audit "user.email_confirmed".
    """
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired as expired:
        raise InvalidInput(_("This confirmation link has expired. Sign up again.")) from expired
    except signing.BadSignature as bad:
        raise InvalidInput(_("This confirmation link is not valid.")) from bad
    user = (
        User.objects.select_for_update()
        .filter(pk=data.get("user"), email=data.get("email"), erased_at__isnull=True)
        .first()
    )
    if user is None or not constant_time_compare(
        str(data.get("password", "")), _password_fingerprint(user)
    ):
        raise InvalidInput(_("This confirmation link is not valid."))
    if user.email_confirmed_at is not None:
        raise InvalidInput(
            _("This confirmation link has already been used. Sign in with your password.")
        )
    user.email_confirmed_at = timezone.now()
    user.is_active = True
    user.save(update_fields=["email_confirmed_at", "is_active"])
    audit_record(actor=user, verb="user.email_confirmed", target=user)
    return user


@transaction.atomic
def user_language_set(*, language: str, actor: User) -> User:
    """Save the language the person chose with the switch: their pages and e-mails use it.

    Side effects: audit "user.language_changed" when it changed; nothing when it did not.
    """
    if language not in dict(settings.LANGUAGES):
        raise InvalidInput.of_field("language", _("The platform has no such language."))
    user = User.objects.select_for_update().get(pk=actor.pk)
    if user.language != language:
        before, user.language = user.language, language
        user.save(update_fields=["language"])
        audit_record(
            actor=actor,
            verb="user.language_changed",
            target=user,
            changes={"language": [before, language]},
        )
    actor.language = user.language
    return user
