"""Factories for directory records; names are real so that search tests read naturally."""

import itertools

import factory

from pobratym.core.textkeys import search_key
from pobratym.directory.enums import AuthorityKind, CodeSystem, SettlementType
from pobratym.directory.models import Association, Authority, Country, Membership, Region


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "UA"
    name_en = "Ukraine"
    name_uk = "Україна"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    country = factory.SubFactory(CountryFactory)
    kind = "oblast"
    code = "UA-18"
    iso_code = factory.LazyAttribute(lambda region: region.code)
    name = "Житомирська область"
    name_uk = "Житомирська область"
    name_en = "Zhytomyrska oblast"


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority

    kind = AuthorityKind.HROMADA
    name = "Коростенська міська територіальна громада"
    name_uk = factory.LazyAttribute(lambda authority: authority.name)
    name_en = "Korostenska city hromada"
    country = factory.SubFactory(CountryFactory)
    region = factory.SubFactory(RegionFactory)
    code_system = CodeSystem.KATOTTG
    official_code = factory.Sequence(lambda n: f"UA18{n:015d}")
    settlement_type = SettlementType.CITY
    centre_name = "Коростень"
    population = 61496
    search_key = factory.LazyAttribute(
        lambda a: search_key([a.name, a.name_uk, a.name_en, a.centre_name])
    )


_GEONAMES_IDS = itertools.count(3_000_001)


def municipality(
    name: str,
    *,
    country: str,
    country_en: str,
    country_uk: str,
    population: int,
    name_uk: str = "",
    region: Region | None = None,
    **fields: object,
) -> Authority:
    """A European municipality as the GeoNames import would write it."""
    authority: Authority = AuthorityFactory(
        kind=AuthorityKind.MUNICIPALITY,
        name=name,
        name_uk=name_uk,
        name_en=name,
        country=CountryFactory(code=country, name_en=country_en, name_uk=country_uk),
        region=region,
        code_system=CodeSystem.GEONAMES,
        official_code=str(next(_GEONAMES_IDS)),
        settlement_type="",
        centre_name="",
        population=population,
        search_key=search_key([name, name_uk]),
        **fields,
    )
    return authority


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association
        django_get_or_create = ("slug",)

    kind = "alliance"
    slug = "alliance"
    name = "European Alliance of Cities and Regions for the Reconstruction of Ukraine"
    name_uk = "Європейський альянс міст і регіонів з питань відбудови України"
    name_en = factory.LazyAttribute(lambda association: association.name)
    search_key = factory.LazyAttribute(lambda a: search_key([a.name, a.name_uk]))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    association = factory.SubFactory(AssociationFactory)
    authority = factory.SubFactory(AuthorityFactory)
    status = "member"
