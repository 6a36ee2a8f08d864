"""One search over needs, offers, authorities and associations, in any language.

Two rankings are merged (docs/search.md):

- lexical: every word of the query starts a word of the record's search key, across scripts
  and Ukrainian case endings (core/textkeys.py), one list per kind, through the exchange's and
  the directory's own selectors;
- semantic: the query embedded as needs and offers are (e5, "query: ") and compared by cosine
  with their vectors (semantic.py); texts below MIN_SIMILARITY are not hits.

Reciprocal rank fusion merges them: score = Σ 1 / (RRF_K + rank) over the lists a record is in.
Ranks, not scores, because a word match has no score comparable with a cosine; a record found
both ways rises above records found one way; and no weight needs tuning.

Visibility belongs to the exchange's selectors: every need and offer shown, whichever way it was
found, is read through need_list_for_viewer / offer_list_for_viewer, so a "parties only" record
is found only by those who may see it. Only open needs and offers are searched.
"""

import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pobratym.core.errors import InvalidInput
from pobratym.core.textkeys import query_alternatives, search_key
from pobratym.core.viewer import Viewer
from pobratym.directory.models import Association, Authority
from pobratym.directory.selectors import AuthorityFilters, association_list, authority_list
from pobratym.exchange.language import language_name
from pobratym.exchange.models import Need, Offer
from pobratym.exchange.selectors import (
    NeedFilters,
    OfferFilters,
    need_list_for_viewer,
    offer_list_for_viewer,
)

from . import semantic
from .enums import SearchKind
from .errors import SearchErrorCode

# Long enough for a paragraph pasted from a need (semantic search reads it whole); a query
# of 10,000 characters is refused rather than cut, so nobody is shown hits for half a query.
MAX_QUERY_LENGTH = 500
RESULT_LIMIT = 50
LEXICAL_LIMIT = 100  # per kind
SEMANTIC_LIMIT = 100
# The most similar texts of each kind checked against the viewer's visibility and the filters:
# far more than are shown, so filters that leave few of them still leave enough hits.
SEMANTIC_POOL = 1000
# e5 cosines crowd into 0.75–0.9 whatever the texts: on the test set, 0.79 keeps every hit that
# counts for recall@10 and no hit for gibberish or an off-topic query (docs/search.md). It
# belongs to multilingual-e5-small: another model needs its own.
MIN_SIMILARITY = 0.79
RRF_K = 60
SUMMARY_LENGTH = 240


@dataclass(frozen=True)
class SearchFilters:
    kind: str = ""  # a SearchKind value, or "" for all
    sector: str = ""  # needs and offers only: a sector code; its children match too
    country: str = ""  # ISO alpha-2
    region: int | None = None  # an oblast, region or raion


@dataclass(frozen=True)
class SearchHit:
    kind: str
    kind_label: str
    pk: int
    title: str
    summary: str
    language: str  # ISO 639-1 of the title (and of the summary of a need or an offer)
    language_name: str  # "" when the language is not known
    summary_language: str
    organisation: str
    place: str
    sectors: list[str]  # labels in the reader's language
    sector_codes: list[str]
    url: str
    score: float
    similarity: float | None  # the cosine, when found by meaning
    found_by_words: bool


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def is_empty_query(self) -> bool:
        return not self.query


Key = tuple[str, int]


def clean_query(query: str) -> str:
    """The query with control characters (NUL included) turned into spaces, trimmed.

    Raises InvalidInput when it is longer than MAX_QUERY_LENGTH.
    """
    cleaned = "".join(" " if unicodedata.category(char) == "Cc" else char for char in query).strip()
    if len(cleaned) > MAX_QUERY_LENGTH:
        message = _(
            "A search can be at most %(limit)s characters long; this one has %(length)s."
        ) % {"limit": MAX_QUERY_LENGTH, "length": len(cleaned)}
        raise InvalidInput.of_field("q", message, code=SearchErrorCode.QUERY_TOO_LONG)
    return cleaned


def _wanted(filters: SearchFilters, kind: SearchKind) -> bool:
    if filters.kind and filters.kind != kind:
        return False
    if kind in (SearchKind.AUTHORITY, SearchKind.ASSOCIATION) and filters.sector:
        return False  # the directory files no sectors
    return not (kind == SearchKind.ASSOCIATION and filters.region is not None)


def _needs(viewer: Viewer, query: str, filters: SearchFilters) -> QuerySet[Need]:
    return need_list_for_viewer(
        viewer=viewer,
        filters=NeedFilters(
            query=query, sector=filters.sector, country=filters.country, region=filters.region
        ),
    )


def _offers(viewer: Viewer, query: str, filters: SearchFilters) -> QuerySet[Offer]:
    return offer_list_for_viewer(
        viewer=viewer,
        filters=OfferFilters(
            query=query, sector=filters.sector, country=filters.country, region=filters.region
        ),
    )


def _by_title_words(rows: list[tuple[int, str]], query: str) -> list[int]:
    """Ids of lexical hits, those with more query words in the title first; otherwise in the
    selector's order (most urgent and newest first)."""
    alternatives = query_alternatives(query)

    def title_words(title: str) -> int:
        key = search_key([title])
        return sum(any(f" {form}" in key for form in forms) for forms in alternatives)

    counts = {pk: title_words(title) for pk, title in rows}
    return sorted(counts, key=lambda pk: -counts[pk])  # stable: ties keep the selector's order


def _lexical(viewer: Viewer, query: str, filters: SearchFilters) -> list[list[Key]]:
    lists: list[list[Key]] = []
    if _wanted(filters, SearchKind.NEED):
        needs = _needs(viewer, query, filters).prefetch_related(None)
        ids = _by_title_words(list(needs.values_list("pk", "title")[:LEXICAL_LIMIT]), query)
        lists.append([(SearchKind.NEED, pk) for pk in ids])
    if _wanted(filters, SearchKind.OFFER):
        offers = _offers(viewer, query, filters).prefetch_related(None)
        ids = _by_title_words(list(offers.values_list("pk", "title")[:LEXICAL_LIMIT]), query)
        lists.append([(SearchKind.OFFER, pk) for pk in ids])
    if _wanted(filters, SearchKind.AUTHORITY):
        authorities = authority_list(
            filters=AuthorityFilters(query=query, country=filters.country, region=filters.region)
        )
        ids = list(authorities.values_list("pk", flat=True)[:LEXICAL_LIMIT])
        lists.append([(SearchKind.AUTHORITY, pk) for pk in ids])
    if _wanted(filters, SearchKind.ASSOCIATION):
        associations = association_list(query=query)
        if filters.country:
            associations = associations.filter(country__code=filters.country)
        ids = list(associations.values_list("pk", flat=True)[:LEXICAL_LIMIT])
        lists.append([(SearchKind.ASSOCIATION, pk) for pk in ids])
    return [ranked for ranked in lists if ranked]


def _semantic(viewer: Viewer, query: str, filters: SearchFilters) -> dict[Key, float]:
    """The texts most similar to the query that the viewer may see and the filters keep, with
    their similarity, most similar first."""
    kinds = [kind for kind in (SearchKind.NEED, SearchKind.OFFER) if _wanted(filters, kind)]
    if not kinds:
        return {}
    found = semantic.similarities(query)
    candidates: list[tuple[float, Key]] = []
    for kind in kinds:
        ids, scores = found.of_kind(kind)
        above = np.flatnonzero(scores >= MIN_SIMILARITY)
        if len(above) > SEMANTIC_POOL:
            above = above[np.argpartition(-scores[above], SEMANTIC_POOL)[:SEMANTIC_POOL]]
        if not len(above):
            continue
        pool = {int(ids[i]): float(scores[i]) for i in above}
        records = _needs if kind == SearchKind.NEED else _offers
        allowed = records(viewer, "", filters).filter(pk__in=list(pool)).prefetch_related(None)
        candidates += [(pool[pk], (kind, pk)) for pk in allowed.values_list("pk", flat=True)]
    candidates.sort(key=lambda candidate: (-candidate[0], candidate[1]))
    return {key: score for score, key in candidates[:SEMANTIC_LIMIT]}


def _fused(lexical: list[list[Key]], similar: dict[Key, float]) -> list[tuple[Key, float]]:
    scores: dict[Key, float] = {}
    for ranked in [*lexical, list(similar)]:
        for rank, key in enumerate(ranked, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (RRF_K + rank)
    by_words = {key for ranked in lexical for key in ranked}
    # Ties (each first in its own list) go to the record that has the query's words: a name
    # typed is surer than a meaning guessed; then to the more similar text, then a stable order.
    order = sorted(
        scores,
        key=lambda key: (-scores[key], key not in by_words, -similar.get(key, -1.0), key),
    )
    return [(key, scores[key]) for key in order]


def _summary(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[: SUMMARY_LENGTH - 1].rstrip() + "…"


def _name_language(organisation: Authority | Association) -> str:
    """The language the directory shows this name in: the Ukrainian or English name when it
    has one for the reader, otherwise the official name, whose language is not recorded."""
    ukrainian = (get_language() or "uk").startswith("uk")
    if ukrainian and organisation.name_uk:
        return "uk"
    if not ukrainian and organisation.name_en:
        return "en"
    return ""


def _place(country: Any, region: Any) -> str:
    return ", ".join(part for part in (getattr(region, "display_name", ""), country.name) if part)


def _records(viewer: Viewer, keys: list[Key], filters: SearchFilters) -> dict[Key, Any]:
    """The records behind the hits, each kind in one query (plus its sectors)."""
    wanted: dict[str, list[int]] = {}
    for kind, pk in keys:
        wanted.setdefault(kind, []).append(pk)
    records: dict[Key, Any] = {}
    if SearchKind.NEED in wanted:
        for need in _needs(viewer, "", filters).filter(pk__in=wanted[SearchKind.NEED]):
            records[(SearchKind.NEED, need.pk)] = need
    if SearchKind.OFFER in wanted:
        for offer in _offers(viewer, "", filters).filter(pk__in=wanted[SearchKind.OFFER]):
            records[(SearchKind.OFFER, offer.pk)] = offer
    if SearchKind.AUTHORITY in wanted:
        authorities = Authority.objects.select_related("country", "region")
        for authority in authorities.filter(pk__in=wanted[SearchKind.AUTHORITY]):
            records[(SearchKind.AUTHORITY, authority.pk)] = authority
    if SearchKind.ASSOCIATION in wanted:
        associations = Association.objects.select_related("country")
        for association in associations.filter(pk__in=wanted[SearchKind.ASSOCIATION]):
            records[(SearchKind.ASSOCIATION, association.pk)] = association
    return records


def _hit(
    record: Any, kind: SearchKind, score: float, similarity: float | None, by_words: bool
) -> SearchHit:
    common: dict[str, Any] = {
        "kind": kind.value,
        "kind_label": str(kind.label),
        "pk": record.pk,
        "url": record.get_absolute_url(),
        "score": score,
        "similarity": similarity,
        "found_by_words": by_words,
    }
    if isinstance(record, Need | Offer):
        organisation = record.organisation
        region = organisation.region if isinstance(organisation, Authority) else None
        return SearchHit(
            **common,
            title=record.title,
            summary=_summary(record.description),
            language=record.language,
            language_name=language_name(record.language),
            summary_language=record.language,
            organisation=organisation.display_name,
            place=_place(organisation.country, region) if organisation.country else "",
            sectors=[sector.label for sector in record.sectors.all()],
            sector_codes=[sector.code for sector in record.sectors.all()],
        )
    if isinstance(record, Authority):
        language = _name_language(record)
        return SearchHit(
            **common,
            title=record.display_name,
            summary=_summary(record.description),
            language=language,
            language_name=language_name(language),
            summary_language=record.description_language,
            organisation=record.get_kind_display(),
            place=_place(record.country, record.region),
            sectors=[],
            sector_codes=[],
        )
    assert isinstance(record, Association)
    language = _name_language(record)
    summary = _summary(record.description)
    return SearchHit(
        **common,
        title=record.display_name,
        summary=summary,
        language=language,
        language_name=language_name(language),
        # The description shown is the one in the reader's language, or none.
        summary_language=(get_language() or "uk").split("-")[0] if summary else "",
        organisation=record.get_kind_display(),
        place=record.country.name if record.country else "",
        sectors=[],
        sector_codes=[],
    )


def search_for_viewer(*, viewer: Viewer, query: str, filters: SearchFilters) -> SearchResults:
    """What the viewer may see that matches the query by its words or its meaning, best first.

    An empty query finds nothing (and costs no query); a query over MAX_QUERY_LENGTH raises
    InvalidInput.
    """
    query = clean_query(query)
    if not query:
        return SearchResults(query="")
    lexical = _lexical(viewer, query, filters)
    similar = _semantic(viewer, query, filters)
    ranked = _fused(lexical, similar)[:RESULT_LIMIT]
    records = _records(viewer, [key for key, _score in ranked], filters)
    by_words = {key for ranked_list in lexical for key in ranked_list}
    hits = []
    for key, score in ranked:
        record = records.get(key)
        if record is None:
            continue  # changed or hidden between the two reads
        kind = SearchKind(key[0])
        hits.append(_hit(record, kind, round(score, 6), similar.get(key), key in by_words))
    return SearchResults(query=query, hits=hits)
