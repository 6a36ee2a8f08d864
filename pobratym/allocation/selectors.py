"""Reads of allocation rounds: who sees which round, the report in words, proposals per side."""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import rules
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pobratym.accounts.rules import (
    associations_facilitated_by,
    is_secretariat,
    verified_organisation_ids,
)
from pobratym.core.errors import NotFound
from pobratym.core.viewer import Viewer
from pobratym.directory.enums import FrontlineStatus, PopulationBand
from pobratym.directory.models import Association, Authority, Membership, Region
from pobratym.exchange.models import Offer
from pobratym.matching.engine import Reason
from pobratym.matching.reasons import Names, ReasonText, reason_texts

from .enums import Response, RoundStatus
from .models import AllocationRound, RoundProposal


def rounds_for_viewer(*, viewer: Viewer) -> "QuerySet[AllocationRound]":
    """The rounds a viewer runs or reviews: all for the secretariat, its associations' for a
    facilitator, none for anyone else."""
    rounds = AllocationRound.objects.select_related("association", "oblast", "created_by")
    if is_secretariat(viewer):
        return rounds
    return rounds.filter(association_id__in=associations_facilitated_by(viewer))


def round_for_viewer(*, pk: int, viewer: Viewer) -> AllocationRound:
    found = rounds_for_viewer(viewer=viewer).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such round, or it is not yours to review."))
    return found


def reasons_of(proposal: RoundProposal, names: Names) -> list[ReasonText]:
    """The stored reasons, phrased in the reader's language."""
    reasons = tuple(
        Reason(
            code=str(stored["code"]),
            points=float(stored["points"]),
            values={
                key: tuple(value) if isinstance(value, list) else value
                for key, value in stored.items()
                if key not in ("code", "points")
            },
        )
        for stored in proposal.reasons
    )
    return reason_texts(reasons, names)


@dataclass(frozen=True)
class ProposalRow:
    proposal: RoundProposal
    reasons: list[ReasonText]
    alternatives: list[tuple[Offer, float]]
    # Published: the sides the viewer may answer for ("hromada" or "offer", the organisation).
    answerable: list[tuple[str, Authority | Association]]


def _answerable(
    viewer: Viewer, proposal: RoundProposal
) -> list[tuple[str, Authority | Association]]:
    sides: list[tuple[str, Authority | Association]] = [
        ("hromada", proposal.hromada),
        ("offer", proposal.offer.organisation),
    ]
    return [
        (side, organisation)
        for side, organisation in sides
        if rules.has_perm("allocation.answer_proposal", viewer, organisation)
    ]


def round_proposals(*, allocation_round: AllocationRound, viewer: Viewer) -> list[ProposalRow]:
    """The round's proposals in review order, each with its reasons; while under review, the
    hromada's other candidate offers that still have room; once published, the sides the
    viewer may answer for (the secretariat answers for either, as the rules allow)."""
    shown = allocation_round.proposals.all()
    if allocation_round.status == RoundStatus.PUBLISHED:
        # Removed in review is part of the review's record, never of the published round.
        shown = shown.filter(is_removed=False)
    proposals = list(
        shown.select_related(
            "hromada",
            "hromada__region",
            "offer",
            "offer__authority",
            "offer__authority__country",
            "offer__association",
            "need",
        ).order_by("is_removed", "hromada__name", "pk")
    )
    active = [p for p in proposals if not p.is_removed]
    alternatives: dict[int, list[tuple[Offer, float]]] = {}
    if allocation_round.status == RoundStatus.UNDER_REVIEW:
        taken: dict[int, int] = {}
        for p in active:
            taken[p.offer_id] = taken.get(p.offer_id, 0) + 1
        wanted = {
            row[0] for p in active for row in allocation_round.candidates.get(str(p.hromada_id), [])
        }
        offers = Offer.objects.select_related("authority").in_bulk(wanted)
        places = {o["id"]: o["capacity"] for o in allocation_round.solver_inputs.get("offers", [])}
        for p in active:
            alternatives[p.pk] = [
                (offers[offer_id], score)
                for offer_id, score, _need in allocation_round.candidates.get(str(p.hromada_id), [])
                if offer_id != p.offer_id
                and score >= allocation_round.min_score
                and offer_id in offers
                and taken.get(offer_id, 0) < places.get(offer_id, 0)
            ][:10]
    names = Names()
    published = allocation_round.status == RoundStatus.PUBLISHED
    return [
        ProposalRow(
            proposal=p,
            reasons=reasons_of(p, names),
            alternatives=alternatives.get(p.pk, []),
            answerable=_answerable(viewer, p) if published else [],
        )
        for p in proposals
    ]


# --- the report in words ------------------------------------------------------------------


def band_label(code: str) -> str:
    """A population band (the directory's own labels) or a frontline group, in words."""
    labels = {
        **{str(band.value): str(band.label) for band in PopulationBand},
        "unknown": _("population unknown"),
        "frontline": _("frontline"),
        "occupied": str(FrontlineStatus.OCCUPIED.label),
        "not_frontline": _("not frontline"),
    }
    return labels.get(code, code)


def uncovered_reason(code: str) -> str:
    reasons = {
        "no_candidates": _("no offer in the round shares a sector with its needs"),
        "below_min_score": _("every candidate offer fits less than the lowest fit that counts"),
        "no_open_offer": _("its candidate offers have no room at all"),
        "capacity_exhausted": _(
            "its candidate offers are all taken by hromadas that had no other option"
        ),
        "not_selected": _("its candidate offers went to other hromadas to cover more of them"),
        "removed_in_review": _("its proposal was removed in review"),
        "room_after_review": _(
            "a change in review left room in one of its candidate offers; run the round again "
            "to propose it"
        ),
    }
    return reasons.get(code, code)


def fairness_label(constraint: str) -> str:
    return {
        "small_vs_others": _("Hromadas under 10,000 people covered at least as well as others"),
        "frontline_vs_others": _("Frontline hromadas covered at least as well as others"),
    }.get(constraint, constraint)


def fairness_status(status: str) -> str:
    return {
        "met": _("met"),
        "infeasible_at_max_coverage": _(
            "impossible while covering as many hromadas as possible; the gap was made as small "
            "as it can be"
        ),
        "unproven": _("not met; the solver ran out of time before proving whether it could be"),
        "not_met": _("not met (fairness was off)"),
        "no_comparison": _("nothing to compare: one of the groups is empty"),
        "not_met_after_review": _("not met after the changes made in review"),
    }.get(status, status)


@dataclass(frozen=True)
class UncoveredRow:
    hromada: Authority | None
    hromada_id: int
    reason: str


@dataclass(frozen=True)
class ReportView:
    summary: list[str]
    by_band: list[dict[str, Any]]
    by_frontline: list[dict[str, Any]]
    by_oblast: list[dict[str, Any]]
    fairness: list[dict[str, Any]]
    uncovered: list[UncoveredRow]


def _rows(rows: list[dict[str, Any]], label: Any) -> list[dict[str, Any]]:
    return [{**row, "label": label(row["group"])} for row in rows]


def report_view(*, allocation_round: AllocationRound) -> ReportView:
    report = allocation_round.report
    coverage = report.get("coverage", {})
    oblasts = {
        r.iso_code: r.display_name
        for r in Region.objects.filter(country__code="UA", iso_code__isnull=False)
    }
    uncovered_ids = [row["hromada_id"] for row in report.get("uncovered", [])]
    hromadas = Authority.objects.in_bulk(uncovered_ids)
    summary = [
        ngettext(
            "%(covered)d of %(seeking)d seeking hromada got a proposal.",
            "%(covered)d of %(seeking)d seeking hromadas got a proposal.",
            report.get("seeking", 0),
        )
        % {"covered": report.get("covered", 0), "seeking": report.get("seeking", 0)},
        _("At most %(most)d could be covered with these offers and capacities.")
        % {"most": report.get("max_coverage", 0)},
        _("Total fit %(achieved).2f against %(best).2f without the fairness guarantees.")
        % {
            "achieved": report.get("fit_achieved", 0.0),
            "best": report.get("fit_unconstrained", 0.0),
        },
    ]
    price = report.get("price_of_fairness_pct")
    if price is not None:
        summary.append(_("Price of fairness: %(price).1f%% of the total fit.") % {"price": price})
    summary.append(
        _("Capacity used: %(used)d of %(total)d places.")
        % {"used": report.get("capacity_used", 0), "total": report.get("capacity_total", 0)}
    )
    return ReportView(
        summary=summary,
        by_band=_rows(coverage.get("by_band", []), band_label),
        by_frontline=_rows(coverage.get("by_frontline", []), band_label),
        by_oblast=_rows(coverage.get("by_oblast", []), lambda code: oblasts.get(code, code)),
        fairness=[
            {
                **row,
                "label": fairness_label(row["constraint"]),
                "status_label": fairness_status(row["status"]),
            }
            for row in report.get("fairness", [])
        ],
        uncovered=[
            UncoveredRow(
                hromada=hromadas.get(row["hromada_id"]),
                hromada_id=row["hromada_id"],
                reason=uncovered_reason(row["reason"]),
            )
            for row in report.get("uncovered", [])
        ],
    )


# --- the sides ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SideProposal:
    proposal: RoundProposal
    side: str  # "hromada" or "offer": the viewer's side
    organisation: Authority | Association
    reasons: list[ReasonText]


def _published_proposals_to(
    authorities: Collection[int], associations: Collection[int]
) -> QuerySet[RoundProposal]:
    """Published proposals with a side among these organisations, newest round first."""
    return (
        RoundProposal.objects.filter(round__status=RoundStatus.PUBLISHED, is_removed=False)
        .filter(
            Q(hromada_id__in=authorities)
            | Q(offer__authority_id__in=authorities)
            | Q(offer__association_id__in=associations)
        )
        .select_related(
            "round", "hromada", "offer", "offer__authority", "offer__association", "need"
        )
        .order_by("-round__published_at", "-score", "pk")
    )


def proposals_for_viewer(*, viewer: Viewer) -> list[SideProposal]:
    """Published proposals to the viewer's organisations, newest round first."""
    authorities, associations = verified_organisation_ids(viewer)
    if not authorities and not associations:
        return []
    proposals = _published_proposals_to(authorities, associations)
    names = Names()
    rows = []
    for p in proposals:
        organisation: Authority | Association
        if p.hromada_id in authorities:
            side, organisation = "hromada", p.hromada
        else:
            side, organisation = "offer", p.offer.organisation
        rows.append(SideProposal(p, side, organisation, reasons_of(p, names)))
    return rows


def proposals_on_behalf(*, viewer: Viewer) -> list[SideProposal]:
    """Published proposals to organisations the viewer curates as a facilitator of their
    association (rules: allocation.answer_proposal), the viewer's own organisations aside
    (those are in proposals_for_viewer); one row per side, newest round first. The secretariat
    answers for any side from the round's page rather than from a list of every proposal."""
    facilitated = associations_facilitated_by(viewer)
    if not facilitated:
        return []
    members = Membership.objects.filter(association_id__in=facilitated)
    authorities = set(
        members.filter(authority__isnull=False).values_list("authority_id", flat=True)
    )
    associations = set(facilitated) | set(
        members.filter(member_association__isnull=False).values_list(
            "member_association_id", flat=True
        )
    )
    own_authorities, own_associations = verified_organisation_ids(viewer)
    authorities -= set(own_authorities)
    associations -= set(own_associations)
    proposals = _published_proposals_to(authorities, associations)
    names = Names()
    rows = []
    for p in proposals:
        offering = p.offer.organisation
        sides: list[tuple[str, Authority | Association]] = []
        if p.hromada_id in authorities:
            sides.append(("hromada", p.hromada))
        if (p.offer.authority_id in authorities) or (p.offer.association_id in associations):
            sides.append(("offer", offering))
        rows += [
            SideProposal(p, side, organisation, reasons_of(p, names))
            for side, organisation in sides
            if rules.has_perm("allocation.answer_proposal", viewer, organisation)
        ]
    return rows


@dataclass(frozen=True)
class ProposalToAnswer:
    proposal: RoundProposal
    organisation: Authority | Association  # the viewer's side, which has not answered yet


def proposals_to_answer(*, viewer: Viewer) -> list[ProposalToAnswer]:
    """Published proposals the viewer's organisations have not answered yet (those the other
    side has declined aside: nothing can come of them), newest round first."""
    authorities, associations = verified_organisation_ids(viewer)
    if not authorities and not associations:
        return []
    hromada_to_answer = Q(hromada_id__in=authorities, hromada_response=Response.PENDING) & ~Q(
        offer_response=Response.DECLINED
    )
    offer_to_answer = (
        Q(offer__authority_id__in=authorities) | Q(offer__association_id__in=associations)
    ) & (Q(offer_response=Response.PENDING) & ~Q(hromada_response=Response.DECLINED))
    proposals = (
        RoundProposal.objects.filter(round__status=RoundStatus.PUBLISHED, is_removed=False)
        .filter(hromada_to_answer | offer_to_answer)
        .select_related("round", "hromada", "offer", "offer__authority", "offer__association")
        .order_by("-round__published_at", "-score", "pk")
    )
    return [
        ProposalToAnswer(
            proposal=p,
            organisation=p.hromada
            if p.hromada_id in authorities and p.hromada_response == Response.PENDING
            else p.offer.organisation,
        )
        for p in proposals
    ]
