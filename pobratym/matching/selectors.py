"""Recommendations for a page: the stored candidates (keeper.py keeps them), filtered to what
the viewer may see, with the records they name and the reasons in the viewer's language.

Only stored rows are read: no index, no engine work in a request."""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pobratym.core.viewer import Viewer
from pobratym.directory.models import Authority
from pobratym.exchange.enums import NeedStatus, OfferStatus
from pobratym.exchange.models import Need, Offer, OfferItem
from pobratym.exchange.selectors import need_list_for_viewer, offer_list_for_viewer
from pobratym.matching.engine import Candidate
from pobratym.matching.engine.keeping import candidate_from_json
from pobratym.matching.engine.types import fit_level
from pobratym.partnerships.item_selectors import (
    OfferItemStock,
    need_item_progress,
    offer_item_stock,
)

from . import inputs
from .models import StoredRecommendations, Subject
from .reasons import Names, ReasonText, fit_words, item_texts, reason_texts

SHOWN = 10


class Readiness(StrEnum):
    """Why a record has recommendations or none."""

    READY = "ready"
    PREPARING = "preparing"  # posted or reopened a moment ago: a worker is computing them
    NOT_SHARED = "not_shared"  # "parties only": kept out of matching
    CLOSED = "closed"  # met, withdrawn or closed
    NOT_MATCHED = "not_matched"  # an association's offer: not matched yet


@dataclass(frozen=True)
class Pair:
    need: Need
    offer: Offer


@dataclass(frozen=True)
class NeedFit:
    """One of a hromada's needs that an offer fits, with the fit in words."""

    need: Need
    fit_level: str

    @property
    def fit(self) -> str:
        return fit_words(self.fit_level)


@dataclass(frozen=True)
class Recommendation:
    """An offer for a need, or a hromada (with the need or pairs that fit) for an offer or an
    authority.

    `fit_level` is strong, good or weak (`fit` says it in words); `is_partner`: the two
    already have a partnership under way (ranked by fit like anyone, named as partners).
    For a hromada proposed to an offer, `need` is its need the reasons are about (the best
    fit) and `needs` its best needs for the offer, open ones before those partly met.
    """

    authority: Authority
    score: float
    fit_level: str
    reasons: list[ReasonText]
    is_partner: bool = False
    offer: Offer | None = None
    need: Need | None = None
    needs: list[NeedFit] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)

    @property
    def fit(self) -> str:
        return fit_words(self.fit_level)


@dataclass(frozen=True)
class Recommendations:
    readiness: Readiness
    items: list[Recommendation] = field(default_factory=list)


def _readiness(record: Need | Offer, *, is_open: bool) -> Readiness:
    if not is_open:
        return Readiness.CLOSED
    if record.visibility not in inputs.SHARED_VISIBILITIES:
        return Readiness.NOT_SHARED
    if isinstance(record, Offer) and record.authority_id is None:
        return Readiness.NOT_MATCHED
    return Readiness.READY


def _stored(subject: Subject, pk: int) -> tuple[list[Candidate] | None, Readiness]:
    """The stored candidates of a record the engine matches, or why there are none."""
    row = (
        StoredRecommendations.objects.filter(subject=subject, subject_id=pk)
        .values_list("held", "candidates")
        .first()
    )
    if row is None:
        return None, Readiness.PREPARING
    held, candidates = row
    if not held:
        # Stored as not matched: its authority is not one the engine matches (a need of a
        # European authority, say), or the offer has no place left.
        return None, Readiness.NOT_MATCHED
    return [candidate_from_json(c) for c in candidates], Readiness.READY


def _stored_for(kind: Subject, record: Need | Offer) -> tuple[list[Candidate] | None, Readiness]:
    is_open = record.status in (
        inputs.MATCHABLE_NEED_STATUSES if kind == Subject.NEED else (OfferStatus.OPEN,)
    )
    readiness = _readiness(record, is_open=is_open)
    if readiness != Readiness.READY:
        return None, readiness
    return _stored(kind, record.pk)


def _visible_needs(viewer: Viewer, ids: set[int]) -> dict[int, Need]:
    return {n.pk: n for n in need_list_for_viewer(viewer=viewer).filter(pk__in=ids)}


def _visible_offers(viewer: Viewer, ids: set[int]) -> dict[int, Offer]:
    return {o.pk: o for o in offer_list_for_viewer(viewer=viewer).filter(pk__in=ids)}


def _fitting(candidates: list[Candidate]) -> list[Candidate]:
    """Candidates that fit at all: a zero or negative fit is no recommendation, whatever its
    urgency or frontline points."""
    return [c for c in candidates if c.fit_level is not None]


def _fit_level(candidate: Candidate) -> str:
    level = candidate.fit_level
    assert level is not None, "candidates that do not fit are left out (_fitting)"
    return level


def _is_partner(candidate: Candidate) -> bool:
    return any(r.code == "partnered" for r in candidate.reasons)


def _recommended(
    candidate: Candidate, authority: Authority, reasons: list[ReasonText], **shown: Any
) -> Recommendation:
    """The recommendation of a candidate: its score, fit and partnership, and what is shown."""
    return Recommendation(
        authority=authority,
        score=candidate.score,
        fit_level=_fit_level(candidate),
        reasons=reasons,
        is_partner=_is_partner(candidate),
        **shown,
    )


def _stock_by_offer(offers: list[Offer]) -> dict[int, list[OfferItemStock]]:
    stock: dict[int, list[OfferItemStock]] = {}
    for row in offer_item_stock(OfferItem.objects.filter(offer__in=offers)):
        stock.setdefault(row.item.offer_id, []).append(row)
    return stock


def _authorities(ids: set[int]) -> dict[int, Authority]:
    rows = Authority.objects.filter(pk__in=ids).select_related("country", "region")
    return {a.pk: a for a in rows}


def offers_for_need(*, need: Need, viewer: Viewer) -> Recommendations:
    """The offers that fit a need best, each with its authority and the reasons."""
    stored, readiness = _stored_for(Subject.NEED, need)
    if stored is None:
        return Recommendations(readiness)
    candidates = _fitting(stored)
    offers = _visible_offers(viewer, {c.offer_id for c in candidates if c.offer_id})
    authorities = _authorities({c.authority_id for c in candidates})
    names = Names()
    needed = need_item_progress(need=need, viewer=viewer)
    shown = [c for c in candidates if c.offer_id in offers][:SHOWN]
    stock = _stock_by_offer([offers[c.offer_id] for c in shown if c.offer_id])
    items = [
        _recommended(
            c,
            authorities[c.authority_id],
            [
                *reason_texts(c.reasons, names),
                *item_texts(needed, stock.get(offers[c.offer_id].pk, [])),
            ],
            offer=offers[c.offer_id],
        )
        for c in shown
        if c.offer_id
    ]
    return Recommendations(readiness, items)


def hromadas_for_offer(*, offer: Offer, viewer: Viewer) -> Recommendations:
    """The hromadas an offer fits best, each by its need the offer fits best."""
    stored, readiness = _stored_for(Subject.OFFER, offer)
    if stored is None:
        return Recommendations(readiness)
    candidates = _fitting(stored)
    needs = _visible_needs(viewer, {p.need_id for c in candidates for p in c.pairs})
    authorities = _authorities({c.authority_id for c in candidates})
    names = Names()
    stock = offer_item_stock(offer.items.all())
    items = []
    for c in candidates:
        if c.need_id not in needs:
            continue
        best = needs[c.need_id]
        fitting = [
            NeedFit(needs[p.need_id], level)
            for p in c.pairs
            if p.need_id in needs and (level := fit_level(p.fit)) is not None
        ]
        # Open needs first: help is wanted there most; within each status, the best fit first.
        fitting.sort(key=lambda n: n.need.status != NeedStatus.OPEN)
        items.append(
            _recommended(
                c,
                authorities[c.authority_id],
                [
                    *reason_texts(c.reasons, names),
                    *item_texts(need_item_progress(need=best, viewer=viewer), stock),
                ],
                need=best,
                needs=fitting,
            )
        )
    return Recommendations(readiness, items[:SHOWN])


def _pairs_visible(candidate: Candidate, needs: dict[int, Need], offers: dict[int, Offer]) -> bool:
    return all(p.need_id in needs and p.offer_id in offers for p in candidate.pairs)


def hromadas_for_authority(*, authority: Authority, viewer: Viewer) -> Recommendations | None:
    """The hromadas an authority's offers fit best, each with the need × offer pairs counted;
    None for an authority with no open offer (nothing to say, not even "nothing fits")."""
    if not Offer.objects.filter(inputs.matchable_offers(), authority=authority).exists():
        return None
    stored, readiness = _stored(Subject.AUTHORITY, authority.pk)
    if stored is None:
        return Recommendations(readiness)
    candidates = _fitting(stored)
    needs = _visible_needs(viewer, {p.need_id for c in candidates for p in c.pairs})
    offers = _visible_offers(viewer, {p.offer_id for c in candidates for p in c.pairs})
    authorities = _authorities({c.authority_id for c in candidates})
    names = Names()
    items = [
        _recommended(
            c,
            authorities[c.authority_id],
            reason_texts(c.reasons, names),
            pairs=[Pair(need=needs[p.need_id], offer=offers[p.offer_id]) for p in c.pairs],
        )
        for c in candidates
        if _pairs_visible(c, needs, offers)
    ]
    return Recommendations(Readiness.READY, items[:SHOWN])
