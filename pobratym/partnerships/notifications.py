"""E-mails of partnerships, each rendered in its recipient's own language."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from pobratym.accounts.enums import MembershipState
from pobratym.accounts.models import User

from .models import Partnership, PartnershipParty


def link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def editors_of(parties: Iterable[PartnershipParty]) -> list[User]:
    """The active, verified editors (and staff) of these parties, each once."""
    query = None
    for party in parties:
        condition = (
            {"organisation_memberships__authority_id": party.authority_id}
            if party.authority_id
            else {"organisation_memberships__association_id": party.association_id}
        )
        found = User.objects.filter(
            is_active=True,
            organisation_memberships__state=MembershipState.VERIFIED,
            **condition,
        )
        query = found if query is None else query | found
    if query is None:
        return []
    return list(query.distinct().order_by("pk"))


def send(*, to: User, template: str, context: dict[str, Any]) -> None:
    """Render the e-mail in the recipient's language and send it now (tasks call this)."""
    with translation.override(to.language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"partnerships/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"partnerships/email/{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to.email])


def partnership_with_parties(pk: int) -> Partnership:
    return Partnership.objects.prefetch_related("parties__authority", "parties__association").get(
        pk=pk
    )
