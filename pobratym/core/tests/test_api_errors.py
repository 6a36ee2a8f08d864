"""Every API error is {"code", "message"} in the caller's language, with the right status."""

import logging

import pytest
from django.db import connection
from django.test import Client

from config.api import api
from pobratym.accounts.tests.factories import UserFactory

AUTHORITIES = "/api/v1/directory/authorities"
LISTS = [
    AUTHORITIES,
    "/api/v1/directory/associations",
    "/api/v1/exchange/needs",
    "/api/v1/exchange/offers",
    "/api/v1/partnerships/partnerships",
]


def english(client, url, **params):
    return client.get(url, params, headers={"accept-language": "en"})


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"limit": "0"}, "limit", "Give a number no smaller than 1."),
        ({"limit": "201"}, "limit", "Give a number no greater than 200."),
        ({"limit": str(2**63)}, "limit", "Give a number no greater than 200."),
        ({"limit": "-1"}, "limit", "Give a number no smaller than 1."),
        ({"limit": "ten"}, "limit", "Give a whole number."),
        ({"offset": "-1"}, "offset", "Give a number no smaller than 0."),
        ({"offset": str(2**63)}, "offset", "Give a number no greater than 1000000."),
        ({"offset": "1000001"}, "offset", "Give a number no greater than 1000000."),
        ({"offset": "1e3"}, "offset", "Give a whole number."),
    ],
)
def test_a_page_out_of_range_is_refused_with_the_field_named(
    client, small_directory, params, field, message
):
    response = client.get(AUTHORITIES, params, headers={"accept-language": "en"})

    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid_input",
        "message": "Some values are not valid.",
        "fields": [{"field": field, "message": message}],
    }


def test_the_pages_at_the_edges_of_the_range_are_served(client, small_directory):
    widest = client.get(AUTHORITIES, {"limit": "200", "offset": "0"}).json()
    one = client.get(AUTHORITIES, {"limit": "1", "offset": "1"}).json()
    deepest = client.get(AUTHORITIES, {"limit": "200", "offset": "1000000"})

    assert (widest["count"], len(widest["items"])) == (4, 4)
    assert len(one["items"]) == 1
    assert one["items"][0]["id"] == widest["items"][1]["id"]
    assert (deepest.status_code, deepest.json()) == (200, {"items": [], "count": 4})


@pytest.mark.parametrize("url", LISTS)
def test_every_list_takes_the_same_bounds(client, db, url):
    too_many = client.get(url, {"limit": "201"})
    default = client.get(url)

    assert too_many.status_code == 422
    assert [f["field"] for f in too_many.json()["fields"]] == ["limit"]
    assert default.status_code == 200


@pytest.mark.parametrize(
    "url",
    [AUTHORITIES, "/api/v1/exchange/needs", "/api/v1/exchange/offers", "/api/v1/search/"],
)
@pytest.mark.parametrize(
    ("region", "message"),
    [
        (str(2**63), "Give a number no greater than 9223372036854775807."),
        (str(2**70), "Give a number no greater than 9223372036854775807."),
        ("0", "Give a number no smaller than 1."),
    ],
)
def test_a_region_past_what_a_database_holds_is_refused(client, db, settings, url, region, message):
    settings.EXCHANGE_EMBEDDER = "pobratym.exchange.tests.fakes.FakeEmbedder"

    response = client.get(url, {"region": region}, headers={"accept-language": "en"})

    assert response.status_code == 422
    assert response.json()["fields"] == [{"field": "region", "message": message}]


def test_a_refused_value_is_explained_in_the_callers_language(client, small_directory):
    response = client.get(AUTHORITIES, {"limit": "201"}, headers={"accept-language": "uk"})

    assert response.json() == {
        "code": "invalid_input",
        "message": "Деякі значення недійсні.",
        "fields": [{"field": "limit", "message": "Вкажіть число, не більше за 200."}],
    }


def test_a_missing_record_is_a_404_in_the_callers_language(client, db):
    en = english(client, f"{AUTHORITIES}/999999")
    uk = client.get(f"{AUTHORITIES}/999999", headers={"accept-language": "uk"})

    assert (en.status_code, en.json()) == (
        404,
        {"code": "not_found", "message": "Nothing was found at this address."},
    )
    assert uk.json() == {"code": "not_found", "message": "За цією адресою нічого немає."}


def test_an_unknown_api_address_is_a_json_404(client, db):
    response = english(client, "/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"code": "not_found", "message": "Nothing was found at this address."}


def test_a_method_the_path_does_not_take_is_a_405_naming_the_allowed_one(client, db):
    response = client.post(AUTHORITIES, headers={"accept-language": "en"})

    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {
        "code": "method_not_allowed",
        "message": "This address does not accept this method.",
    }


def test_an_anonymous_caller_past_the_rate_gets_a_429_and_when_to_retry(client, db, settings):
    assert settings.API_RATE_ANONYMOUS == "120/min"
    served = [client.get("/api/v1/exchange/sectors").status_code for _ in range(120)]

    refused = client.get("/api/v1/exchange/sectors", headers={"accept-language": "en"})
    elsewhere = client.get("/api/v1/exchange/sectors", REMOTE_ADDR="192.0.2.7")

    assert served == [200] * 120
    assert refused.status_code == 429
    wait = int(refused["Retry-After"])
    assert 1 <= wait <= 60
    assert refused.json() == {
        "code": "too_many_requests",
        "message": f"Too many requests: try again in {wait} seconds.",
    }
    assert elsewhere.status_code == 200


def test_a_signed_in_caller_is_counted_apart_from_their_address(client, db):
    for _ in range(120):
        client.get("/api/v1/exchange/sectors")
    client.force_login(UserFactory())

    assert client.get("/api/v1/exchange/sectors").status_code == 200


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_failure_is_a_500_without_a_traceback(db, settings, caplog, debug):
    settings.DEBUG = debug
    with connection.cursor() as cursor:
        # A broken database: the sectors' table is gone (the test's rollback restores it).
        cursor.execute("ALTER TABLE exchange_sector RENAME TO exchange_sector_gone")

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = Client(raise_request_exception=False).get(
            "/api/v1/exchange/sectors", headers={"accept-language": "en"}
        )

    assert response.status_code == 500
    assert response.json() == {
        "code": "server_error",
        "message": "Something went wrong on our side. Please try again later.",
    }
    assert "Traceback" not in response.content.decode()
    [record] = caplog.records
    assert record.getMessage() == "Internal Server Error: /api/v1/exchange/sectors"
    assert record.exc_info is not None


def test_every_operation_documents_its_errors_with_the_shared_schema():
    schema = api.get_openapi_schema()
    error = {"$ref": "#/components/schemas/ErrorOut"}
    documented = {
        (method, path): sorted(
            status
            for status, answer in operation["responses"].items()
            if answer["content"]["application/json"]["schema"] == error
        )
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }

    assert documented[("get", "/api/v1/exchange/sectors")] == [403, 405, 429, 500]
    assert documented[("get", "/api/v1/directory/authorities")] == [403, 405, 422, 429, 500]
    assert documented[("get", "/api/v1/directory/authorities/{authority_id}")] == [
        403,
        404,
        405,
        422,
        429,
        500,
    ]
    assert all({403, 405, 429, 500} <= set(statuses) for statuses in documented.values())
    assert all(404 in statuses for (_, path), statuses in documented.items() if "{" in path)


def test_every_date_in_the_schema_is_typed_as_a_date():
    """Dates are dates in every schema, never strings that a date cannot be rendered into."""
    schemas = api.get_openapi_schema()["components"]["schemas"]
    named_as_dates = {
        f"{name}.{field}": spec
        for name, schema in schemas.items()
        for field, spec in schema.get("properties", {}).items()
        if field.endswith(("_on", "_at", "_as_of", "_until"))
    }

    def formats(spec):
        return {s.get("format") for s in spec.get("anyOf", [spec])} - {None}

    assert "AuthorityOut.frontline_as_of" in named_as_dates
    assert {
        name: formats(spec)
        for name, spec in named_as_dates.items()
        if not formats(spec) <= {"date", "date-time"} or not formats(spec)
    } == {}
