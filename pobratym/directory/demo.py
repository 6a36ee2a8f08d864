"""The demo scenario's directory part: the associations and statuses the seed articles name.

Every fact here is taken from the five seed articles (shared/seeds) and says which one. It is
loaded on top of the real reference data by `manage.py load_demo`, idempotently.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from pobratym.core.textkeys import search_key

from .enums import AssociationKind, AuthorityKind, FrontlineStatus, MembershipStatus
from .models import Association, Authority, Country, Membership

# The day these demo records were written; a curator records the day they checked a status.
DEMO_AS_OF = date(2026, 11, 22)


@dataclass(frozen=True)
class AssociationSeed:
    slug: str
    kind: str
    acronym: str
    name: str
    name_uk: str
    name_en: str
    country: str | None
    website: str
    description_uk: str
    description_en: str


@dataclass(frozen=True)
class AuthorityRef:
    """Finds one authority of the reference data without relying on database ids."""

    kind: str
    country: str
    centre_or_name: str
    region_code: str = ""

    def resolve(self) -> Authority:
        authorities = Authority.objects.filter(kind=self.kind, country__code=self.country)
        if self.region_code:
            authorities = authorities.filter(region__code=self.region_code)
        if self.kind == AuthorityKind.HROMADA:
            authorities = authorities.filter(centre_name=self.centre_or_name)
        elif self.kind == AuthorityKind.OBLAST:
            authorities = authorities.filter(official_code=self.centre_or_name)
        else:
            authorities = authorities.filter(name=self.centre_or_name, is_section=False)
        return authorities.order_by("-population").first() or _missing(self)


def _missing(ref: AuthorityRef) -> Authority:
    raise LookupError(f"{ref.kind} {ref.centre_or_name} ({ref.country})")


ASSOCIATIONS = [
    AssociationSeed(
        "alliance",
        AssociationKind.ALLIANCE,
        "",
        "European Alliance of Cities and Regions for the Reconstruction of Ukraine",
        "Європейський альянс міст і регіонів з питань відбудови України",
        "European Alliance of Cities and Regions for the Reconstruction of Ukraine",
        None,
        "",
        "Створений Європейським комітетом регіонів у 2022 році, щоб об'єднати внесок міст і "
        "регіонів ЄС у відбудову України (статті 000 і 002).",
        "Launched by the European Committee of the Regions in 2022 to bring together the "
        "contribution of EU cities and regions to Ukraine's reconstruction (seeds 000 and 002).",
    ),
    AssociationSeed(
        "cor",
        AssociationKind.EU_BODY,
        "CoR",
        "European Committee of the Regions",
        "Європейський комітет регіонів",
        "European Committee of the Regions",
        None,
        "",
        "",
        "",
    ),
    AssociationSeed(
        "cemr",
        AssociationKind.EUROPEAN_NETWORK,
        "CEMR",
        "Council of European Municipalities and Regions",
        "Рада європейських муніципалітетів і регіонів",
        "Council of European Municipalities and Regions",
        None,
        "",
        "",
        "",
    ),
    AssociationSeed(
        "auc",
        AssociationKind.NATIONAL_ASSOCIATION,
        "АМУ",
        "Асоціація міст України",
        "Асоціація міст України",
        "Association of Ukrainian Cities",
        "UA",
        "",
        "",
        "",
    ),
    AssociationSeed(
        "frontline-cities",
        AssociationKind.NATIONAL_ASSOCIATION,
        "",
        "Асоціація прифронтових міст та громад",
        "Асоціація прифронтових міст та громад",
        "Association of Frontline Cities and Communities",
        "UA",
        "",
        "",
        "",
    ),
    AssociationSeed(
        "afccre",
        AssociationKind.NATIONAL_ASSOCIATION,
        "AFCCRE",
        "Association française du Conseil des Communes et Régions d'Europe",
        "Французька асоціація Ради європейських муніципалітетів і регіонів",
        "French Association of the Council of European Municipalities and Regions",
        "FR",
        "",
        "",
        "",
    ),
    AssociationSeed(
        "ks",
        AssociationKind.NATIONAL_ASSOCIATION,
        "KS",
        "Kommunesektorens organisasjon",
        "Асоціація місцевої та регіональної влади Норвегії",
        "Norwegian Association of Local and Regional Authorities",
        "NO",
        "",
        "",
        "",
    ),
    AssociationSeed(
        "lsa",
        AssociationKind.NATIONAL_ASSOCIATION,
        "LSA",
        "Lietuvos savivaldybių asociacija",
        "Асоціація органів місцевого самоврядування Литви",
        "Association of Local Authorities of Lithuania",
        "LT",
        "",
        "",
        "",
    ),
]

LUHANSK_OBLAST = AuthorityRef(AuthorityKind.OBLAST, "UA", "UA-09")
KOROSTEN = AuthorityRef(AuthorityKind.HROMADA, "UA", "Коростень", "UA-18")
KHARKIV = AuthorityRef(AuthorityKind.HROMADA, "UA", "Харків", "UA-63")
MYKOLAIV = AuthorityRef(AuthorityKind.HROMADA, "UA", "Миколаїв", "UA-48")
BOURGES = AuthorityRef(AuthorityKind.MUNICIPALITY, "FR", "Bourges")
PLUNGE = AuthorityRef(AuthorityKind.MUNICIPALITY, "LT", "Plungė")
SIAULIAI = AuthorityRef(AuthorityKind.MUNICIPALITY, "LT", "Šiauliai")

# (association, member authority, status, source)
AUTHORITY_MEMBERSHIPS = [
    (
        "alliance",
        LUHANSK_OBLAST,
        MembershipStatus.ASSOCIATED_PARTNER,
        "Seed 000: Luhansk oblast becomes an associated partner of the Alliance",
    ),
    (
        "auc",
        KOROSTEN,
        MembershipStatus.MEMBER,
        "Seed 003: AUC arranges Korosten's meetings with Bourges",
    ),
    (
        "frontline-cities",
        KHARKIV,
        MembershipStatus.MEMBER,
        "Seed 001: Kharkiv's mayor heads the association",
    ),
    (
        "lsa",
        PLUNGE,
        MembershipStatus.MEMBER,
        "Seed 001: Plungė's mayor is the association's president",
    ),
    (
        "lsa",
        SIAULIAI,
        MembershipStatus.MEMBER,
        "Every Lithuanian municipality belongs to LSA (demo scenario)",
    ),
    (
        "afccre",
        BOURGES,
        MembershipStatus.MEMBER,
        "Seed 003: AFCCRE facilitates Bourges' meetings with Korosten",
    ),
]

# (association, member association, status, source)
ASSOCIATION_MEMBERSHIPS = [
    ("cemr", "afccre", MembershipStatus.MEMBER, "Seed 003: AFCCRE is CEMR's French section"),
    ("cemr", "ks", MembershipStatus.MEMBER, "Seed 004: KS is CEMR's Norwegian section"),
    (
        "alliance",
        "cemr",
        MembershipStatus.MEMBER,
        "Seed 002: associations of local and regional authorities take part in the Alliance",
    ),
    (
        "alliance",
        "auc",
        MembershipStatus.MEMBER,
        "Seed 002: associations of local and regional authorities take part in the Alliance",
    ),
]

# (authority, status, source)
FRONTLINE_STATUSES = [
    (
        KHARKIV,
        FrontlineStatus.FRONTLINE,
        "Demo scenario after seed 001 (Association of Frontline Cities and Communities)",
    ),
    (MYKOLAIV, FrontlineStatus.FRONTLINE, "Demo scenario after seed 004"),
    (LUHANSK_OBLAST, FrontlineStatus.OCCUPIED, "Demo scenario after seed 000"),
]


@transaction.atomic
def demo_directory_load() -> int:
    """Create or refresh the demo associations, memberships and statuses; returns rows changed."""
    changed = 0
    associations = {}
    for seed in ASSOCIATIONS:
        country = Country.objects.get(code=seed.country) if seed.country else None
        association, created = Association.objects.update_or_create(
            slug=seed.slug,
            defaults={
                "kind": seed.kind,
                "acronym": seed.acronym,
                "name": seed.name,
                "name_uk": seed.name_uk,
                "name_en": seed.name_en,
                "country": country,
                "website": seed.website,
                "description_uk": seed.description_uk,
                "description_en": seed.description_en,
                "search_key": _association_key(seed),
            },
        )
        associations[seed.slug] = association
        changed += created
    for slug, ref, status, source in AUTHORITY_MEMBERSHIPS:
        _, created = Membership.objects.update_or_create(
            association=associations[slug],
            authority=ref.resolve(),
            defaults={"status": status, "source": source},
        )
        changed += created
    for slug, member_slug, status, source in ASSOCIATION_MEMBERSHIPS:
        _, created = Membership.objects.update_or_create(
            association=associations[slug],
            member_association=associations[member_slug],
            defaults={"status": status, "source": source},
        )
        changed += created
    for ref, frontline_status, source in FRONTLINE_STATUSES:
        changed += (
            Authority.objects.filter(pk=ref.resolve().pk)
            .exclude(
                frontline_status=frontline_status,
                frontline_source=source,
                frontline_as_of=DEMO_AS_OF,
            )
            .update(
                frontline_status=frontline_status,
                frontline_source=source,
                frontline_as_of=DEMO_AS_OF,
            )
        )
    return changed


def _association_key(seed: AssociationSeed) -> str:
    return search_key([seed.name, seed.name_uk, seed.name_en, seed.acronym])
