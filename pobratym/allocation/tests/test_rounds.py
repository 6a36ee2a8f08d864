"""Allocation rounds in the platform: who runs them, what they propose, review, publication and
answers. The solver itself is tested in test_engine*; here the data comes from the exchange."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from pobratym.accounts.tests.factories import (
    editor_of,
    facilitator_of,
    secretariat,
    sign_in_verified,
)
from pobratym.allocation import services
from pobratym.allocation.enums import Response, RoundStatus
from pobratym.allocation.models import AllocationRound, RoundProposal
from pobratym.allocation.selectors import round_proposals, uncovered_reason
from pobratym.core.errors import InvalidInput, PermissionRefused
from pobratym.core.models import AuditRecord
from pobratym.directory.enums import PopulationBand
from pobratym.directory.selectors import AuthorityFilters, authority_list
from pobratym.directory.tests.factories import (
    AssociationFactory,
    AuthorityFactory,
    MembershipFactory,
    RegionFactory,
    municipality,
)
from pobratym.exchange.tests.helpers import publish_need, publish_offer
from pobratym.partnerships import services as partnerships
from pobratym.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


class Scenario:
    """CEMR facilitates; its members Bourges and Plungė offer; a city and a small frontline
    hromada need generators. Plungė's offer has room for one partner."""

    def __init__(self, now):
        self.cemr = AssociationFactory(slug="cemr", kind="european_network", name="CEMR")
        self.bourges = municipality(
            "Bourges", country="FR", country_en="France", country_uk="Франція", population=67_987
        )
        self.plunge = municipality(
            "Plungė", country="LT", country_en="Lithuania", country_uk="Литва", population=18_904
        )
        MembershipFactory(association=self.cemr, authority=self.bourges)
        MembershipFactory(association=self.cemr, authority=self.plunge)
        self.city = AuthorityFactory(population=61_496)
        self.village = AuthorityFactory(
            name="Вільшанська сільська територіальна громада",
            official_code="UA18040110000042541",
            centre_name="Вільшанка",
            population=4_100,
            frontline_status="frontline",
            frontline_source="Test list",
            frontline_as_of=datetime.date(2026, 11, 1),
        )
        self.facilitator = facilitator_of(self.cemr)
        self.city_editor = editor_of(self.city)
        self.village_editor = editor_of(self.village)
        self.plunge_editor = editor_of(self.plunge)
        staff = secretariat()
        self.city_need = now(publish_need, self.city, staff, title="Генератори для лікарні")
        self.village_need = now(publish_need, self.village, staff, title="Генератор для школи")
        self.generators = now(
            publish_offer,
            self.plunge,
            staff,
            title="Generatoriai",
            sectors=["energy.generators"],
            capacity=1,
        )


@pytest.fixture
def now(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def scenario(fake_embedder, now) -> Scenario:
    return Scenario(now)


@pytest.fixture
def fake_embedder(settings):
    settings.EXCHANGE_EMBEDDER = "pobratym.exchange.tests.fakes.FakeEmbedder"


def run(scenario, **overrides):
    # The fake embedder's vectors are random: any fit counts, whatever its text part.
    values = {"title": "Generators for the winter", "association": scenario.cemr, "min_score": -2.0}
    values.update(overrides)
    return services.round_run(actor=scenario.facilitator, **values)


def active(allocation_round):
    return list(
        allocation_round.proposals.filter(is_removed=False).values_list(
            "hromada__name", "offer__title"
        )
    )


def test_round_gives_the_only_offer_to_the_small_frontline_hromada(scenario):
    allocation_round = run(scenario)

    assert active(allocation_round) == [(scenario.village.name, "Generatoriai")]
    report = allocation_round.report
    assert (report["seeking"], report["covered"], report["max_coverage"]) == (2, 1, 1)
    assert [u["hromada_id"] for u in report["uncovered"]] == [scenario.city.pk]
    proposal = allocation_round.proposals.get()
    assert proposal.need == scenario.village_need
    assert proposal.reasons[0]["code"] == "sector"


def test_round_without_fairness_maximises_fit_alone(scenario):
    allocation_round = run(scenario, fairness=False)

    report = allocation_round.report
    assert report["covered"] == 1
    assert report["price_of_fairness"] == 0.0


def test_only_facilitators_of_the_association_and_the_secretariat_run_rounds(scenario):
    other = facilitator_of(AssociationFactory(slug="other", name="Other"))

    with pytest.raises(PermissionRefused):
        services.round_run(title="x", association=scenario.cemr, actor=scenario.city_editor)
    with pytest.raises(PermissionRefused):
        services.round_run(title="x", association=scenario.cemr, actor=other)
    with pytest.raises(PermissionRefused):
        services.round_run(title="x", association=None, actor=scenario.facilitator)

    assert AllocationRound.objects.count() == 0
    assert services.round_run(title="All", association=None, actor=secretariat()).pk


def test_bad_settings_are_refused_field_by_field_and_nothing_is_kept(scenario):
    with pytest.raises(InvalidInput) as refused:
        run(scenario, title="  ", max_proposals=0, min_score=99)

    assert set(refused.value.extra["fields"]) == {"title", "max_proposals", "min_score"}
    assert AllocationRound.objects.count() == 0


def test_review_removes_and_swaps_within_capacity(scenario, now):
    bigger = now(
        publish_offer,
        scenario.bourges,
        secretariat(),
        title="Conseil énergie",
        sectors=["energy"],
        capacity=1,
    )
    allocation_round = run(scenario)
    assert sorted(active(allocation_round)) == sorted(
        [(scenario.village.name, "Generatoriai"), (scenario.city.name, "Conseil énergie")]
        if allocation_round.proposals.get(hromada=scenario.city).offer == bigger
        else [(scenario.village.name, "Conseil énergie"), (scenario.city.name, "Generatoriai")]
    )
    city_proposal = allocation_round.proposals.get(hromada=scenario.city)
    taken = RoundProposal.objects.get(round=allocation_round, hromada=scenario.village).offer

    with pytest.raises(InvalidInput) as full:
        services.proposal_swap(
            proposal=city_proposal, offer_id=taken.pk, actor=scenario.facilitator
        )
    assert full.value.code == "capacity_full"

    village_proposal = allocation_round.proposals.get(hromada=scenario.village)
    services.proposal_remove(proposal=village_proposal, actor=scenario.facilitator)
    swapped = services.proposal_swap(
        proposal=city_proposal, offer_id=taken.pk, actor=scenario.facilitator
    )

    assert swapped.added_in_review
    assert swapped.reasons[0]["code"] == "sector"
    assert active(allocation_round) == [(scenario.city.name, taken.title)]


def test_swap_to_an_offer_that_is_not_a_candidate_is_refused(scenario):
    allocation_round = run(scenario)
    proposal = allocation_round.proposals.get()

    with pytest.raises(InvalidInput) as refused:
        services.proposal_swap(proposal=proposal, offer_id=999_999, actor=scenario.facilitator)

    assert refused.value.code == "not_a_candidate"
    assert active(allocation_round) == [(scenario.village.name, "Generatoriai")]


def test_published_round_is_answered_by_both_sides_and_frozen(scenario):
    allocation_round = run(scenario)
    proposal = allocation_round.proposals.get()
    with pytest.raises(PermissionRefused):
        services.proposal_answer(
            proposal=proposal,
            organisation=scenario.village,
            answer="accepted",
            actor=scenario.village_editor,
        )

    services.round_publish(allocation_round=allocation_round, actor=scenario.facilitator)
    services.proposal_answer(
        proposal=proposal,
        organisation=scenario.village,
        answer="accepted",
        actor=scenario.village_editor,
    )
    services.proposal_answer(
        proposal=proposal,
        organisation=scenario.plunge,
        answer="declined",
        actor=scenario.plunge_editor,
    )
    with pytest.raises(InvalidInput):
        services.proposal_remove(proposal=proposal, actor=scenario.facilitator)
    with pytest.raises(PermissionRefused):
        services.proposal_answer(
            proposal=proposal,
            organisation=scenario.village,
            answer="declined",
            actor=scenario.city_editor,
        )

    proposal.refresh_from_db()
    allocation_round.refresh_from_db()
    assert allocation_round.status == RoundStatus.PUBLISHED
    assert (proposal.hromada_response, proposal.offer_response) == (
        Response.ACCEPTED,
        Response.DECLINED,
    )
    assert not proposal.is_removed


def test_round_page_shows_the_report_to_its_facilitator_only(scenario, client):
    allocation_round = run(scenario)
    url = reverse("allocation:round", args=[allocation_round.pk])

    client.force_login(scenario.city_editor)
    assert client.get(url).status_code == 404
    sign_in_verified(client, scenario.facilitator)
    page = client.get(url).content.decode()

    assert "Покриття за кількістю населення" in page
    assert scenario.village.name in page
    [uncovered] = allocation_round.report["uncovered"]
    assert uncovered["hromada_id"] == scenario.city.pk
    assert f"{scenario.city.name}</a>: {uncovered_reason(uncovered['reason'])}" in page


def test_hromada_editor_sees_the_proposal_only_once_published(scenario, client):
    allocation_round = run(scenario)
    client.force_login(scenario.village_editor)
    home = reverse("allocation:home")

    assert "Generatoriai" not in client.get(home).content.decode()
    services.round_publish(allocation_round=allocation_round, actor=scenario.facilitator)
    page = client.get(home).content.decode()
    response = client.post(
        reverse("allocation:proposal_answer", args=[allocation_round.proposals.get().pk]),
        {"answer": "accepted", "organisation": f"authority:{scenario.village.pk}"},
    )

    assert "Generatoriai" in page
    assert response.status_code == 302
    assert allocation_round.proposals.get().hromada_response == Response.ACCEPTED


def test_running_a_round_through_the_page_keeps_bad_values_and_names_the_field(scenario, client):
    sign_in_verified(client, scenario.facilitator)

    response = client.post(
        reverse("allocation:round_create"),
        {
            "title": "",
            "association": str(scenario.cemr.pk),
            "min_score": "-2",
            "max_proposals": "9",
            "fairness": "on",
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"title", "max_proposals"}
    assert form["max_proposals"].value() == "9"
    assert AllocationRound.objects.count() == 0


def test_a_proposal_both_sides_accept_becomes_a_partnership(scenario):
    allocation_round = run(scenario)
    services.round_publish(allocation_round=allocation_round, actor=scenario.facilitator)
    proposal = allocation_round.proposals.get()
    services.proposal_answer(
        proposal=proposal,
        organisation=scenario.plunge,
        answer="accepted",
        actor=scenario.plunge_editor,
    )
    assert Partnership.objects.count() == 0

    services.proposal_answer(
        proposal=proposal,
        organisation=scenario.village,
        answer="accepted",
        actor=scenario.village_editor,
    )

    partnership = Partnership.objects.get()
    assert partnership.source == "allocation_round"
    assert sorted(p.organisation.pk for p in partnership.parties.all()) == sorted(
        [scenario.village.pk, scenario.plunge.pk]
    )


def test_an_accepted_proposal_makes_one_partnership_and_names_it(scenario):
    allocation_round = run(scenario)
    services.round_publish(allocation_round=allocation_round, actor=scenario.facilitator)
    proposal = allocation_round.proposals.get()
    for organisation, editor in (
        (scenario.plunge, scenario.plunge_editor),
        (scenario.village, scenario.village_editor),
    ):
        services.proposal_answer(
            proposal=proposal, organisation=organisation, answer="accepted", actor=editor
        )

    again = services.partnership_from_round_proposal(
        proposal=proposal, actor=scenario.village_editor
    )

    proposal.refresh_from_db()
    assert list(Partnership.objects.all()) == [again]
    assert proposal.partnership == again
    assert again.parties.filter(is_initiator=True).count() == 0
    assert list(again.offers.all()) == [proposal.offer]


def test_a_hromada_with_a_partner_abroad_under_way_is_not_seeking(scenario):
    staff = secretariat()
    partnership = partnerships.partnership_express_interest(
        from_organisation=scenario.city, to_organisation=scenario.bourges, actor=staff
    ).partnership
    partnerships.partnership_transition(
        partnership=partnership, to_state="in_dialogue", actor=staff
    )

    allocation_round = run(scenario)

    assert allocation_round.report["seeking"] == 1
    assert active(allocation_round) == [(scenario.village.name, "Generatoriai")]


def test_publishing_tells_both_sides_once_each_in_their_language(
    scenario, mailoutbox, django_capture_on_commit_callbacks
):
    scenario.plunge_editor.language = "en"
    scenario.plunge_editor.save()
    allocation_round = run(scenario)

    with django_capture_on_commit_callbacks(execute=True):
        services.round_publish(allocation_round=allocation_round, actor=scenario.facilitator)
    again = services.round_notify_sides(round_id=allocation_round.pk)

    assert again == 0
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [scenario.village_editor.email, scenario.plunge_editor.email]
    )
    to_plunge = next(m for m in mailoutbox if m.to == [scenario.plunge_editor.email])
    to_village = next(m for m in mailoutbox if m.to == [scenario.village_editor.email])
    assert to_plunge.subject == "Partner proposals for you: Generators for the winter"
    assert "Generatoriai" in to_village.body
    assert to_village.subject.startswith("Пропозиції партнерів для вас")


def two_offers_for_the_city(scenario, now):
    """Bourges offers energy advice to two partners: the city has two candidates with room."""
    return now(
        publish_offer,
        scenario.bourges,
        secretariat(),
        title="Conseil énergie",
        sectors=["energy"],
        capacity=2,
    )


def test_swap_refuses_a_pair_below_the_rounds_lowest_fit(scenario, now):
    two_offers_for_the_city(scenario, now)
    probe = run(scenario, title="Probe")
    scores = sorted(row[1] for row in probe.candidates[str(scenario.city.pk)])
    assert len(scores) == 2 and scores[0] < scores[1]
    allocation_round = run(scenario, min_score=(scores[0] + scores[1]) / 2)
    proposal = allocation_round.proposals.get(hromada=scenario.city)
    [low] = [
        row[0]
        for row in allocation_round.candidates[str(scenario.city.pk)]
        if row[1] < allocation_round.min_score
    ]
    before = active(allocation_round)
    [row] = [
        r
        for r in round_proposals(allocation_round=allocation_round, viewer=scenario.facilitator)
        if r.proposal == proposal
    ]

    with pytest.raises(InvalidInput) as refused:
        services.proposal_swap(proposal=proposal, offer_id=low, actor=scenario.facilitator)

    assert refused.value.code == "below_min_score"
    assert active(allocation_round) == before
    assert RoundProposal.objects.filter(round=allocation_round).count() == len(before)
    assert low not in [offer.pk for offer, _score in row.alternatives]


def test_removing_a_proposal_recomputes_the_report(scenario, client):
    allocation_round = run(scenario)
    proposal = allocation_round.proposals.get()
    assert allocation_round.report["covered"] == 1
    places = allocation_round.report["capacity_total"]

    services.proposal_remove(proposal=proposal, actor=scenario.facilitator)

    allocation_round.refresh_from_db()
    report = allocation_round.report
    assert (report["covered"], report["proposals"], report["capacity_used"]) == (0, 0, 0)
    assert report["fit_achieved"] == 0.0
    assert report["max_coverage"] == 1  # what the solver could do stays as it found it
    assert report["capacity_total"] == places
    assert report["stages"]
    reasons = {row["hromada_id"]: row["reason"] for row in report["uncovered"]}
    assert reasons[scenario.village.pk] == "removed_in_review"
    assert reasons[scenario.city.pk] == "room_after_review"
    [small] = [
        row for row in report["coverage"]["by_band"] if row["group"] == PopulationBand.UNDER_10K
    ]
    assert small["covered"] == 0
    frontline = next(f for f in report["fairness"] if f["constraint"] == "frontline_vs_others")
    assert frontline["protected_covered"] == 0
    sign_in_verified(client, scenario.facilitator)
    page = client.get(allocation_round.get_absolute_url()).content.decode()
    assert "0 з 2 громад" in page
    assert f"{scenario.village.name}</a>: {uncovered_reason('removed_in_review')}" in page


def test_a_swap_recomputes_the_total_fit(scenario, now):
    two_offers_for_the_city(scenario, now)
    allocation_round = run(scenario)
    proposal = allocation_round.proposals.get(hromada=scenario.city)
    other = next(
        row
        for row in allocation_round.candidates[str(scenario.city.pk)]
        if row[0] != proposal.offer_id
    )
    if RoundProposal.objects.filter(round=allocation_round, offer_id=other[0]).exists():
        village = allocation_round.proposals.get(hromada=scenario.village)
        services.proposal_remove(proposal=village, actor=scenario.facilitator)
    kept = (
        sum(p.score for p in allocation_round.proposals.filter(is_removed=False)) - proposal.score
    )

    services.proposal_swap(proposal=proposal, offer_id=other[0], actor=scenario.facilitator)

    allocation_round.refresh_from_db()
    assert allocation_round.report["fit_achieved"] == pytest.approx(kept + other[1], abs=1e-3)


def test_a_removed_proposal_never_appears_in_the_published_round(scenario, now, client):
    two_offers_for_the_city(scenario, now)
    allocation_round = run(scenario)
    removed = allocation_round.proposals.get(hromada=scenario.city)
    services.proposal_remove(proposal=removed, actor=scenario.facilitator)
    services.round_publish(allocation_round=allocation_round, actor=scenario.facilitator)

    sign_in_verified(client, scenario.facilitator)
    page = client.get(allocation_round.get_absolute_url()).content.decode()
    client.force_login(scenario.city_editor)
    home = client.get(reverse("allocation:home")).content.decode()

    proposals = page.split('id="proposals-heading"')[1]
    assert removed.offer.title not in proposals
    assert scenario.village.name in proposals
    assert removed.offer.title not in home


def test_publishing_asks_for_confirmation_first(scenario, client):
    allocation_round = run(scenario)
    sign_in_verified(client, scenario.facilitator)
    url = reverse("allocation:round_publish", args=[allocation_round.pk])

    page = client.get(allocation_round.get_absolute_url()).content.decode()
    confirm = client.get(url)

    assert f'href="{url}"' in page
    assert confirm.status_code == 200
    assert "Опублікувати пропозиції" in confirm.content.decode()
    allocation_round.refresh_from_db()
    assert allocation_round.status == RoundStatus.UNDER_REVIEW
    client.post(url)
    allocation_round.refresh_from_db()
    assert allocation_round.status == RoundStatus.PUBLISHED


def test_removing_asks_for_confirmation_first(scenario, client):
    allocation_round = run(scenario)
    proposal = allocation_round.proposals.get()
    sign_in_verified(client, scenario.facilitator)
    url = reverse("allocation:proposal_remove", args=[proposal.pk])

    page = client.get(allocation_round.get_absolute_url()).content.decode()
    confirm = client.get(url).content.decode()

    assert f'href="{url}"' in page
    assert scenario.village.name in confirm and "Generatoriai" in confirm
    proposal.refresh_from_db()
    assert not proposal.is_removed
    client.post(url)
    proposal.refresh_from_db()
    assert proposal.is_removed


def test_a_round_that_proposed_nothing_cannot_be_published(scenario, client):
    allocation_round = run(scenario, min_score=5.0)
    assert allocation_round.proposals.count() == 0
    sign_in_verified(client, scenario.facilitator)
    url = reverse("allocation:round_publish", args=[allocation_round.pk])
    audits = AuditRecord.objects.count()

    page = client.get(allocation_round.get_absolute_url()).content.decode()
    confirm = client.get(url).content.decode()
    response = client.post(url, follow=True)

    assert url not in page
    assert "Опублікувати пропозиції" not in page
    assert f'action="{url}"' not in confirm
    assert "У раунді не лишилося пропозицій для публікації." in response.content.decode()
    allocation_round.refresh_from_db()
    assert allocation_round.status == RoundStatus.UNDER_REVIEW
    assert allocation_round.published_at is None
    assert AuditRecord.objects.count() == audits


def test_oblast_authorities_are_not_seeking_hromadas(scenario, now):
    oblast = AuthorityFactory(
        kind="oblast",
        name="Житомирська обласна рада",
        official_code="UA18000000000000001",
        population=1_179_032,
    )
    now(publish_need, oblast, secretariat(), title="Генератори для обласної лікарні")

    allocation_round = run(scenario)

    assert allocation_round.report["seeking"] == 2
    hromadas = {h["id"] for h in allocation_round.solver_inputs["hromadas"]}
    assert oblast.pk not in hromadas
    assert oblast.pk not in {int(pk) for pk in allocation_round.candidates}


def test_temporarily_occupied_hromadas_are_their_own_group(scenario, now, client):
    occupied = AuthorityFactory(
        name="Олешківська міська територіальна громада",
        official_code="UA65000000000000001",
        population=24_000,
        frontline_status="occupied",
        frontline_source="Test list",
        frontline_as_of=datetime.date(2026, 11, 1),
    )
    now(publish_need, occupied, secretariat(), title="Генератори для укриття")

    allocation_round = run(scenario)

    groups = {
        row["group"]: row["seeking"] for row in allocation_round.report["coverage"]["by_frontline"]
    }
    assert groups == {"frontline": 1, "occupied": 1, "not_frontline": 1}
    sign_in_verified(client, scenario.facilitator)
    page = client.get(allocation_round.get_absolute_url()).content.decode()
    assert "<td>тимчасово окупована</td>" in page


def test_a_scope_where_nobody_is_seeking_says_why_and_keeps_nothing(scenario):
    lviv = RegionFactory(code="UA-46", name="Львівська область", name_uk="Львівська область")

    with pytest.raises(InvalidInput) as nobody, translation.override("uk"):
        run(scenario, oblast=lviv)
    staff = secretariat()
    for hromada, partner in (
        (scenario.city, scenario.bourges),
        (scenario.village, scenario.plunge),
    ):
        partnership = partnerships.partnership_express_interest(
            from_organisation=hromada, to_organisation=partner, actor=staff
        ).partnership
        partnerships.partnership_transition(
            partnership=partnership, to_state="in_dialogue", actor=staff
        )
    with pytest.raises(InvalidInput) as partnered, translation.override("uk"):
        run(scenario, oblast=scenario.city.region)

    assert nobody.value.code == "nobody_seeking"
    assert "Львівська область" in nobody.value.message
    assert "жодна громада не має відкритої потреби" in nobody.value.message
    assert partnered.value.code == "nobody_seeking"
    assert "Усі 2 громади" in partnered.value.message
    assert "Житомирська область" in partnered.value.message
    assert "вже мають партнера за кордоном" in partnered.value.message
    assert AllocationRound.objects.count() == 0


def test_an_association_whose_members_offer_nothing_is_told_before_the_round_runs(scenario, client):
    empty = AssociationFactory(slug="empty", name="Empty", name_uk="Порожня асоціація")
    MembershipFactory(association=empty, authority=scenario.bourges)
    facilitator = facilitator_of(empty)
    sign_in_verified(client, facilitator)

    response = client.post(
        reverse("allocation:round_create"),
        {"title": "Зима", "association": str(empty.pk), "min_score": "0", "max_proposals": "1"},
    )

    assert response.status_code == 200
    [message] = response.context["form"].non_field_errors()
    assert "Порожня асоціація" in message
    assert "жоден член" in message.lower()
    assert AllocationRound.objects.count() == 0


def test_round_reports_use_the_directorys_population_bands(scenario, client):
    allocation_round = run(scenario)
    listed = authority_list(filters=AuthorityFilters(population_band=PopulationBand.FROM_50K))

    bands = {row["group"]: row["seeking"] for row in allocation_round.report["coverage"]["by_band"]}
    assert scenario.city in listed  # 61,496 people
    assert bands == {PopulationBand.UNDER_10K: 1, PopulationBand.FROM_50K: 1}
    sign_in_verified(client, scenario.facilitator)
    page = client.get(allocation_round.get_absolute_url()).content.decode()
    with translation.override("uk"):
        assert f"<td>{PopulationBand.FROM_50K.label}</td>" in page


def test_the_review_page_names_the_need_each_proposal_answers(scenario, client):
    allocation_round = run(scenario)
    sign_in_verified(client, scenario.facilitator)

    page = client.get(allocation_round.get_absolute_url()).content.decode()

    proposals = page.split('id="proposals-heading"')[1]
    assert scenario.village_need.title in proposals
    assert scenario.village_need.get_absolute_url() in proposals


def hromadas_association(scenario):
    """The village belongs to a national association whose facilitator curates it."""
    national = AssociationFactory(
        slug="auc", kind="national_association", name="AUC", name_uk="Асоціація громад"
    )
    MembershipFactory(association=national, authority=scenario.village)
    return facilitator_of(national)


def test_a_facilitator_of_the_hromadas_association_answers_for_it_in_the_interface(
    scenario, client
):
    curator = hromadas_association(scenario)
    allocation_round = run(scenario)
    services.round_publish(allocation_round=allocation_round, actor=scenario.facilitator)
    proposal = allocation_round.proposals.get()
    sign_in_verified(client, curator)

    page = client.get(reverse("allocation:home")).content.decode()
    response = client.post(
        reverse("allocation:proposal_answer", args=[proposal.pk]),
        {"answer": "accepted", "organisation": f"authority:{scenario.village.pk}"},
    )

    behalf = page.split('id="behalf-heading"')[1]
    assert "Generatoriai" in behalf and scenario.village.name in behalf
    assert f'value="authority:{scenario.village.pk}"' in behalf
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.hromada_response, proposal.offer_response) == (
        Response.ACCEPTED,
        Response.PENDING,
    )
    entry = AuditRecord.objects.filter(verb="round_proposal.accepted").get()
    assert entry.details["on_behalf"] is True
    assert entry.details["side"] == "hromada"


def test_the_secretariat_answers_for_either_side_on_the_round_page(scenario, client):
    allocation_round = run(scenario)
    services.round_publish(allocation_round=allocation_round, actor=scenario.facilitator)
    proposal = allocation_round.proposals.get()
    staff = secretariat()
    sign_in_verified(client, staff)

    page = client.get(allocation_round.get_absolute_url()).content.decode()
    response = client.post(
        reverse("allocation:proposal_answer", args=[proposal.pk]),
        {
            "answer": "declined",
            "organisation": f"authority:{scenario.plunge.pk}",
            "back_to_round": "on",
        },
    )

    assert f'value="authority:{scenario.village.pk}"' in page
    assert f'value="authority:{scenario.plunge.pk}"' in page
    assert response.url == allocation_round.get_absolute_url()
    proposal.refresh_from_db()
    assert proposal.offer_response == Response.DECLINED


def test_an_editor_answering_for_its_own_side_is_not_on_behalf(scenario):
    allocation_round = run(scenario)
    services.round_publish(allocation_round=allocation_round, actor=scenario.facilitator)

    services.proposal_answer(
        proposal=allocation_round.proposals.get(),
        organisation=scenario.village,
        answer="accepted",
        actor=scenario.village_editor,
    )

    entry = AuditRecord.objects.filter(verb="round_proposal.accepted").get()
    assert entry.details["on_behalf"] is False


def test_a_facilitator_of_another_association_may_not_answer_for_a_side(scenario, client):
    allocation_round = run(scenario)
    services.round_publish(allocation_round=allocation_round, actor=scenario.facilitator)
    proposal = allocation_round.proposals.get()
    outsider = facilitator_of(AssociationFactory(slug="other", name="Other"))
    sign_in_verified(client, outsider)
    audits = AuditRecord.objects.count()

    page = client.get(reverse("allocation:home")).content.decode()
    response = client.post(
        reverse("allocation:proposal_answer", args=[proposal.pk]),
        {"answer": "accepted", "organisation": f"authority:{scenario.village.pk}"},
    )

    assert "Generatoriai" not in page
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert (proposal.hromada_response, proposal.offer_response) == (
        Response.PENDING,
        Response.PENDING,
    )
    assert AuditRecord.objects.count() == audits
