"""Telling both sides of a published round which proposals concern them."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pobratym.accounts.models import User
from pobratym.accounts.notifications import queue_email
from pobratym.accounts.selectors import verified_editors
from pobratym.core.mail import site_link

from ..enums import RoundStatus
from ..models import AllocationRound, RoundProposal


@transaction.atomic
def round_notify_sides(*, round_id: int) -> int:
    """Tell each side's editors, in their own language, which proposals concern them; once per
    round (safe to retry), each e-mail through accounts' queued mailer. Returns how many e-mails
    were queued."""
    allocation_round = AllocationRound.objects.select_for_update().get(pk=round_id)
    if allocation_round.status != RoundStatus.PUBLISHED or allocation_round.sides_notified_at:
        return 0
    proposals = list(
        allocation_round.proposals.filter(is_removed=False).select_related(
            "hromada", "offer", "offer__authority", "offer__association"
        )
    )
    per_user: dict[int, tuple[User, list[RoundProposal]]] = {}
    for proposal in proposals:
        offer = proposal.offer
        sides = (
            {"authority_ids": [proposal.hromada_id]},
            {
                "authority_ids": [offer.authority_id] if offer.authority_id else [],
                "association_ids": [offer.association_id] if offer.association_id else [],
            },
        )
        for side in sides:
            for user in verified_editors(**side):
                per_user.setdefault(user.pk, (user, []))[1].append(proposal)
    link = site_link(reverse("allocation:home"))
    for user, theirs in per_user.values():
        context = {"round": allocation_round, "proposals": theirs, "link": link}
        queue_email(
            email=user.email,
            language=user.language,
            template="allocation/email/published",
            context=context,
        )
    allocation_round.sides_notified_at = timezone.now()
    allocation_round.save(update_fields=["sides_notified_at", "updated_at"])
    return len(per_user)
