"""Every write of allocation rounds: run, review (remove, swap), publish, answer."""

import dataclasses
from collections import defaultdict
from typing import Any

import rules
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pobratym.accounts.models import User
from pobratym.accounts.rules import is_editor_of
from pobratym.accounts.selectors import verified_editors
from pobratym.core.audit import audit_record
from pobratym.core.errors import InvalidInput, PermissionRefused
from pobratym.core.mail import render_email, site_link
from pobratym.core.permissions import ensure_can
from pobratym.directory.enums import AuthorityKind, FrontlineStatus
from pobratym.directory.models import Association, Authority, Membership, Region
from pobratym.exchange.embedding import get_embedder
from pobratym.exchange.models import Need, Offer
from pobratym.matching import inputs, live
from pobratym.matching.engine import MatchingIndex
from pobratym.matching.engine.scoring import UNIT
from pobratym.partnerships.enums import Source
from pobratym.partnerships.models import Partnership
from pobratym.partnerships.services import partnership_create_agreed_unsafe

from .engine.report import review_report
from .engine.solve import solve_round
from .engine.types import (
    AllocationSolverError,
    EdgeIn,
    HromadaIn,
    OfferIn,
    Proposal,
    RoundSettings,
)
from .enums import Response, RoundStatus
from .models import AllocationRound, RoundProposal
from .tasks import notify_round_published

# Each hromada's best offers the solver may choose from (issue: "e.g. 50").
CANDIDATES_PER_HROMADA = 50
MAX_PROPOSALS = 5
MIN_SCORE_RANGE = (-2.0, 5.0)
MAX_TITLE = 200


@dataclasses.dataclass(frozen=True)
class Candidate:
    offer_id: int
    score: float
    need_id: int


# Rounds propose partners to hromadas: an oblast's own authority is not one (docs/allocation.md).
SEEKING_KINDS = (AuthorityKind.HROMADA, AuthorityKind.CITY)


def _open_needs_in_scope(*, oblast: Region | None, frontline_only: bool) -> "QuerySet[Need]":
    needs = Need.objects.filter(
        inputs.matchable_needs(),
        authority__country__code=inputs.UKRAINE,
        authority__merged_into__isnull=True,
        authority__kind__in=SEEKING_KINDS,
    )
    if oblast is not None:
        needs = needs.filter(authority__region=oblast)
    if frontline_only:
        needs = needs.filter(authority__frontline_status=FrontlineStatus.FRONTLINE)
    return needs


def _scope_needs(*, oblast: Region | None, frontline_only: bool) -> "QuerySet[Need]":
    needs = _open_needs_in_scope(oblast=oblast, frontline_only=frontline_only)
    # Seeking: a hromada with a partnership under way with an authority abroad is not.
    return needs.exclude(authority_id__in=inputs.authorities_with_foreign_partner())


def _scope_words(*, oblast: Region | None, frontline_only: bool) -> str:
    where = oblast.display_name if oblast is not None else _("all of Ukraine")
    return f"{where}, {_('frontline hromadas only')}" if frontline_only else where


def _check_scope(
    *, association: Association | None, oblast: Region | None, frontline_only: bool
) -> None:
    """Refuse, saying why, a round that could only propose nothing: no open offer in it, or
    nobody seeking (instead of a report where every hromada lacks a candidate)."""
    if not _scope_offers(association=association).exists():
        if association is not None:
            message = _(
                "No member of %(association)s has an open offer: the round would have nothing "
                "to propose. Ask its members to publish their offers first."
            ) % {"association": association.display_name}
        else:
            message = _(
                "There is no open offer on the platform: the round would have nothing to propose."
            )
        raise InvalidInput(message, code="no_offers")
    if _scope_needs(oblast=oblast, frontline_only=frontline_only).exists():
        return
    scope = _scope_words(oblast=oblast, frontline_only=frontline_only)
    with_need = (
        _open_needs_in_scope(oblast=oblast, frontline_only=frontline_only)
        .values("authority_id")
        .distinct()
        .count()
    )
    if with_need:
        message = ngettext(
            "The only hromada in scope (%(scope)s) with an open need already has a partner "
            "abroad: there is nobody to propose partners to.",
            "All %(count)d hromadas in scope (%(scope)s) with an open need already have a "
            "partner abroad: there is nobody to propose partners to.",
            with_need,
        ) % {"count": with_need, "scope": scope}
    else:
        message = _(
            "In scope (%(scope)s) no hromada has an open need shared for matching: there is "
            "nobody to propose partners to."
        ) % {"scope": scope}
    raise InvalidInput(message, code="nobody_seeking")


def _scope_offers(*, association: Association | None) -> "QuerySet[Offer]":
    offers = Offer.objects.filter(inputs.matchable_offers())
    if association is not None:
        members = Membership.objects.filter(association=association, authority__isnull=False)
        offers = offers.filter(authority_id__in=members.values("authority_id"))
    return offers


def _candidates(index: MatchingIndex, need_authority: dict[int, int]) -> dict[int, list[Candidate]]:
    """Each hromada's best offers over all its needs, best first, CANDIDATES_PER_HROMADA at most."""
    best: dict[tuple[int, int], Candidate] = {}
    for need_id, hromada_id in need_authority.items():
        for offer_id, units in index.offer_keys_for_need(need_id):
            score = units / UNIT
            key = (hromada_id, offer_id)
            if key not in best or score > best[key].score:
                best[key] = Candidate(offer_id=offer_id, score=score, need_id=need_id)
    by_hromada: dict[int, list[Candidate]] = defaultdict(list)
    for (hromada_id, _offer), candidate in best.items():
        by_hromada[hromada_id].append(candidate)
    return {
        hromada_id: sorted(found, key=lambda c: (-c.score, c.offer_id))[:CANDIDATES_PER_HROMADA]
        for hromada_id, found in by_hromada.items()
    }


def _check_settings(
    *, title: str, min_score: float, max_proposals: int, oblast: Region | None
) -> str:
    errors: dict[str, str] = {}
    title = title.strip()
    if not title:
        errors["title"] = _("Give the round a title.")
    elif len(title) > MAX_TITLE:
        errors["title"] = _("Keep the title under %(limit)d characters.") % {"limit": MAX_TITLE}
    low, high = MIN_SCORE_RANGE
    if not low <= min_score <= high:
        errors["min_score"] = _("The lowest fit must be between %(low)s and %(high)s.") % {
            "low": low,
            "high": high,
        }
    if not 1 <= max_proposals <= MAX_PROPOSALS:
        errors["max_proposals"] = _("Propose between 1 and %(most)d offers per hromada.") % {
            "most": MAX_PROPOSALS
        }
    if oblast is not None and oblast.country.code != inputs.UKRAINE:
        errors["oblast"] = _("Choose a Ukrainian oblast.")
    if errors:
        raise InvalidInput(_("Some values are not valid."), extra={"fields": errors})
    return title


@transaction.atomic
def round_run(
    *,
    title: str,
    association: Association | None,
    oblast: Region | None = None,
    frontline_only: bool = False,
    min_score: float = 0.0,
    max_proposals: int = 1,
    fairness: bool = True,
    actor: Any,
) -> AllocationRound:
    """Propose offers to every seeking hromada in scope at once and keep the round for review.

    Seeking hromadas are those in scope with an open need shared for matching. Candidates are
    each one's best offers by the matching engine; the solver covers as many hromadas as
    possible, keeps small and frontline hromadas covered at least as well as the others, then
    maximises the total fit (docs/allocation.md).
    """
    ensure_can(actor, "allocation.run_round", association)
    title = _check_settings(
        title=title, min_score=min_score, max_proposals=max_proposals, oblast=oblast
    )
    _check_scope(association=association, oblast=oblast, frontline_only=frontline_only)
    model_name = get_embedder().name
    authorities = {a.id: a for a in inputs.authority_inputs()}
    needs = [
        need
        for need in inputs.need_inputs(
            _scope_needs(oblast=oblast, frontline_only=frontline_only).values_list("pk", flat=True),
            model_name,
        )
        if need.authority_id in authorities and authorities[need.authority_id].is_hromada
    ]
    offers = inputs.offer_inputs(
        _scope_offers(association=association).values_list("pk", flat=True), model_name
    )
    index = MatchingIndex(
        authorities=authorities.values(),
        needs=needs,
        offers=offers,
        top_k=CANDIDATES_PER_HROMADA,
        centring=live.current_index().centring,
    )
    index.recompute()
    candidates = _candidates(index, {need.id: need.authority_id for need in needs})
    seeking = sorted({need.authority_id for need in needs})
    occupied = set(
        Authority.objects.filter(
            pk__in=seeking, frontline_status=FrontlineStatus.OCCUPIED
        ).values_list("pk", flat=True)
    )
    settings = RoundSettings(min_score=min_score, max_proposals=max_proposals, fairness=fairness)
    hromada_inputs = [
        HromadaIn(
            id=pk,
            population=authorities[pk].population,
            is_frontline=authorities[pk].frontline,
            oblast=authorities[pk].region or "",
            is_occupied=pk in occupied,
        )
        for pk in seeking
    ]
    offer_inputs = [
        OfferIn(id=o.id, authority_id=o.authority_id, capacity=o.free_capacity or 0) for o in offers
    ]
    try:
        result = solve_round(
            hromadas=hromada_inputs,
            offers=offer_inputs,
            edges=[
                EdgeIn(hromada_id=pk, offer_id=c.offer_id, score=c.score)
                for pk, found in candidates.items()
                for c in found
            ],
            settings=settings,
        )
    except AllocationSolverError as stopped:
        raise InvalidInput(
            _("The solver found no answer in time. Narrow the round to an oblast and try again."),
            code="solver_time_limit",
        ) from stopped
    allocation_round = AllocationRound.objects.create(
        title=title,
        association=association,
        oblast=oblast,
        frontline_only=frontline_only,
        min_score=min_score,
        max_proposals=max_proposals,
        fairness=fairness,
        created_by=actor,
        report=dataclasses.asdict(result.report),
        candidates={
            str(pk): [[c.offer_id, round(c.score, 4), c.need_id] for c in found]
            for pk, found in candidates.items()
        },
        solver_inputs={
            "hromadas": [dataclasses.asdict(h) for h in hromada_inputs],
            "offers": [dataclasses.asdict(o) for o in offer_inputs],
        },
    )
    chosen = {(p.hromada_id, p.offer_id): p.score for p in result.proposals}
    by_need: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for hromada_id, offer_id in chosen:
        need_id = next(c.need_id for c in candidates[hromada_id] if c.offer_id == offer_id)
        by_need[need_id].append((hromada_id, offer_id))
    proposals = []
    for need_id, pairs in by_need.items():
        reasons = {
            c.offer_id: [r.as_dict() for r in c.reasons] for c in index.offers_for_need(need_id)
        }
        proposals += [
            RoundProposal(
                round=allocation_round,
                hromada_id=hromada_id,
                offer_id=offer_id,
                need_id=need_id,
                score=round(chosen[(hromada_id, offer_id)], 4),
                reasons=reasons.get(offer_id, []),
            )
            for hromada_id, offer_id in pairs
        ]
    RoundProposal.objects.bulk_create(proposals)
    audit_record(
        actor=actor,
        verb="allocation_round.run",
        target=allocation_round,
        details={
            "seeking": result.report.seeking,
            "covered": result.report.covered,
            "proposals": len(proposals),
        },
    )
    return allocation_round


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
            code="round_published",
        )


@transaction.atomic
def proposal_remove(*, proposal: RoundProposal, actor: Any) -> RoundProposal:
    """Take a proposal out of a round under review."""
    allocation_round = AllocationRound.objects.select_for_update().get(pk=proposal.round_id)
    ensure_can(actor, "allocation.review_round", allocation_round)
    _under_review(allocation_round)
    proposal.is_removed = True
    proposal.save(update_fields=["is_removed", "updated_at"])
    _refresh_report(allocation_round)
    audit_record(actor=actor, verb="round_proposal.removed", target=proposal)
    return proposal


def _pair_reasons(need_id: int, offer_id: int) -> list[dict[str, object]]:
    """The reasons of one need × offer pair, scored as the platform scores it now."""
    model_name = get_embedder().name
    need = inputs.need_inputs([need_id], model_name)
    offer = inputs.offer_inputs([offer_id], model_name)
    if not need or not offer:
        return []
    wanted = {need[0].authority_id, offer[0].authority_id}
    index = MatchingIndex(
        authorities=[a for a in inputs.authority_inputs() if a.id in wanted],
        needs=need,
        offers=offer,
        top_k=1,
        centring=live.current_index().centring,
    )
    index.recompute()
    found = index.offers_for_need(need_id)
    return [r.as_dict() for r in found[0].reasons] if found else []


@transaction.atomic
def proposal_swap(*, proposal: RoundProposal, offer_id: int, actor: Any) -> RoundProposal:
    """Replace a proposal's offer by another of the hromada's candidates with room left."""
    allocation_round = AllocationRound.objects.select_for_update().get(pk=proposal.round_id)
    ensure_can(actor, "allocation.review_round", allocation_round)
    _under_review(allocation_round)
    candidates = {
        row[0]: Candidate(offer_id=row[0], score=row[1], need_id=row[2])
        for row in allocation_round.candidates.get(str(proposal.hromada_id), [])
    }
    candidate = candidates.get(offer_id)
    if candidate is None or offer_id == proposal.offer_id:
        raise InvalidInput(
            _("Choose another of this hromada's candidate offers."), code="not_a_candidate"
        )
    if candidate.score < allocation_round.min_score:
        raise InvalidInput(
            _(
                "This offer fits less than the round's lowest fit (%(fit).2f < %(lowest).2f): "
                "the round never proposes such a pair."
            )
            % {"fit": candidate.score, "lowest": allocation_round.min_score},
            code="below_min_score",
        )
    offer = Offer.objects.get(pk=offer_id)
    active = allocation_round.proposals.filter(is_removed=False)
    if active.filter(offer_id=offer_id).count() >= _places(allocation_round).get(offer_id, 0):
        raise InvalidInput(
            _("This offer has no room left in the round: remove one of its proposals first."),
            code="capacity_full",
        )
    same_authority = (
        active.filter(hromada_id=proposal.hromada_id, offer__authority=offer.authority)
        .exclude(pk=proposal.pk)
        .exists()
    )
    if same_authority:
        raise InvalidInput(
            _("This hromada already has a proposal from the same authority."),
            code="same_authority",
        )
    proposal.is_removed = True
    proposal.save(update_fields=["is_removed", "updated_at"])
    replacement = RoundProposal.objects.create(
        round=allocation_round,
        hromada_id=proposal.hromada_id,
        offer=offer,
        need_id=candidate.need_id,
        score=candidate.score,
        reasons=_pair_reasons(candidate.need_id, offer_id),
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
def round_publish(*, allocation_round: AllocationRound, actor: Any) -> AllocationRound:
    """Show the round's proposals to both sides, who may then accept or decline them."""
    allocation_round = AllocationRound.objects.select_for_update().get(pk=allocation_round.pk)
    ensure_can(actor, "allocation.review_round", allocation_round)
    _under_review(allocation_round)
    if not allocation_round.proposals.filter(is_removed=False).exists():
        raise InvalidInput(
            _("The round has no proposals left to publish."), code="nothing_to_publish"
        )
    allocation_round.status = RoundStatus.PUBLISHED
    allocation_round.published_at = timezone.now()
    allocation_round.published_by = actor
    allocation_round.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    audit_record(actor=actor, verb="allocation_round.published", target=allocation_round)
    round_id = allocation_round.pk
    transaction.on_commit(lambda: notify_round_published.enqueue(round_id=round_id))
    return allocation_round


@transaction.atomic
def round_notify_sides(*, round_id: int) -> int:
    """Tell each side's editors, in their own language, which proposals concern them; once per
    round (safe to retry). Returns how many e-mails were sent."""
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
        subject, body = render_email("allocation/email/published", context, language=user.language)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    allocation_round.sides_notified_at = timezone.now()
    allocation_round.save(update_fields=["sides_notified_at", "updated_at"])
    return len(per_user)


def _side_of(proposal: RoundProposal, organisation: Authority | Association) -> str:
    if organisation == proposal.hromada:
        return "hromada"
    if organisation == proposal.offer.organisation:
        return "offer"
    raise InvalidInput(_("This organisation is not a side of the proposal."), code="not_a_side")


@transaction.atomic
def proposal_answer(
    *,
    proposal: RoundProposal,
    organisation: Authority | Association,
    answer: str,
    actor: Any,
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
        raise InvalidInput(_("Answer with accept or decline."), code="invalid_answer")
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
def partnership_from_round_proposal(*, proposal: RoundProposal, actor: Any) -> Partnership:
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
            _("Both sides must accept the proposal first."), code="proposal_not_accepted"
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
