"""Recommendations on need, offer and authority pages: who fits, why, and who may see it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from pobratym.directory.tests.factories import AuthorityFactory, municipality
from pobratym.exchange import services
from pobratym.exchange.tests.helpers import (
    offer_update_values,
    publish_need,
    publish_offer,
)
from pobratym.matching import keeper, selectors
from pobratym.matching.models import StoredRecommendations
from pobratym.partnerships import services as partnerships

pytestmark = pytest.mark.django_db


def _offer_titles(need, viewer) -> list[str]:
    found = selectors.offers_for_need(need=need, viewer=viewer)
    return [item.offer.title for item in found.items]


def test_need_is_recommended_offers_sharing_a_sector_and_never_others(world, fake_embedder, now):
    editor = world.users["member_elsewhere"]
    need = now(publish_need, world.korosten, world.users["editor"], sectors=["energy.generators"])
    now(publish_offer, world.bourges, editor, title="Energy advice", sectors=["energy"])
    now(publish_offer, world.bourges, editor, title="Museum exchange", sectors=["culture"])

    assert _offer_titles(need, world.users["anonymous"]) == ["Energy advice"]


def test_recommendation_reasons_are_in_the_readers_language(world, fake_embedder, now):
    need = now(publish_need, world.korosten, world.users["editor"], urgency="critical")
    now(publish_offer, world.bourges, world.users["member_elsewhere"], title="Energy advice")

    with translation.override("en"):
        found = selectors.offers_for_need(need=need, viewer=world.users["anonymous"])
        english = [reason.text for reason in found.items[0].reasons]
    with translation.override("uk"):
        found = selectors.offers_for_need(need=need, viewer=world.users["anonymous"])
        ukrainian = [reason.text for reason in found.items[0].reasons]

    assert english[0] == "Shared sector: Energy"
    assert "Urgency of the need: critical" in english
    assert ukrainian[0] == "Спільний сектор: Енергетика"
    assert "Терміновість потреби: критична" in ukrainian


def test_members_only_offer_is_recommended_to_members_only(world, fake_embedder, now):
    need = now(publish_need, world.korosten, world.users["editor"])
    now(
        publish_offer,
        world.bourges,
        world.users["member_elsewhere"],
        title="Quiet help",
        visibility="members",
    )

    assert _offer_titles(need, world.users["anonymous"]) == []
    assert _offer_titles(need, world.users["editor"]) == ["Quiet help"]


def test_parties_only_need_is_kept_out_of_matching(world, fake_embedder, now):
    need = now(publish_need, world.korosten, world.users["editor"], visibility="parties")
    offer = now(publish_offer, world.bourges, world.users["member_elsewhere"])

    found = selectors.offers_for_need(need=need, viewer=world.users["editor"])
    for_offer = selectors.hromadas_for_offer(offer=offer, viewer=world.users["secretariat"])

    assert found.readiness == selectors.Readiness.NOT_SHARED
    assert found.items == []
    assert for_offer.items == []


def test_new_edited_and_closed_offers_reach_recommendations_at_once(world, fake_embedder, now):
    editor = world.users["member_elsewhere"]
    need = now(publish_need, world.korosten, world.users["editor"])
    first = now(publish_offer, world.bourges, editor, title="Energy advice")
    assert _offer_titles(need, world.users["anonymous"]) == ["Energy advice"]

    second = now(publish_offer, world.bourges, editor, title="Generators on loan")
    assert sorted(_offer_titles(need, world.users["anonymous"])) == [
        "Energy advice",
        "Generators on loan",
    ]

    now(
        services.offer_update,
        offer=first,
        actor=editor,
        **offer_update_values(first, sectors=["culture"]),
    )
    now(services.offer_close, offer=second, actor=editor)
    assert _offer_titles(need, world.users["anonymous"]) == []


def test_withdrawn_need_gets_no_recommendations(world, fake_embedder, now):
    editor = world.users["editor"]
    need = now(publish_need, world.korosten, editor)
    now(publish_offer, world.bourges, world.users["member_elsewhere"])
    now(services.need_withdraw, need=need, actor=editor)
    need.refresh_from_db()

    found = selectors.offers_for_need(need=need, viewer=editor)

    assert found.readiness == selectors.Readiness.CLOSED


def test_offer_page_lists_hromadas_with_the_need_that_fits(world, fake_embedder, client, now):
    plunge = municipality(
        "Plungė", country="LT", country_en="Lithuania", country_uk="Литва", population=18_904
    )
    need = now(publish_need, world.korosten, world.users["editor"], title="Генератори для лікарні")
    offer = now(publish_offer, plunge, world.users["secretariat"], title="Generatoriai")

    page = client.get(offer.get_absolute_url()).content.decode()

    assert "Громади, яким підходить ця пропозиція" in page
    assert world.korosten.display_name in page
    assert need.title in page


def test_authority_page_shows_the_hromadas_its_offers_fit(world, fake_embedder, client, now):
    village = AuthorityFactory(
        name="Малинська міська територіальна громада",
        official_code="UA18040170000069050",
        centre_name="Малин",
        frontline_status="frontline",
        frontline_source="Test list",
        frontline_as_of=datetime.date(2026, 11, 1),
    )
    now(publish_need, world.korosten, world.users["editor"], title="Генератори для лікарні")
    now(publish_need, village, world.users["secretariat"], title="Генератори для водоканалу")
    now(publish_offer, world.bourges, world.users["member_elsewhere"], title="Energy advice")

    found = selectors.hromadas_for_authority(
        authority=world.bourges, viewer=world.users["anonymous"]
    )
    page = client.get(reverse("directory:authority", args=[world.bourges.pk])).content.decode()

    assert {item.authority for item in found.items} == {world.korosten, village}
    assert [pair.offer.title for pair in found.items[0].pairs] == ["Energy advice"]
    frontline = next(item for item in found.items if item.authority == village)
    assert "frontline" in [reason.code for reason in frontline.reasons]
    assert "Громади, яким підходять ваші пропозиції" in page


def test_authority_without_offers_shows_no_recommendation_section(world, client, now):
    page = client.get(reverse("directory:authority", args=[world.bourges.pk])).content.decode()

    assert "recommendations-heading" not in page


def test_ukrainian_need_finds_the_french_offer_about_the_same_thing(world, now):
    """The real model: a water-treatment need in Ukrainian meets a French offer on it, ahead
    of a French offer in the same sector about something else."""
    editor = world.users["member_elsewhere"]
    need = now(
        publish_need,
        world.korosten,
        world.users["editor"],
        title="Модернізація очисних споруд водоканалу",
        description="Потрібен досвід реконструкції станції очищення питної води та навчання персоналу.",
        sectors=["water"],
        items=[],
    )
    now(
        publish_offer,
        world.bourges,
        editor,
        title="Facturation et relation aux usagers du service de l'eau",
        description="Nous partageons nos logiciels de facturation et notre accueil des usagers.",
        sectors=["water"],
    )
    now(
        publish_offer,
        world.bourges,
        editor,
        title="Expertise en traitement de l'eau potable",
        description="Nos ingénieurs de la station de traitement de l'eau accompagnent la modernisation d'une station d'épuration et forment le personnel.",
        sectors=["water"],
    )

    assert _offer_titles(need, world.users["anonymous"])[0] == (
        "Expertise en traitement de l'eau potable"
    )


def test_api_gives_recommendations_with_reasons_in_the_requested_language(
    world, fake_embedder, client, now
):
    need = now(publish_need, world.korosten, world.users["editor"])
    offer = now(
        publish_offer, world.bourges, world.users["member_elsewhere"], title="Energy advice"
    )

    body = client.get(
        f"/api/v1/matching/needs/{need.pk}/offers", headers={"accept-language": "en"}
    ).json()

    assert body["readiness"] == "ready"
    assert [item["offer_id"] for item in body["items"]] == [offer.pk]
    assert body["items"][0]["authority_id"] == world.bourges.pk
    assert body["items"][0]["fit"] in {"strong", "good", "weak"}
    assert body["items"][0]["is_partner"] is False
    assert body["items"][0]["reasons"][0] == {
        "code": "sector",
        "points": 0.0,
        "text": "Shared sector: Energy",
    }


def test_api_hides_a_members_only_need_and_its_recommendations_from_visitors(
    world, fake_embedder, client, now
):
    need = now(publish_need, world.korosten, world.users["editor"], visibility="members")

    response = client.get(f"/api/v1/matching/needs/{need.pk}/offers")

    assert response.status_code == 404


def _partners_in_dialogue(world, **fields):
    """A partnership between Korosten and Bourges that Bourges accepted: under way."""
    staff = world.users["secretariat"]
    partnership = partnerships.partnership_express_interest(
        from_organisation=world.korosten, to_organisation=world.bourges, actor=staff, **fields
    ).partnership
    return partnerships.partnership_transition(
        partnership=partnership, to_state="in_dialogue", actor=staff
    )


def test_partners_under_way_are_named_partners_and_keep_their_place(world, fake_embedder, now):
    plunge = municipality(
        "Plungė", country="LT", country_en="Lithuania", country_uk="Литва", population=18_904
    )
    need = now(publish_need, world.korosten, world.users["editor"])
    now(publish_offer, world.bourges, world.users["member_elsewhere"], title="Energy advice")
    now(publish_offer, plunge, world.users["secretariat"], title="Generatoriai")
    before = selectors.offers_for_need(need=need, viewer=world.users["anonymous"]).items

    now(_partners_in_dialogue, world)
    after = selectors.offers_for_need(need=need, viewer=world.users["anonymous"]).items

    assert [(i.offer.title, i.score) for i in after] == [(i.offer.title, i.score) for i in before]
    assert {i.offer.title: i.is_partner for i in after} == {
        "Energy advice": True,
        "Generatoriai": False,
    }


def test_an_offer_whose_places_are_taken_is_no_longer_recommended(world, fake_embedder, now):
    need = now(publish_need, world.korosten, world.users["editor"])
    offer = now(
        publish_offer, world.bourges, world.users["member_elsewhere"], title="One place", capacity=1
    )
    assert _offer_titles(need, world.users["anonymous"]) == ["One place"]

    now(_partners_in_dialogue, world, offer=offer)

    assert _offer_titles(need, world.users["anonymous"]) == []


def test_an_offer_that_does_not_fit_at_all_is_not_recommended(
    world, fake_embedder, now, monkeypatch
):
    # Without a prior, one need and one offer are centred on their own mean and point in
    # opposite directions: a similarity of −1, a fit below zero, however urgent the need.
    monkeypatch.setattr(keeper, "load_prior", lambda model_name: None)
    need = now(publish_need, world.korosten, world.users["editor"], urgency="critical")
    offer = now(publish_offer, world.bourges, world.users["member_elsewhere"])

    stored = StoredRecommendations.objects.get(subject="need", subject_id=need.pk)
    assert [c["fit"] for c in stored.candidates] == [pytest.approx(-1, abs=0.5)]
    assert selectors.offers_for_need(need=need, viewer=world.users["anonymous"]).items == []
    assert selectors.hromadas_for_offer(offer=offer, viewer=world.users["anonymous"]).items == []
    assert (
        selectors.hromadas_for_authority(
            authority=world.bourges, viewer=world.users["anonymous"]
        ).items
        == []
    )
