"""Directory API: public facts about authorities and associations (never contacts)."""

from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from pobratym.core.api import Pagination, RecordId, Router

from . import selectors
from .enums import AuthorityKind, FrontlineStatus, MembershipStatus, PopulationBand
from .models import Association, Authority

router = Router(tags=["directory"])


class AuthorityFilterIn(Schema):
    q: str = Field("", max_length=200, description="Name in any script or case ending")
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2")
    region: RecordId | None = None
    kind: AuthorityKind | None = None
    population_band: PopulationBand | None = None
    frontline_status: FrontlineStatus | None = None
    alliance_status: MembershipStatus | None = None


class AuthorityOut(Schema):
    id: int
    kind: str
    name: str
    name_uk: str
    name_en: str
    country: str = Field(..., alias="country.code")
    region: str | None = Field(None, alias="region.name")
    code_system: str
    official_code: str
    settlement_type: str
    centre_name: str
    latitude: float | None
    longitude: float | None
    population: int | None
    population_measure: str
    frontline_status: str
    frontline_source: str
    frontline_as_of: date | None = None


class AssociationOut(Schema):
    slug: str
    kind: str
    acronym: str
    name: str
    name_uk: str
    name_en: str
    country: str | None = Field(None, alias="country.code")
    website: str


@router.get("/authorities", response=list[AuthorityOut])
@paginate(Pagination)
def list_authorities(request: HttpRequest, filters: Query[AuthorityFilterIn]) -> object:
    return selectors.authority_list(
        filters=selectors.AuthorityFilters(
            query=filters.q,
            country=filters.country.upper(),
            region=filters.region,
            kind=filters.kind or "",
            population_band=filters.population_band or "",
            frontline_status=filters.frontline_status or "",
            alliance_status=filters.alliance_status or "",
        )
    )


@router.get("/authorities/{authority_id}", response=AuthorityOut)
def get_authority(request: HttpRequest, authority_id: int) -> Authority:
    return get_object_or_404(Authority.objects.select_related("country", "region"), pk=authority_id)


@router.get("/associations", response=list[AssociationOut])
@paginate(Pagination)
def list_associations(request: HttpRequest, q: str = "") -> object:
    return selectors.association_list(query=q[:200])


@router.get("/associations/{slug}", response=AssociationOut)
def get_association(request: HttpRequest, slug: str) -> Association:
    return get_object_or_404(Association.objects.select_related("country"), slug=slug)
