"""Recommendations are computed by whoever runs the matching tasks and stored; pages read the
stored rows (matching/keeper.py)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from pobratym.directory.tests.factories import AuthorityFactory, municipality
from pobratym.exchange import services
from pobratym.exchange.tests.helpers import publish_need, publish_offer, update_values
from pobratym.matching import keeper, selectors
from pobratym.matching.models import StoredRecommendations
from pobratym.partnerships import services as partnerships

pytestmark = pytest.mark.django_db


def _partners_in_dialogue(world):
    """Korosten and Bourges, partners under way."""
    staff = world.users["secretariat"]
    partnership = partnerships.partnership_express_interest(
        from_organisation=world.korosten, to_organisation=world.bourges, actor=staff
    ).partnership
    partnerships.partnership_transition(
        partnership=partnership, to_state="in_dialogue", actor=staff
    )


def _stored() -> dict[tuple[str, int], tuple[bool, list]]:
    return {
        (row.subject, row.subject_id): (row.held, row.candidates)
        for row in StoredRecommendations.objects.all()
    }


def test_a_need_posted_a_moment_ago_says_its_recommendations_are_being_prepared(
    world, fake_embedder, client, now
):
    now(publish_offer, world.bourges, world.users["member_elsewhere"], title="Energy advice")
    # Posted, but its commit's work (the embedding, the refresh) has not run yet: as in
    # production between the commit and a worker taking the jobs.
    need = publish_need(world.korosten, world.users["editor"])

    page = client.get(need.get_absolute_url()).content.decode()
    assert "data-preparing" in page
    assert "Energy advice" not in page

    services.text_embedding_refresh(kind="need", object_id=need.pk)
    keeper.refresh()

    page = client.get(need.get_absolute_url()).content.decode()
    assert "data-preparing" not in page
    assert "Energy advice" in page


def test_reading_recommendations_runs_no_engine_and_writes_nothing(world, fake_embedder, now):
    need = now(publish_need, world.korosten, world.users["editor"])
    now(publish_offer, world.bourges, world.users["member_elsewhere"], title="Energy advice")
    keeper.forget()  # a web process that never refreshed

    with CaptureQueriesContext(connection) as captured:
        found = selectors.offers_for_need(need=need, viewer=world.users["anonymous"])

    assert [item.offer.title for item in found.items] == ["Energy advice"]
    statements = [q["sql"].lstrip().split()[0].upper() for q in captured.captured_queries]
    assert set(statements) == {"SELECT"}
    assert not any("text_embedding" in q["sql"] for q in captured.captured_queries)


def test_changes_one_at_a_time_store_what_a_full_recompute_stores(world, fake_embedder, now):
    editor, member = world.users["editor"], world.users["member_elsewhere"]
    plunge = municipality(
        "Plungė", country="LT", country_en="Lithuania", country_uk="Литва", population=18_904
    )
    first = now(publish_need, world.korosten, editor, title="Генератори для лікарні")
    now(publish_offer, world.bourges, member, title="Energy advice")
    now(publish_offer, plunge, world.users["secretariat"], title="Generatoriai")
    second = now(publish_need, world.korosten, editor, title="Котельня", sectors=["energy"])
    now(publish_offer, world.bourges, member, title="Water pumps", sectors=["water"])
    now(
        services.need_update,
        need=first,
        actor=editor,
        **update_values(first, title="Генератори для лікарні й шкіл"),
    )
    now(services.need_withdraw, need=second, actor=editor)
    now(_partners_in_dialogue, world)
    kept = _stored()

    keeper.forget()
    keeper.refresh(everything=True)

    assert _stored() == kept
    assert kept[("need", first.pk)][1], "the need has recommendations"
    assert ("need", second.pk) not in kept, "a withdrawn need's list is gone"


def test_a_refresh_with_nothing_changed_writes_nothing(world, fake_embedder, now):
    now(publish_need, world.korosten, world.users["editor"])
    now(publish_offer, world.bourges, world.users["member_elsewhere"])

    with CaptureQueriesContext(connection) as captured:
        done = keeper.refresh()

    assert done == keeper.Refreshed()
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in captured.captured_queries)


def test_a_new_worker_rewrites_only_what_changed_since_the_last_one_wrote(
    world, fake_embedder, now
):
    now(publish_need, world.korosten, world.users["editor"])
    now(publish_offer, world.bourges, world.users["member_elsewhere"], title="Energy advice")
    for i in range(3):
        now(publish_need, world.korosten, world.users["editor"], title=f"Потреба {i}")
    keeper.forget()  # the worker that wrote them stopped; another starts

    done = keeper.refresh()
    assert (done.needs, done.offers, done.authorities) == (0, 0, 0)

    keeper.forget()
    museum = publish_offer(
        world.bourges, world.users["member_elsewhere"], title="Museum exchange", sectors=["culture"]
    )
    services.text_embedding_refresh(kind="offer", object_id=museum.pk)
    done = keeper.refresh()
    # The new offer's list only: no need or authority list takes a culture offer here.
    assert (done.needs, done.offers, done.authorities) == (0, 1, 0)


def test_the_command_fills_the_store_and_says_what_it_wrote(world, fake_embedder, now):
    need = publish_need(world.korosten, world.users["editor"])
    offer = publish_offer(world.bourges, world.users["member_elsewhere"])
    for record, kind in ((need, "need"), (offer, "offer")):
        services.text_embedding_refresh(kind=kind, object_id=record.pk)
    out = io.StringIO()

    with translation.override("en"):
        call_command("refresh_recommendations", "--everything", stdout=out)

    assert "Recommendations written: needs 1, offers 1, authorities 1;" in out.getvalue()
    assert selectors.offers_for_need(need=need, viewer=world.users["anonymous"]).items


def test_a_rolled_back_write_leaves_the_stored_lists_as_they_were(
    world, fake_embedder, now, django_capture_on_commit_callbacks
):
    now(publish_need, world.korosten, world.users["editor"])
    now(publish_offer, world.bourges, world.users["member_elsewhere"], title="Energy advice")
    kept = _stored()

    with (
        pytest.raises(RuntimeError),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        publish_offer(world.bourges, world.users["member_elsewhere"], title="Water pumps")
        raise RuntimeError("the request failed after the write")

    assert _stored() == kept
    # Nor did the rolled-back offer stay in the keeper's index: the next change stores what a
    # full recompute stores.
    now(publish_need, world.korosten, world.users["editor"], title="Котельня")
    kept = _stored()
    keeper.forget()
    keeper.refresh(everything=True)
    assert _stored() == kept


def test_a_partnership_rewrites_the_lists_of_its_parties_not_everyone_s(
    world, fake_embedder, now, monkeypatch
):
    # The corpus's own centring, taken when the index is built, and no rebuild for growth:
    # a rebuild that took a new centring would move every score and rewrite every list.
    monkeypatch.setattr(keeper, "load_prior", lambda model_name: None)
    monkeypatch.setattr(keeper, "REBUILD_AFTER_GROWTH", 1000)
    editor, member = world.users["editor"], world.users["member_elsewhere"]
    other = AuthorityFactory(name="Овруцька громада")
    plunge = municipality(
        "Plungė", country="LT", country_en="Lithuania", country_uk="Литва", population=18_904
    )
    now(publish_need, world.korosten, editor, title="Генератори для лікарні")
    now(publish_offer, world.bourges, member, title="Energy advice")
    now(publish_offer, plunge, world.users["secretariat"], title="Generatoriai")
    elsewhere = now(publish_need, other, world.users["secretariat"], title="Котельня")
    now(publish_need, other, world.users["secretariat"], title="Генератори для шкіл")
    untouched = StoredRecommendations.objects.get(subject="need", subject_id=elsewhere.pk)

    now(_partners_in_dialogue, world)

    after = StoredRecommendations.objects.get(subject="need", subject_id=elsewhere.pk)
    assert after.computed_at == untouched.computed_at
    korosten_need = StoredRecommendations.objects.get(
        subject="need", subject_id=world.korosten.needs.get().pk
    )
    assert any(c["offer"] and c["reasons"] for c in korosten_need.candidates)
    assert korosten_need.computed_at > untouched.computed_at
