"""Reviewing a round before it is published: a proposal removed, an offer swapped for another
candidate (the report recomputed each time), and the round published to both sides."""

import dataclasses

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pobratym.core.audit import audit_record
from pobratym.core.errors import InvalidInput
from pobratym.core.permissions import ensure_can
from pobratym.core.viewer import SignedIn, Viewer
from pobratym.exchange.models import Offer
from pobratym.matching import for_allocation
from pobratym.matching.for_allocation import CandidateOffer

from ..engine.report import review_report
from ..engine.types import EdgeIn, HromadaIn, OfferIn, Proposal, RoundSettings
from ..enums import RoundStatus
from ..errors import AllocationErrorCode
from ..models import AllocationRound, RoundProposal
from ..tasks import notify_round_published


def _places(allocation_round: AllocationRound) -> dict[int, int]:
    """Each offer's free places when the round ran."""
    return {o["id"]: o["capacity"] for o in allocation_round.solver_inputs.get("offers", [])}


def _refresh_report(allocation_round: AllocationRound) -> None:
    """Recompute the report from the proposals left after a review change (docs/allocation.md):
    coverage, total fit, fairness checks and reasons; the solver's own figures are the run's."""
    inputs = allocation_round.solver_inputs
    offers = [OfferIn(**o) for o in inputs.get("offers", [])]
    known = {o.id for o in offers}
    proposals = allocation_round.proposals.all()
    report = review_report(
        hromadas=[HromadaIn(**h) for h in inputs.get("hromadas", [])],
        offers=offers,
        edges=[
            EdgeIn(hromada_id=int(pk), offer_id=row[0], score=row[1])
            for pk, rows in allocation_round.candidates.items()
            for row in rows
            if row[0] in known
        ],
        proposals=[
            Proposal(hromada_id=p.hromada_id, offer_id=p.offer_id, score=p.score)
            for p in proposals
            if not p.is_removed
        ],
        settings=RoundSettings(
            min_score=allocation_round.min_score,
            max_proposals=allocation_round.max_proposals,
            fairness=allocation_round.fairness,
        ),
        removed_hromada_ids={p.hromada_id for p in proposals if p.is_removed},
        max_coverage=allocation_round.report.get("max_coverage", 0),
        fit_unconstrained=allocation_round.report.get("fit_unconstrained", 0.0),
    )
    allocation_round.report = {
        **dataclasses.asdict(report),
        "stages": allocation_round.report.get("stages", []),
        "seconds": allocation_round.report.get("seconds", 0.0),
    }
    allocation_round.save(update_fields=["report", "updated_at"])


def _under_review(allocation_round: AllocationRound) -> None:
    if allocation_round.status != RoundStatus.UNDER_REVIEW:
        raise InvalidInput(
            _("This round is published: its proposals can no longer be changed."),
            code=AllocationErrorCode.ROUND_PUBLISHED,
        )


@transaction.atomic
def proposal_remove(*, proposal: RoundProposal, actor: Viewer) -> RoundProposal:
    """Take a proposal out of a round under review."""
    allocation_round = AllocationRound.objects.select_for_update().get(pk=proposal.round_id)
    ensure_can(actor, "allocation.review_round", allocation_round)
    _under_review(allocation_round)
    proposal.is_removed = True
    proposal.save(update_fields=["is_removed", "updated_at"])
    _refresh_report(allocation_round)
    audit_record(actor=actor, verb="round_proposal.removed", target=proposal)
    return proposal


@transaction.atomic
def proposal_swap(*, proposal: RoundProposal, offer_id: int, actor: Viewer) -> RoundProposal:
    """Replace a proposal's offer by another of the hromada's candidates with room left."""
    allocation_round = AllocationRound.objects.select_for_update().get(pk=proposal.round_id)
    ensure_can(actor, "allocation.review_round", allocation_round)
    _under_review(allocation_round)
    candidates = {
        row[0]: CandidateOffer(offer_id=row[0], score=row[1], need_id=row[2])
        for row in allocation_round.candidates.get(str(proposal.hromada_id), [])
    }
    candidate = candidates.get(offer_id)
    if candidate is None or offer_id == proposal.offer_id:
        raise InvalidInput(
            _("Choose another of this hromada's candidate offers."),
            code=AllocationErrorCode.NOT_A_CANDIDATE,
        )
    if candidate.score < allocation_round.min_score:
        raise InvalidInput(
            _(
                "This offer fits less than the round's lowest fit (%(fit).2f < %(lowest).2f): "
                "the round never proposes such a pair."
            )
            % {"fit": candidate.score, "lowest": allocation_round.min_score},
            code=AllocationErrorCode.BELOW_MIN_SCORE,
        )
    offer = Offer.objects.get(pk=offer_id)
    active = allocation_round.proposals.filter(is_removed=False)
    if active.filter(offer_id=offer_id).count() >= _places(allocation_round).get(offer_id, 0):
        raise InvalidInput(
            _("This offer has no room left in the round: remove one of its proposals first."),
            code=AllocationErrorCode.CAPACITY_FULL,
        )
    same_authority = (
        active.filter(hromada_id=proposal.hromada_id, offer__authority=offer.authority)
        .exclude(pk=proposal.pk)
        .exists()
    )
    if same_authority:
        raise InvalidInput(
            _("This hromada already has a proposal from the same authority."),
            code=AllocationErrorCode.SAME_AUTHORITY,
        )
    proposal.is_removed = True
    proposal.save(update_fields=["is_removed", "updated_at"])
    replacement = RoundProposal.objects.create(
        round=allocation_round,
        hromada_id=proposal.hromada_id,
        offer=offer,
        need_id=candidate.need_id,
        score=candidate.score,
        reasons=for_allocation.pair_reasons(need_id=candidate.need_id, offer_id=offer_id),
        added_in_review=True,
    )
    _refresh_report(allocation_round)
    audit_record(
        actor=actor,
        verb="round_proposal.swapped",
        target=replacement,
        details={"replaced": proposal.pk, "offer_before": proposal.offer_id},
    )
    return replacement


@transaction.atomic
def round_publish(*, allocation_round: AllocationRound, actor: SignedIn) -> AllocationRound:
    """Show the round's proposals to both sides, who may then accept or decline them."""
    allocation_round = AllocationRound.objects.select_for_update().get(pk=allocation_round.pk)
    ensure_can(actor, "allocation.review_round", allocation_round)
    _under_review(allocation_round)
    if not allocation_round.proposals.filter(is_removed=False).exists():
        raise InvalidInput(
            _("The round has no proposals left to publish."),
            code=AllocationErrorCode.NOTHING_TO_PUBLISH,
        )
    allocation_round.status = RoundStatus.PUBLISHED
    allocation_round.published_at = timezone.now()
    allocation_round.published_by = actor
    allocation_round.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    audit_record(actor=actor, verb="allocation_round.published", target=allocation_round)
    round_id = allocation_round.pk
    transaction.on_commit(lambda: notify_round_published.enqueue(round_id=round_id))
    return allocation_round
