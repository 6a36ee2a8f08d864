"""Reads of the directory: lists with filters and search, profiles, overview counts."""

from dataclasses import dataclass

import rules
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL

from pobratym.core.i18n import alphabetical
from pobratym.core.textkeys import query_alternatives
from pobratym.core.viewer import Viewer
from pobratym.population import BAND_BOUNDS

from .enums import AssociationKind, AuthorityKind
from .models import Association, Authority, Contact, Country, Membership, Region
from .search_index import fts_table

NO_ALLIANCE_STATUS = "none"


@dataclass(frozen=True)
class AuthorityFilters:
    query: str = ""
    country: str = ""  # ISO alpha-2
    region: int | None = None
    kind: str = ""
    population_band: str = ""
    frontline_status: str = ""
    alliance_status: str = ""  # a MembershipStatus value, or NO_ALLIANCE_STATUS


# SQLite answers the search from an FTS5 trigram index (migration 0003); a pattern needs three
# characters for the index to help, and " x" has two.
_FTS_MIN_PATTERN = 3


def text_match(query: str, *, indexed_table: str | None = None) -> Q:
    """Every word of the query starts a word of the search key, in any script or case ending.

    indexed_table: on SQLite, look the words up in this table's FTS5 index (search_index.py);
    PostgreSQL's trigram index serves the plain LIKE by itself.
    """
    fts = fts_table(indexed_table) if indexed_table and connection.vendor == "sqlite" else None
    condition = Q()
    for forms in query_alternatives(query):
        any_form = Q()
        for form in forms:
            if fts and len(form) + 1 >= _FTS_MIN_PATTERN:
                any_form |= Q(
                    pk__in=RawSQL(  # noqa: S611 (table name from a constant; the word is a parameter)
                        f"SELECT rowid FROM {fts} WHERE search_key LIKE %s",  # noqa: S608 (constant)
                        (f"% {_escape_like(form)}%",),
                    )
                )
            else:
                any_form |= Q(search_key__contains=f" {form}")
        condition &= any_form
    return condition


def _escape_like(text: str) -> str:
    # Folded words hold no % or _, but a query should never be able to widen its own pattern.
    return text.replace("%", "").replace("_", "")


def _alliance_status() -> Subquery:
    return Subquery(
        Membership.objects.filter(
            authority=OuterRef("pk"), association__kind=AssociationKind.ALLIANCE
        ).values("status")[:1]
    )


def authority_list(*, filters: AuthorityFilters) -> QuerySet[Authority]:
    """Authorities matching the filters, largest first; city sections are left out."""
    authorities = (
        Authority.objects.filter(is_section=False, merged_into__isnull=True)
        .select_related("country", "region")
        .annotate(alliance_status=_alliance_status())
    )
    if filters.query.strip():
        authorities = authorities.filter(
            text_match(filters.query, indexed_table=Authority._meta.db_table)
        )
    if filters.country:
        authorities = authorities.filter(country__code=filters.country)
    if filters.region is not None:
        authorities = authorities.filter(Q(region_id=filters.region) | Q(raion_id=filters.region))
    if filters.kind:
        authorities = authorities.filter(kind=filters.kind)
    if filters.population_band:
        low, high = BAND_BOUNDS[filters.population_band]
        if low is not None:
            authorities = authorities.filter(population__gte=low)
        if high is not None:
            authorities = authorities.filter(population__lt=high)
    if filters.frontline_status:
        authorities = authorities.filter(frontline_status=filters.frontline_status)
    if filters.alliance_status == NO_ALLIANCE_STATUS:
        authorities = authorities.filter(alliance_status__isnull=True)
    elif filters.alliance_status:
        authorities = authorities.filter(alliance_status=filters.alliance_status)
    # Unknown populations last on every database (PostgreSQL puts NULL first by default).
    return authorities.order_by(F("population").desc(nulls_last=True), "name", "pk")


def authority_profile(*, pk: int) -> Authority:
    return Authority.objects.select_related(
        "country", "region", "raion", "section_of", "merged_into"
    ).get(pk=pk)


def contacts_for_viewer(
    *, organisation: Authority | Association, viewer: Viewer
) -> list[Contact] | None:
    """Contact persons the viewer may see (the rule is `directory.view_contacts`): those who
    consented; those who manage the organisation's contacts also see the ones still waiting for
    consent. None when the viewer may not see them: they may write through the platform instead.
    """
    if not rules.has_perm("directory.view_contacts", viewer, organisation):
        return None
    contacts = organisation.contacts.all()
    if not rules.has_perm("directory.manage_contacts", viewer, organisation):
        contacts = contacts.filter(consented_at__isnull=False)
    return list(contacts.order_by("name"))


def authority_memberships(*, authority: Authority) -> QuerySet[Membership]:
    return authority.memberships.select_related("association").order_by("association__name")


def country_choices() -> list[Country]:
    """Countries in the alphabetical order of their names in the active language."""
    return alphabetical(Country.objects.all(), by=lambda country: country.name)


def region_choices(*, country: str) -> list[Region]:
    """First-level regions of a country in the alphabetical order of their names in the active
    language; Ukrainian oblasts when no country is chosen."""
    return alphabetical(
        Region.objects.filter(country__code=country or "UA", parent__isnull=True),
        by=lambda region: region.display_name,
    )


def association_choices(associations: QuerySet[Association] | None = None) -> list[Association]:
    """Associations (all, or those given) in the alphabetical order of their names in the
    active language."""
    found = Association.objects.all() if associations is None else associations
    return alphabetical(found, by=lambda association: association.display_name)


def association_list(*, query: str = "") -> QuerySet[Association]:
    associations = Association.objects.select_related("country").annotate(
        member_count=Count("memberships")
    )
    if query.strip():
        associations = associations.filter(text_match(query))
    return associations.order_by("kind", "name")


def association_profile(*, slug: str) -> Association:
    return Association.objects.select_related("country").get(slug=slug)


def association_members(*, association: Association) -> QuerySet[Membership]:
    return association.memberships.select_related(
        "authority", "authority__country", "member_association"
    ).order_by("status", "authority__name", "member_association__name")


def association_member_of(*, association: Association) -> QuerySet[Membership]:
    return association.memberships_held.select_related("association").order_by("association__name")


@dataclass(frozen=True)
class DirectoryOverview:
    hromadas: int
    european_authorities: int
    countries: int
    associations: int
    alliance_members: int


def directory_overview() -> DirectoryOverview:
    counts = Authority.objects.filter(is_section=False, merged_into__isnull=True).aggregate(
        hromadas=Count("pk", filter=Q(kind=AuthorityKind.HROMADA)),
        european=Count("pk", filter=Q(kind__in=[AuthorityKind.MUNICIPALITY, AuthorityKind.REGION])),
        countries=Count("country", distinct=True),
    )
    return DirectoryOverview(
        hromadas=counts["hromadas"],
        european_authorities=counts["european"],
        countries=counts["countries"],
        associations=Association.objects.count(),
        alliance_members=Membership.objects.filter(
            association__kind=AssociationKind.ALLIANCE
        ).count(),
    )
