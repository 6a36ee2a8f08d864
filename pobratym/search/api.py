"""Search over the API: the same hits, visibility and order as the page."""

from django.http import HttpRequest
from ninja import Field, Query, Schema

from pobratym.core.api import RecordId, Router

from .enums import SearchKind
from .selectors import SearchFilters, SearchHit, search_for_viewer

router = Router(tags=["search"])


class SearchIn(Schema):
    # The length is checked by the selector, so that the API refuses a long query with the
    # same code and message as the page ("query_too_long").
    q: str = Field("", description="Words in any language, script or case ending")
    kind: SearchKind | None = None
    sector: str = Field("", max_length=64, description="A sector code; its children match too")
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2")
    region: RecordId | None = Field(None, description="An oblast, region or raion (directory id)")


class HitOut(Schema):
    kind: str
    id: int
    title: str
    summary: str
    language: str = Field(..., description="ISO 639-1 of the title; empty when not known")
    language_name: str = Field(..., description="In the language of the request")
    summary_language: str
    organisation: str
    place: str
    sectors: list[str] = Field(..., description="Sector codes")
    url: str
    score: float = Field(..., description="Reciprocal rank fusion of the two rankings")
    similarity: float | None = Field(..., description="Cosine of the texts, when close in meaning")
    found_by_words: bool

    @staticmethod
    def resolve_id(hit: SearchHit) -> int:
        return hit.pk

    @staticmethod
    def resolve_sectors(hit: SearchHit) -> list[str]:
        return hit.sector_codes

    @staticmethod
    def resolve_similarity(hit: SearchHit) -> float | None:
        return None if hit.similarity is None else round(hit.similarity, 4)


class SearchOut(Schema):
    query: str
    hits: list[HitOut]


@router.get("", response=SearchOut)
def search(request: HttpRequest, filters: Query[SearchIn]) -> SearchOut:
    results = search_for_viewer(
        viewer=request.user,
        query=filters.q,
        filters=SearchFilters(
            kind=filters.kind or "",
            sector=filters.sector,
            country=filters.country.upper(),
            region=filters.region,
        ),
    )
    return SearchOut.from_orm(results)
