"""The stored recommendations, kept current by whoever runs the matching tasks.

Web processes only read stored rows (selectors.py): no index, no rebuild, no lock in a request.
The process that runs `tasks.refresh_recommendations` (a task worker; with immediate tasks, the
process that wrote) keeps one matching index in memory: building it costs seconds at national
scale, one change milliseconds (docs/benchmarks.md). Each refresh:

1. a few aggregate queries tell whether any need, offer, embedding, authority or partnership
   changed; if not, it stops there;
2. the index takes the changed needs and offers in place (an edit is a removal and an
   addition); a change the engine cannot apply in place (an authority's facts, a very large
   batch) rebuilds it;
3. only the lists that changed are rewritten: needs' and authorities' lists by comparing their
   keys with what is stored; offers' lists when the offer changed, its authority changed, or a
   changed hromada is on the list or now beats its last entry (engine/keeping.py).

`recompute_recommendations` (nightly) rebuilds and rewrites every list: reason texts that do
not move a score (a renamed place, say) are refreshed there.
"""

import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.db import transaction
from django.db.models import Count, F, Max

from pobratym.directory.models import Authority
from pobratym.exchange.embedding import get_embedder
from pobratym.exchange.models import Need, Offer, TextEmbedding
from pobratym.matching.engine import AuthorityIn, Centring, NeedIn, OfferIn
from pobratym.matching.engine.index import stack
from pobratym.matching.engine.keeping import (
    KeptIndex,
    ListKeys,
    candidate_to_json,
    hromada_key,
)
from pobratym.matching.engine.prior import centring_with_prior, load_prior
from pobratym.matching.engine.topk import NO_KEY
from pobratym.partnerships.models import Partnership
from pobratym.semantics import vector_bytes, vector_from_bytes

from . import inputs
from .models import RecommendationStore, StoredRecommendations, Subject

# Past this many changed records, one rebuild is cheaper than as many updates.
REBUILD_AFTER_CHANGES = 500
# The centring is kept between rebuilds (engine/centring.py); a corpus that grew by this much
# since (a young platform: its second record doubles it) is rebuilt and centred anew.
REBUILD_AFTER_GROWTH = 1.25
TOP_K = 10
# The centring of an empty index; the first full rebuild with texts replaces it.
DEFAULT_DIMENSION = 384
WRITE_BATCH = 500

Version = tuple[object, ...]
Key = tuple[str, int]


@dataclass(frozen=True)
class Known:
    """What a stored row says, as far as deciding whether to rewrite it goes."""

    held: bool
    signature: bytes = b""
    stamp: str = ""
    floor: int | None = None
    hromadas: frozenset[int] = frozenset()


@dataclass
class KeptState:
    index: KeptIndex
    version: Version
    model_name: str
    authorities: dict[int, AuthorityIn]
    # Matchable records with an embedding (in the index or not), and their owners.
    needs: dict[int, inputs.RecordStamp]
    offers: dict[int, inputs.RecordStamp]
    need_owner: dict[int, int]
    offer_owner: dict[int, int]
    # Offers in the index; the others in `offers` are used up or full and wait for a change.
    available_offers: set[int]
    # Needs and offers the index was built with.
    built_size: int = 0
    generation: int = -1
    known: dict[Key, Known] = field(default_factory=dict)


@dataclass(frozen=True)
class Refreshed:
    """What one refresh did: lists written per subject, rows removed, and whether it rebuilt."""

    needs: int = 0
    offers: int = 0
    authorities: int = 0
    removed: int = 0
    rebuilt: bool = False


_lock = threading.Lock()
_state: KeptState | None = None


def _version() -> Version:
    """Changes whenever a need, an offer, an embedding, an authority or a partnership is
    written or deleted."""
    parts: list[object] = []
    for model in (Need, Offer, TextEmbedding, Authority, Partnership):
        stats = model.objects.aggregate(count=Count("pk"), last=Max("updated_at"))
        parts += [stats["count"], stats["last"]]
    return tuple(parts)


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


def _build(version: Version, model_name: str, centring: Centring | None = None) -> KeptState:
    """A new index; `centring`: the one to keep (default: the corpus's own, prior.py)."""
    authorities = {a.id: a for a in inputs.authority_inputs()}
    needs = inputs.need_stamps(model_name)
    offers = inputs.offer_stamps(model_name)
    need_rows = inputs.need_inputs(needs, model_name)
    hromada_needs = [n for n in need_rows if _is_hromada(authorities, n.authority_id)]
    offer_rows = inputs.offer_inputs(offers, model_name)
    index = KeptIndex(
        authorities=authorities.values(),
        needs=hromada_needs,
        offers=offer_rows,
        top_k=TOP_K,
        centring=centring or _centring(hromada_needs, offer_rows, model_name),
    )
    index.recompute()
    return KeptState(
        index=index,
        version=version,
        model_name=model_name,
        authorities=authorities,
        needs={need.id: needs[need.id] for need in need_rows},
        offers={offer.id: offers[offer.id] for offer in offer_rows},
        need_owner={need.id: need.authority_id for need in need_rows},
        offer_owner={offer.id: offer.authority_id for offer in offer_rows},
        available_offers={offer.id for offer in offer_rows if offer.is_available},
        built_size=len(need_rows) + len(offer_rows),
    )


def _changed(
    old: dict[int, inputs.RecordStamp], new: dict[int, inputs.RecordStamp]
) -> tuple[set[int], set[int]]:
    """(ids to remove, ids to add): an edited record is both."""
    gone = {pk for pk, stamp in old.items() if new.get(pk) != stamp}
    fresh = {pk for pk, stamp in new.items() if old.get(pk) != stamp}
    return gone, fresh


def _authorities_changed(old: dict[int, AuthorityIn], new: dict[int, AuthorityIn]) -> set[int]:
    return {pk for pk in old.keys() | new.keys() if old.get(pk) != new.get(pk)}


def _update(state: KeptState, version: Version) -> tuple[KeptState, set[int], bool]:
    """Apply the changes since `state` was synced: (state, authorities changed, rebuilt)."""
    authorities = {a.id: a for a in inputs.authority_inputs()}
    if authorities != state.authorities:
        changed = _authorities_changed(state.authorities, authorities)
        # The same centring: a new one would move every score, and rewrite every list.
        rebuilt = _build(version, state.model_name, state.index.centring)
        rebuilt.generation, rebuilt.known = state.generation, state.known
        return rebuilt, changed, True
    needs = inputs.need_stamps(state.model_name)
    offers = inputs.offer_stamps(state.model_name)
    needs_gone, needs_new = _changed(state.needs, needs)
    offers_gone, offers_new = _changed(state.offers, offers)
    grown = len(needs) + len(offers) >= REBUILD_AFTER_GROWTH * state.built_size
    if grown or sum(map(len, (needs_gone, needs_new, offers_gone, offers_new))) > (
        REBUILD_AFTER_CHANGES
    ):
        rebuilt = _build(version, state.model_name, None if grown else state.index.centring)
        rebuilt.generation, rebuilt.known = state.generation, state.known
        return rebuilt, set(), True
    index = state.index
    for pk in sorted(needs_gone & state.needs.keys()):
        if index.has_need(pk):
            index.remove_need(pk)
        del state.needs[pk]
    for pk in sorted(offers_gone & state.offers.keys()):
        if pk in state.available_offers:
            index.remove_offer(pk)
            state.available_offers.discard(pk)
        del state.offers[pk]
    for need in inputs.need_inputs(sorted(needs_new), state.model_name):
        if _is_hromada(authorities, need.authority_id):
            index.add_need(need)
        state.needs[need.id] = needs[need.id]
        state.need_owner[need.id] = need.authority_id
    for offer in inputs.offer_inputs(sorted(offers_new), state.model_name):
        if offer.is_available:
            index.add_offer(offer)
            state.available_offers.add(offer.id)
        state.offers[offer.id] = offers[offer.id]
        state.offer_owner[offer.id] = offer.authority_id
    state.version = version
    return state, set(), False


def _is_hromada(authorities: dict[int, AuthorityIn], pk: int) -> bool:
    authority = authorities.get(pk)
    return authority is not None and authority.is_hromada


def _stamp(stamp: inputs.RecordStamp) -> str:
    return f"{stamp.updated_at.isoformat()} {stamp.text_hash}"


def _load_known() -> dict[Key, Known]:
    rows = StoredRecommendations.objects.values_list(
        "subject", "subject_id", "held", "signature", "stamp", "floor", "hromadas"
    )
    return {
        (subject, pk): Known(held, bytes(signature), stamp, floor, frozenset(hromadas))
        for subject, pk, held, signature, stamp, floor, hromadas in rows.iterator(2000)
    }


@dataclass
class _Batch:
    """The lists to write, and the rows whose record left the matching."""

    needs: set[int] = field(default_factory=set)
    offers: set[int] = field(default_factory=set)
    authorities: set[int] = field(default_factory=set)
    unheld: set[Key] = field(default_factory=set)
    removed: set[Key] = field(default_factory=set)


def _differs(state: KeptState, key: Key, held: bool, signature: bytes, stamp: str) -> bool:
    known = state.known.get(key)
    return known is None or (known.held, known.signature, known.stamp) != (held, signature, stamp)


def _plan(
    state: KeptState, keys: ListKeys, changed_authorities: set[int], *, everything: bool
) -> _Batch:
    """Which stored lists no longer say what the index says."""
    index, batch = state.index, _Batch()
    for pk, stamp in state.needs.items():
        if pk in keys.needs:
            changed_owner = state.need_owner[pk] in changed_authorities
            if (
                everything
                or changed_owner
                or _differs(state, (Subject.NEED, pk), True, keys.needs[pk], _stamp(stamp))
            ):
                batch.needs.add(pk)
        elif _differs(state, (Subject.NEED, pk), False, b"", ""):
            batch.unheld.add((Subject.NEED, pk))
    for pk, stamp in state.offers.items():
        if index.has_offer(pk):
            known = state.known.get((Subject.OFFER, pk))
            if (
                everything
                or known is None
                or not known.held
                or known.stamp != _stamp(stamp)
                or state.offer_owner[pk] in changed_authorities
            ):
                batch.offers.add(pk)
        elif _differs(state, (Subject.OFFER, pk), False, b"", ""):
            batch.unheld.add((Subject.OFFER, pk))
    offering = set(state.offer_owner[pk] for pk in state.offers)
    for pk in offering:
        if pk in keys.authorities:
            if (
                everything
                or pk in changed_authorities
                or _differs(state, (Subject.AUTHORITY, pk), True, keys.authorities[pk], "")
            ):
                batch.authorities.add(pk)
        elif _differs(state, (Subject.AUTHORITY, pk), False, b"", ""):
            batch.unheld.add((Subject.AUTHORITY, pk))
    current = (
        {(Subject.NEED, pk) for pk in state.needs}
        | {(Subject.OFFER, pk) for pk in state.offers}
        | {(Subject.AUTHORITY, pk) for pk in offering}
    )
    batch.removed = set(state.known) - current
    if not everything:
        batch.offers |= _offers_reached(state, batch, changed_authorities)
    return batch


def _offers_reached(state: KeptState, batch: _Batch, changed_authorities: set[int]) -> set[int]:
    """Offers whose list a changed hromada is on, or now enters (engine/keeping.py)."""
    touched = {state.need_owner[pk] for pk in batch.needs}
    touched |= {
        state.need_owner[pk]
        for subject, pk in batch.unheld | batch.removed
        if subject == Subject.NEED and pk in state.need_owner
    }
    touched |= {pk for pk in changed_authorities if _is_hromada(state.authorities, pk)}
    # Offers already to be written need no check (a first fill writes them all).
    pending = state.available_offers - batch.offers
    if not touched or not pending:
        return set()
    reached: set[int] = set()
    listing: dict[int, set[int]] = defaultdict(set)
    floors: dict[int, int] = {}
    for pk in pending:
        known = state.known.get((Subject.OFFER, pk))
        if known is None:
            reached.add(pk)
            continue
        floors[pk] = NO_KEY if known.floor is None else known.floor
        for hromada in known.hromadas:
            listing[hromada].add(pk)
    for hromada in touched:
        reached |= listing.get(hromada, set())
        if len(reached) == len(pending):
            break
        for pk, key in state.index.hromada_keys_for_offers(hromada).items():
            if key > floors.get(pk, key):
                reached.add(pk)
    return reached


def _rows(state: KeptState, keys: ListKeys, batch: _Batch) -> Iterable[StoredRecommendations]:
    index = state.index
    for pk in sorted(batch.needs):
        yield StoredRecommendations(
            subject=Subject.NEED,
            subject_id=pk,
            held=True,
            candidates=[candidate_to_json(c) for c in index.offers_for_need(pk)],
            signature=keys.needs[pk],
            stamp=_stamp(state.needs[pk]),
        )
    for pk, found in index.hromadas_for_offers(sorted(batch.offers)).items():
        floor = (
            hromada_key(found[-1].authority_id, found[-1].score) if len(found) == TOP_K else None
        )
        yield StoredRecommendations(
            subject=Subject.OFFER,
            subject_id=pk,
            held=True,
            candidates=[candidate_to_json(c) for c in found],
            stamp=_stamp(state.offers[pk]),
            floor=floor,
            hromadas=[c.authority_id for c in found],
        )
    for pk in sorted(batch.authorities):
        yield StoredRecommendations(
            subject=Subject.AUTHORITY,
            subject_id=pk,
            held=True,
            candidates=[candidate_to_json(c) for c in index.hromadas_for_authority(pk)],
            signature=keys.authorities[pk],
        )
    for subject, pk in sorted(batch.unheld):
        yield StoredRecommendations(subject=subject, subject_id=pk, held=False)


UPDATED = ["held", "candidates", "signature", "stamp", "floor", "hromadas", "computed_at"]


def _write(state: KeptState, keys: ListKeys, batch: _Batch) -> None:
    """Write the batch, in chunks: readers see each list whole, old or new."""
    chunk: list[StoredRecommendations] = []

    def flush() -> None:
        StoredRecommendations.objects.bulk_create(
            chunk,
            update_conflicts=True,
            unique_fields=["subject", "subject_id"],
            update_fields=UPDATED,
        )
        for row in chunk:
            state.known[(row.subject, row.subject_id)] = Known(
                row.held, bytes(row.signature), row.stamp, row.floor, frozenset(row.hromadas)
            )
        chunk.clear()

    for row in _rows(state, keys, batch):
        chunk.append(row)
        if len(chunk) >= WRITE_BATCH:
            flush()
    if chunk:
        flush()
    for subject in Subject:
        gone = [pk for s, pk in batch.removed if s == subject]
        for start in range(0, len(gone), WRITE_BATCH):
            StoredRecommendations.objects.filter(
                subject=subject, subject_id__in=gone[start : start + WRITE_BATCH]
            ).delete()
    for key in batch.removed:
        state.known.pop(key, None)


def _store_row(state: KeptState) -> RecommendationStore:
    store, _ = RecommendationStore.objects.get_or_create(model_name=state.model_name)
    return store


def refresh(*, everything: bool = False) -> Refreshed:
    """Bring the stored lists up to date; `everything`: rebuild and rewrite every list."""
    global _state
    with _lock:
        model_name = get_embedder().name
        version = _version()
        state = _state
        changed_authorities: set[int] = set()
        if everything or state is None or state.model_name != model_name:
            state, rebuilt = _build(version, model_name), True
        elif state.version == version:
            return Refreshed()
        else:
            state, changed_authorities, rebuilt = _update(state, version)
        store = _store_row(state)
        if store.generation != state.generation:
            # Another process wrote since this one last looked: compare with what it wrote.
            state.known = _load_known()
        keys = state.index.list_keys()
        batch = _plan(state, keys, changed_authorities, everything=everything)
        with transaction.atomic():
            _write(state, keys, batch)
            RecommendationStore.objects.filter(pk=store.pk).update(
                generation=F("generation") + 1,
                need_mean=vector_bytes(state.index.centring.need_mean),
                offer_mean=vector_bytes(state.index.centring.offer_mean),
            )
        state.generation = store.generation + 1
        _state = state
        return Refreshed(
            needs=len(batch.needs),
            offers=len(batch.offers),
            authorities=len(batch.authorities),
            removed=len(batch.removed),
            rebuilt=rebuilt,
        )


def centring() -> Centring:
    """The centring the stored lists were scored with (allocation rounds score with it too);
    before any list is stored, the one a build would take now."""
    model_name = get_embedder().name
    store = RecommendationStore.objects.filter(model_name=model_name).first()
    if store is not None and store.need_mean:
        return Centring(
            need_mean=np.asarray(vector_from_bytes(bytes(store.need_mean))),
            offer_mean=np.asarray(vector_from_bytes(bytes(store.offer_mean))),
        )
    authorities = {a.id: a for a in inputs.authority_inputs()}
    needs = inputs.need_inputs(inputs.need_stamps(model_name), model_name)
    offers = inputs.offer_inputs(inputs.offer_stamps(model_name), model_name)
    hromada_needs = [n for n in needs if _is_hromada(authorities, n.authority_id)]
    return _centring(hromada_needs, offers, model_name)


def forget() -> None:
    """Drop this process's index (tests switch databases under it)."""
    global _state
    with _lock:
        _state = None
