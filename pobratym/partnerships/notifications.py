"""E-mails of partnerships, each rendered in its recipient's own language."""

from collections.abc import Iterable
from typing import Any

from pobratym.accounts.models import User
from pobratym.accounts.notifications import queue_email
from pobratym.accounts.selectors import verified_editors

from .models import PartnershipParty


def editors_of(parties: Iterable[PartnershipParty]) -> list[User]:
    """The active, verified editors (and staff) of these parties, each once."""
    parties = list(parties)
    return verified_editors(
        authority_ids=[p.authority_id for p in parties if p.authority_id],
        association_ids=[p.association_id for p in parties if p.association_id],
    )


def send(*, to: User, template: str, context: dict[str, Any]) -> None:
    """Render the e-mail in the recipient's language and queue it with accounts' mailer."""
    queue_email(
        email=to.email,
        language=to.language,
        template=f"partnerships/email/{template}",
        context=context,
    )
