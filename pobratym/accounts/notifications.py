"""E-mails of the accounts domain, each rendered in its recipient's own language."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from pobratym.core.mail import render_email, site_link

from .models import Invitation, OrganisationMembership, OrganisationRequest, User
from .tasks import deliver_email


def _link(view: str, *args: Any) -> str:
    return site_link(reverse(view, args=args))


def queue_email(*, email: str, language: str, template: str, context: dict[str, Any]) -> None:
    """Render the e-mail (`<template>_subject.txt`, `<template>_body.txt`) in the recipient's
    language and queue it: every app's mail goes out through this one task, never inside the
    request or the write that asks for it."""
    subject, body = render_email(template, context, language=language)
    deliver_email.enqueue(recipient=email, subject=subject, body=body)


def _send(*, email: str, language: str, template: str, context: dict[str, Any]) -> None:
    queue_email(
        email=email, language=language, template=f"accounts/email/{template}", context=context
    )


def _send_to(person: User, *, template: str, context: dict[str, Any]) -> None:
    """_send to someone with an account, in the language they chose."""
    _send(email=person.email, language=person.language, template=template, context=context)


def send_confirmation(user: User, token: str) -> None:
    _send_to(
        user,
        template="confirm",
        context={"user": user, "link": _link("accounts:confirm", token)},
    )


def send_sign_up_repeated(owner: User, confirmation_token: str) -> None:
    """Someone signed up with the owner's address: where to sign in or choose a new password;
    for an account never confirmed, a new confirmation link instead."""
    _send_to(
        owner,
        template="sign_up_repeated",
        context={
            "user": owner,
            "confirm_link": _link("accounts:confirm", confirmation_token)
            if confirmation_token
            else "",
            "login_link": _link("accounts:login"),
            "reset_link": _link("accounts:password_reset"),
        },
    )


def send_claim_to_deciders(membership: OrganisationMembership, deciders: Iterable[User]) -> None:
    for person in deciders:
        _send_to(
            person,
            template="claim",
            context={
                "membership": membership,
                "person": person,
                "link": _link("accounts:verifications"),
            },
        )


def send_claim_decision(membership: OrganisationMembership) -> None:
    _send_to(
        membership.user,
        template="decision",
        context={"membership": membership, "link": _link("accounts:home")},
    )


def send_invitation(invitation: Invitation) -> None:
    invitee = User.objects.filter(email__iexact=invitation.email).first()
    language = invitee.language if invitee else invitation.invited_by.language
    _send(
        email=invitation.email,
        language=language,
        template="invitation",
        context={"invitation": invitation, "link": _link("accounts:invitation", invitation.token)},
    )


def send_organisation_request(request: OrganisationRequest) -> None:
    for person in User.objects.filter(is_secretariat=True, is_active=True):
        _send_to(
            person,
            template="organisation_request",
            context={"request": request, "person": person, "link": _link("accounts:verifications")},
        )


def send_written_message(recipients: Iterable[User], context: dict[str, Any]) -> None:
    """A message written through the platform, to each of the organisation's members."""
    for person in recipients:
        _send_to(person, template="written", context=context)
