"""The sides' answers to a published proposal, and the partnership both sides' yes makes."""

import rules
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pobratym.accounts.rules import is_editor_of
from pobratym.core.audit import audit_record
from pobratym.core.errors import InvalidInput, PermissionRefused
from pobratym.core.permissions import ensure_can
from pobratym.core.viewer import Viewer
from pobratym.directory.models import Association, Authority
from pobratym.partnerships.enums import Source
from pobratym.partnerships.models import Partnership
from pobratym.partnerships.services import partnership_create_agreed_unsafe

from ..enums import Response, RoundStatus
from ..errors import AllocationErrorCode
from ..models import RoundProposal


def _side_of(proposal: RoundProposal, organisation: Authority | Association) -> str:
    if organisation == proposal.hromada:
        return "hromada"
    if organisation == proposal.offer.organisation:
        return "offer"
    raise InvalidInput(
        _("This organisation is not a side of the proposal."), code=AllocationErrorCode.NOT_A_SIDE
    )


@transaction.atomic
def proposal_answer(
    *,
    proposal: RoundProposal,
    organisation: Authority | Association,
    answer: str,
    actor: Viewer,
) -> RoundProposal:
    """One side accepts or declines a published proposal; it may change its mind later."""
    proposal = (
        RoundProposal.objects.select_for_update()
        .select_related("round", "hromada", "offer")
        .get(pk=proposal.pk)
    )
    side = _side_of(proposal, organisation)
    ensure_can(actor, "allocation.answer_proposal", organisation)
    if proposal.round.status != RoundStatus.PUBLISHED or proposal.is_removed:
        raise PermissionRefused(_("This proposal is not open for answers."))
    if answer not in (Response.ACCEPTED, Response.DECLINED):
        raise InvalidInput(
            _("Answer with accept or decline."), code=AllocationErrorCode.INVALID_ANSWER
        )
    now = timezone.now()
    if side == "hromada":
        proposal.hromada_response, proposal.hromada_answered_at = answer, now
    else:
        proposal.offer_response, proposal.offer_answered_at = answer, now
    proposal.save()
    audit_record(
        actor=actor,
        verb=f"round_proposal.{answer}",
        target=proposal,
        # A curator (the secretariat, a facilitator of the side's association) answering for a
        # side it is not an editor of: the record says so.
        details={"side": side, "on_behalf": not is_editor_of(actor, organisation)},
    )
    if proposal.is_accepted_by_both:
        # Both sides said yes: the proposal becomes a partnership, to be run on its page.
        partnership_from_round_proposal(proposal=proposal, actor=actor)
    return proposal


@transaction.atomic
def partnership_from_round_proposal(*, proposal: RoundProposal, actor: Viewer) -> Partnership:
    """Both sides accepted an allocation round's proposal: the partnership starts, in state
    interest expressed, with no initiator (either side moves it on to the dialogue).

    Idempotent: called again for the same proposal, it returns the partnership made the first
    time. Side effects: audit "partnership.created" with the first history row.
    """
    proposal = (
        RoundProposal.objects.select_for_update(of=("self",))
        .select_related("round", "round__association", "hromada", "offer", "need")
        .get(pk=proposal.pk)
    )
    offering = proposal.offer.organisation
    if not (
        rules.has_perm("allocation.answer_proposal", actor, proposal.hromada)
        or rules.has_perm("allocation.answer_proposal", actor, offering)
    ):
        raise PermissionRefused(_("You are not allowed to do this."))
    if proposal.is_removed or not proposal.is_accepted_by_both:
        raise InvalidInput(
            _("Both sides must accept the proposal first."),
            code=AllocationErrorCode.PROPOSAL_NOT_ACCEPTED,
        )
    if proposal.partnership is not None:
        return proposal.partnership
    association = proposal.round.association
    partnership = partnership_create_agreed_unsafe(
        organisations=(proposal.hromada, offering),
        source=Source.ALLOCATION_ROUND,
        need=proposal.need,
        offer=proposal.offer,
        facilitators=[association] if association is not None else [],
        actor=actor,
    )
    proposal.partnership = partnership
    proposal.save(update_fields=["partnership", "updated_at"])
    return partnership
