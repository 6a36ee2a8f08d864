"""Recommendations over the API: the same candidates, visibility and reasons as the pages.

Each reason carries its stable code, its points, the engine's values and the sentence in the
language of the request (Accept-Language or the language cookie).
"""

from django.http import Http404, HttpRequest
from ninja import Schema

from pobratym.core.api import Router
from pobratym.core.web import visible_or_404
from pobratym.directory.models import Authority
from pobratym.exchange import selectors as exchange_selectors

from . import selectors

router = Router(tags=["matching"])


class ReasonOut(Schema):
    code: str
    points: float
    text: str


class PairOut(Schema):
    need_id: int
    offer_id: int


class RecommendationOut(Schema):
    authority_id: int
    authority: str
    score: float
    # strong, good or weak: the fit less the priorities (urgency, frontline), docs/matching.md
    fit: str
    # The two already have a partnership under way: ranked by fit like anyone else.
    is_partner: bool
    offer_id: int | None
    need_id: int | None
    pairs: list[PairOut]
    reasons: list[ReasonOut]


class RecommendationsOut(Schema):
    readiness: str
    items: list[RecommendationOut]


def _out(found: selectors.Recommendations) -> RecommendationsOut:
    return RecommendationsOut(
        readiness=found.readiness.value,
        items=[
            RecommendationOut(
                authority_id=item.authority.pk,
                authority=item.authority.name,
                score=round(item.score, 4),
                fit=item.fit_level,
                is_partner=item.is_partner,
                offer_id=item.offer.pk if item.offer else None,
                need_id=item.need.pk if item.need else None,
                pairs=[PairOut(need_id=p.need.pk, offer_id=p.offer.pk) for p in item.pairs],
                reasons=[
                    ReasonOut(code=r.code, points=round(r.points, 4), text=r.text)
                    for r in item.reasons
                ],
            )
            for item in found.items
        ],
    )


@router.get("/needs/{need_id}/offers", response=RecommendationsOut)
def offers_for_need(request: HttpRequest, need_id: int) -> RecommendationsOut:
    """The offers that fit a need best."""
    need = visible_or_404(exchange_selectors.need_for_viewer, request, need_id)
    return _out(selectors.offers_for_need(need=need, viewer=request.user))


@router.get("/offers/{offer_id}/hromadas", response=RecommendationsOut)
def hromadas_for_offer(request: HttpRequest, offer_id: int) -> RecommendationsOut:
    """The communities an offer fits best, each by its need that fits best."""
    offer = visible_or_404(exchange_selectors.offer_for_viewer, request, offer_id)
    return _out(selectors.hromadas_for_offer(offer=offer, viewer=request.user))


@router.get("/authorities/{authority_id}/hromadas", response=RecommendationsOut)
def hromadas_for_authority(request: HttpRequest, authority_id: int) -> RecommendationsOut:
    """The communities an authority's open offers fit best, with the pairs counted."""
    authority = Authority.objects.filter(pk=authority_id, merged_into__isnull=True).first()
    if authority is None:
        raise Http404
    found = selectors.hromadas_for_authority(authority=authority, viewer=request.user)
    return _out(found or selectors.Recommendations(selectors.Readiness.NOT_MATCHED))
