def test_api_lists_authorities_with_search_and_filters(client, small_directory):
    response = client.get("/api/v1/directory/authorities", {"q": "Бурж", "country": "fr"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [(a["name"], a["country"], a["population"]) for a in body["items"]] == [
        ("Bourges", "FR", 67987)
    ]


def test_api_refuses_an_unknown_filter_value_with_a_named_field(client, small_directory):
    response = client.get("/api/v1/directory/authorities", {"kind": "castle"})

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert [f["field"] for f in body["fields"]] == ["kind"]


def test_api_error_message_follows_the_user_language(client, small_directory):
    uk = client.get(
        "/api/v1/directory/authorities", {"kind": "castle"}, headers={"accept-language": "uk"}
    )
    en = client.get(
        "/api/v1/directory/authorities", {"kind": "castle"}, headers={"accept-language": "en"}
    )

    assert en.json()["message"] == "Some values are not valid."
    assert uk.json()["message"] == "Деякі значення недійсні."


def test_api_authority_detail_and_404(client, small_directory):
    korosten = small_directory["korosten"]

    found = client.get(f"/api/v1/directory/authorities/{korosten.pk}")
    missing = client.get("/api/v1/directory/authorities/999999")

    assert found.json()["centre_name"] == "Коростень"
    assert missing.status_code == 404


def test_api_never_exposes_internal_search_keys(client, small_directory):
    response = client.get("/api/v1/directory/authorities")

    assert all("search_key" not in item for item in response.json()["items"])


def test_api_lists_frontline_and_occupied_authorities_with_their_dates(client, frontline_directory):
    korosten = frontline_directory["korosten"]

    everyone = client.get("/api/v1/directory/authorities", {"country": "UA"})
    occupied = client.get("/api/v1/directory/authorities", {"frontline_status": "occupied"})
    detail = client.get(f"/api/v1/directory/authorities/{korosten.pk}")

    assert everyone.status_code == 200
    assert sorted(
        (a["name_en"], a["frontline_status"], a["frontline_as_of"])
        for a in everyone.json()["items"]
    ) == [
        ("Korostenska city hromada", "frontline", "2025-03-01"),
        ("Oleshkivska city hromada", "occupied", "2025-02-14"),
    ]
    assert [a["name_en"] for a in occupied.json()["items"]] == ["Oleshkivska city hromada"]
    assert detail.json()["frontline_as_of"] == "2025-03-01"
