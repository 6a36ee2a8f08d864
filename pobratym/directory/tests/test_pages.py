import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pobratym.core.textkeys import search_key
from pobratym.directory.models import Authority
from pobratym.directory.tests.factories import AuthorityFactory, MembershipFactory, municipality


def _names_listed(response) -> list[str]:
    return re.findall(r'<a href="/directory/authority/\d+/">([^<]+)</a>', response.content.decode())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Korosten", ["Коростенська міська територіальна громада"]),
        ("Коростень", ["Коростенська міська територіальна громада"]),
        (
            "Коростенської міської територіальної громади",
            ["Коростенська міська територіальна громада"],
        ),
        ("Бурж", ["Бурж"]),
        ("Plunge", ["Plungė"]),
        ("bourges", ["Бурж"]),
        ("Берлін", ["Берлін"]),  # the section Wedding never shows
    ],
)
def test_directory_search_works_across_scripts_and_inflection(
    client, small_directory, query, expected
):
    response = client.get(reverse("directory:list"), {"q": query})

    assert response.status_code == 200
    assert _names_listed(response) == expected


def test_directory_list_in_english_shows_english_names(client, small_directory):
    client.cookies["django_language"] = "en"

    response = client.get(reverse("directory:list"), {"q": "Коростень"})

    assert _names_listed(response) == ["Korostenska city hromada"]
    assert '<html lang="en">' in response.content.decode()


def test_directory_filters_by_country_kind_and_population(client, small_directory):
    by_country = client.get(reverse("directory:list"), {"country": "FR"})
    by_kind = client.get(reverse("directory:list"), {"kind": "hromada"})
    small = client.get(reverse("directory:list"), {"population_band": "10k-50k"})
    largest_first = client.get(reverse("directory:list"))

    assert _names_listed(by_country) == ["Бурж"]
    assert _names_listed(by_kind) == ["Коростенська міська територіальна громада"]
    assert _names_listed(small) == ["Plungė"]
    assert _names_listed(largest_first) == [
        "Берлін",
        "Бурж",
        "Коростенська міська територіальна громада",
        "Plungė",
    ]


def test_directory_filters_by_frontline_and_alliance_status(client, small_directory):
    korosten = small_directory["korosten"]
    MembershipFactory(authority=small_directory["bourges"], status="associated_partner")
    Authority.objects.filter(pk=korosten.pk).update(
        frontline_status="frontline", frontline_source="test", frontline_as_of="2026-11-01"
    )

    frontline = client.get(reverse("directory:list"), {"frontline_status": "frontline"})
    partners = client.get(reverse("directory:list"), {"alliance_status": "associated_partner"})
    outside = client.get(reverse("directory:list"), {"alliance_status": "none"})

    assert _names_listed(frontline) == ["Коростенська міська територіальна громада"]
    assert _names_listed(partners) == ["Бурж"]
    assert "Бурж" not in _names_listed(outside)
    assert len(_names_listed(outside)) == 3


def test_directory_filter_by_oblast_includes_raion_members(client, small_directory):
    oblast = small_directory["korosten"].region

    response = client.get(reverse("directory:list"), {"region": oblast.pk})

    assert _names_listed(response) == ["Коростенська міська територіальна громада"]


def test_bad_filter_values_are_named_and_the_rest_still_applies(client, small_directory):
    response = client.get(
        reverse("directory:list"), {"country": "XX", "population_band": "huge", "q": "Бурж"}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="alert"' in body
    assert (
        body.count(
            "<li>", body.index('role="alert"'), body.index("</ul>", body.index('role="alert"'))
        )
        == 2
    )
    assert _names_listed(response) == ["Бурж"]


def test_overlong_query_is_refused_with_an_error_not_a_crash(client, small_directory):
    response = client.get(reverse("directory:list"), {"q": "x" * 5000})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_directory_list_runs_a_fixed_number_of_queries(client, small_directory):
    for number in range(30):
        AuthorityFactory(name=f"Громада {number}", region=small_directory["korosten"].region)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("directory:list"))

    assert response.status_code == 200
    # session-free anonymous page: countries, regions, count, one page of rows
    assert len(queries) == 4


def test_profile_shows_facts_and_what_population_measures(client, small_directory):
    korosten = small_directory["korosten"]
    MembershipFactory(
        authority=korosten,
        association__slug="auc",
        association__kind="national_association",
        association__name="Асоціація міст України",
        association__name_uk="Асоціація міст України",
    )

    response = client.get(korosten.get_absolute_url())

    body = response.content.decode()
    assert response.status_code == 200
    assert "Коростень" in body
    assert korosten.official_code in body
    assert "Асоціація міст України" in body


def test_profile_of_a_section_says_what_it_is_part_of(client, small_directory):
    response = client.get(small_directory["wedding"].get_absolute_url())

    assert small_directory["berlin"].get_absolute_url() in response.content.decode()


def test_profile_of_an_unknown_authority_is_404(client, db):
    assert client.get(reverse("directory:authority", args=[999999])).status_code == 404


def test_pages_send_a_strict_content_security_policy(client, small_directory):
    response = client.get(reverse("directory:list"))

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "<script" not in response.content.decode()
    assert " style=" not in response.content.decode()


def test_association_pages_list_members(client, small_directory):
    MembershipFactory(authority=small_directory["bourges"], status="associated_partner")

    listing = client.get(reverse("directory:associations"), {"q": "альянс"})
    profile = client.get(reverse("directory:association", args=["alliance"]))

    assert (
        "Європейський альянс міст і регіонів з питань відбудови України" in listing.content.decode()
    )
    assert small_directory["bourges"].get_absolute_url() in profile.content.decode()
    assert client.get(reverse("directory:association", args=["nope"])).status_code == 404


def test_pages_are_ukrainian_by_default_and_english_on_request(client, small_directory):
    ukrainian = client.get(reverse("directory:list"))
    switched = client.post(reverse("set_language"), {"language": "en", "next": "/directory/"})
    english = client.get(reverse("directory:list"))

    assert '<html lang="uk">' in ukrainian.content.decode()
    assert "<h1>Довідник</h1>" in ukrainian.content.decode()
    assert switched.status_code == 302
    assert "<h1>Directory</h1>" in english.content.decode()
    assert "Знайдено 4 органи влади" in ukrainian.content.decode()
    assert "4 authorities found" in english.content.decode()


def test_unknown_populations_come_last_on_every_database(client, small_directory):
    municipality("Seat", country="FR", country_en="France", country_uk="Франція", population=None)

    response = client.get(reverse("directory:list"), {"country": "FR"})

    assert _names_listed(response) == ["Бурж", "Seat"]


def test_search_follows_a_renamed_authority(client, small_directory):
    bourges = small_directory["bourges"]
    bourges.search_key = search_key(["Avaricum"])
    bourges.save()

    found = client.get(reverse("directory:list"), {"q": "avaricum"})
    gone = client.get(reverse("directory:list"), {"q": "bourges"})

    assert _names_listed(found) == ["Бурж"]
    assert _names_listed(gone) == []
