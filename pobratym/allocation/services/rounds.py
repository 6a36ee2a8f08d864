"""Running an allocation round: its settings and scope checked, candidates from matching, the
solver's proposals kept for review (docs/allocation.md)."""

import dataclasses
from collections import defaultdict

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pobratym.core.audit import audit_record
from pobratym.core.errors import InvalidInput
from pobratym.core.permissions import ensure_can
from pobratym.core.viewer import SignedIn
from pobratym.directory.enums import AuthorityKind, FrontlineStatus
from pobratym.directory.models import Association, Authority, Membership, Region
from pobratym.exchange.models import Need, Offer
from pobratym.matching import for_allocation

from ..engine.solve import solve_round
from ..engine.types import AllocationSolverError, EdgeIn, HromadaIn, OfferIn, RoundSettings
from ..errors import AllocationErrorCode
from ..models import AllocationRound, RoundProposal

# Each hromada's best offers the solver may choose from (issue: "e.g. 50").
CANDIDATES_PER_HROMADA = 50
MAX_PROPOSALS = 5
MIN_SCORE_RANGE = (-2.0, 5.0)
MAX_TITLE = 200

# Rounds propose partners to hromadas: an oblast's own authority is not one (docs/allocation.md).
SEEKING_KINDS = (AuthorityKind.HROMADA, AuthorityKind.CITY)


def _open_needs_in_scope(*, oblast: Region | None, frontline_only: bool) -> "QuerySet[Need]":
    needs = for_allocation.needs_to_match().filter(
        authority__merged_into__isnull=True, authority__kind__in=SEEKING_KINDS
    )
    if oblast is not None:
        needs = needs.filter(authority__region=oblast)
    if frontline_only:
        needs = needs.filter(authority__frontline_status=FrontlineStatus.FRONTLINE)
    return needs


def _scope_needs(*, oblast: Region | None, frontline_only: bool) -> "QuerySet[Need]":
    needs = _open_needs_in_scope(oblast=oblast, frontline_only=frontline_only)
    # Seeking: a hromada with a partnership under way with an authority abroad is not.
    return for_allocation.without_foreign_partner(needs)


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
        raise InvalidInput(message, code=AllocationErrorCode.NO_OFFERS)
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
    raise InvalidInput(message, code=AllocationErrorCode.NOBODY_SEEKING)


def _scope_offers(*, association: Association | None) -> "QuerySet[Offer]":
    offers = for_allocation.offers_to_match()
    if association is not None:
        members = Membership.objects.filter(association=association, authority__isnull=False)
        offers = offers.filter(authority_id__in=members.values("authority_id"))
    return offers


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
    if oblast is not None and oblast.country.code != for_allocation.UKRAINE:
        errors["oblast"] = _("Choose a Ukrainian oblast.")
    if errors:
        raise InvalidInput.of_fields(errors)
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
    actor: SignedIn,
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
    scored = for_allocation.round_candidates(
        need_ids=_scope_needs(oblast=oblast, frontline_only=frontline_only).values_list(
            "pk", flat=True
        ),
        offer_ids=_scope_offers(association=association).values_list("pk", flat=True),
        per_hromada=CANDIDATES_PER_HROMADA,
    )
    candidates = scored.by_hromada
    occupied = set(
        Authority.objects.filter(
            pk__in=[h.id for h in scored.hromadas], frontline_status=FrontlineStatus.OCCUPIED
        ).values_list("pk", flat=True)
    )
    settings = RoundSettings(min_score=min_score, max_proposals=max_proposals, fairness=fairness)
    hromada_inputs = [
        HromadaIn(
            id=h.id,
            population=h.population,
            is_frontline=h.is_frontline,
            oblast=h.oblast,
            is_occupied=h.id in occupied,
        )
        for h in scored.hromadas
    ]
    offer_inputs = [
        OfferIn(id=o.id, authority_id=o.authority_id, capacity=o.free_capacity or 0)
        for o in scored.offers
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
            code=AllocationErrorCode.SOLVER_TIME_LIMIT,
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
        reasons = scored.reasons_for_need(need_id)
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
