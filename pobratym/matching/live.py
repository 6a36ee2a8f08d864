"""The matching index of this process, kept in step with the database.

Building the index costs seconds at national scale (docs/benchmarks.md), one change a few
milliseconds. So each process keeps one index and, before it is read, brings it up to date:
a few aggregate queries tell whether anything changed; if so, the needs and offers whose
stamp (last edit, embedded text) changed are removed and added again. A change the engine
cannot apply in place (an authority's facts, a new authority, a very large batch) rebuilds.
"""

import threading
from dataclasses import dataclass

from django.db.models import Count, Max

from pobratym.directory.models import Authority
from pobratym.exchange.embedding import get_embedder
from pobratym.exchange.models import Need, Offer, TextEmbedding
from pobratym.matching.engine import AuthorityIn, Centring, MatchingIndex, NeedIn, OfferIn
from pobratym.matching.engine.index import stack
from pobratym.matching.engine.prior import centring_with_prior, load_prior
from pobratym.partnerships.models import Partnership

from . import inputs

# Past this many changed records, one rebuild is cheaper than as many updates.
REBUILD_AFTER_CHANGES = 500
TOP_K = 10
# The centring of an empty index; the first full rebuild with texts replaces it.
DEFAULT_DIMENSION = 384

Version = tuple[object, ...]


@dataclass
class LiveIndex:
    index: MatchingIndex
    version: Version
    model_name: str
    authorities: dict[int, AuthorityIn]
    needs: dict[int, inputs.RecordStamp]
    offers: dict[int, inputs.RecordStamp]
    # Offers in the index; the others in `offers` are used up or full and wait for a change.
    available_offers: set[int]


_lock = threading.Lock()
_live: LiveIndex | None = None


def _version() -> Version:
    """Changes whenever a need, an offer, an embedding, an authority or a partnership is
    written or deleted."""
    parts: list[object] = []
    for model in (Need, Offer, TextEmbedding, Authority, Partnership):
        stats = model.objects.aggregate(count=Count("pk"), last=Max("updated_at"))
        parts += [stats["count"], stats["last"]]
    return tuple(parts)


def _build(version: Version, model_name: str) -> LiveIndex:
    authorities = {a.id: a for a in inputs.authority_inputs()}
    needs = inputs.need_stamps(model_name)
    offers = inputs.offer_stamps(model_name)
    need_rows = inputs.hromada_need_inputs(needs, model_name, authorities)
    offer_rows = inputs.offer_inputs(offers, model_name)
    index = MatchingIndex(
        authorities=authorities.values(),
        needs=need_rows,
        offers=offer_rows,
        top_k=TOP_K,
        centring=_centring(need_rows, offer_rows, model_name),
    )
    index.recompute()
    return LiveIndex(
        index=index,
        version=version,
        model_name=model_name,
        authorities=authorities,
        needs={need.id: needs[need.id] for need in need_rows},
        offers={offer.id: offers[offer.id] for offer in offer_rows},
        available_offers={offer.id for offer in offer_rows if offer.is_available},
    )


def _centring(needs: list[NeedIn], offers: list[OfferIn], model_name: str) -> Centring:
    """The corpus mean, drawn towards the model's prior while the corpus is young (prior.py)."""
    prior = load_prior(model_name)
    vectors = [n.vector for n in needs] + [o.vector for o in offers]
    if vectors and prior is not None and len(vectors[0]) != len(prior[0]):
        prior = None  # a prior of another dimension cannot be this model's
    if prior is not None:
        dimension = len(prior[0])
    elif vectors:
        dimension = len(vectors[0])
    else:
        return Centring.none(DEFAULT_DIMENSION)
    return centring_with_prior(
        stack([n.vector for n in needs], dimension),
        stack([o.vector for o in offers], dimension),
        prior,
    )


def _changed(
    old: dict[int, inputs.RecordStamp], new: dict[int, inputs.RecordStamp]
) -> tuple[set[int], set[int]]:
    """(ids to remove, ids to add): an edited record is both."""
    gone = {pk for pk, stamp in old.items() if new.get(pk) != stamp}
    fresh = {pk for pk, stamp in new.items() if old.get(pk) != stamp}
    return gone, fresh


def _update(live: LiveIndex, version: Version) -> LiveIndex:
    """Apply the changes since `live` was synced; rebuild when that is not possible."""
    authorities = {a.id: a for a in inputs.authority_inputs()}
    if authorities != live.authorities:
        return _build(version, live.model_name)
    needs = inputs.need_stamps(live.model_name)
    offers = inputs.offer_stamps(live.model_name)
    needs_gone, needs_new = _changed(live.needs, needs)
    offers_gone, offers_new = _changed(live.offers, offers)
    if sum(map(len, (needs_gone, needs_new, offers_gone, offers_new))) > REBUILD_AFTER_CHANGES:
        return _build(version, live.model_name)
    index = live.index
    for pk in sorted(needs_gone & live.needs.keys()):
        index.remove_need(pk)
        del live.needs[pk]
    for pk in sorted(offers_gone & live.offers.keys()):
        if pk in live.available_offers:
            index.remove_offer(pk)
            live.available_offers.discard(pk)
        del live.offers[pk]
    for need in inputs.hromada_need_inputs(sorted(needs_new), live.model_name, authorities):
        index.add_need(need)
        live.needs[need.id] = needs[need.id]
    for offer in inputs.offer_inputs(sorted(offers_new), live.model_name):
        if offer.is_available:
            index.add_offer(offer)
            live.available_offers.add(offer.id)
        live.offers[offer.id] = offers[offer.id]
    live.version = version
    return live


def current_index() -> MatchingIndex:
    """The index with every committed change applied."""
    global _live
    model_name = get_embedder().name
    with _lock:
        version = _version()
        if _live is None or _live.model_name != model_name:
            _live = _build(version, model_name)
        elif _live.version != version:
            _live = _update(_live, version)
        return _live.index


def forget() -> None:
    """Drop this process's index (tests switch databases under it)."""
    global _live
    with _lock:
        _live = None
