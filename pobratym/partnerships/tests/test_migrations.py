"""Migrating to lists of needs and offers keeps every partnership's need and offer."""

import pytest

BEFORE = [("partnerships", "0001_initial")]
AFTER = [("partnerships", "0002_needs_and_offers_it_answers")]


@pytest.mark.django_db(transaction=True)
def test_the_single_need_and_offer_become_the_first_of_their_lists(small_directory, migrate):
    old = migrate(BEFORE)
    Authority = old.get_model("directory", "Authority")
    Need = old.get_model("exchange", "Need")
    Offer = old.get_model("exchange", "Offer")
    Partnership = old.get_model("partnerships", "Partnership")
    korosten = Authority.objects.get(pk=small_directory["korosten"].pk)
    bourges = Authority.objects.get(pk=small_directory["bourges"].pk)
    need = Need.objects.create(authority=korosten, title="Генератори", language="uk")
    offer = Offer.objects.create(
        authority=bourges, title="Generators", language="en", kind="equipment"
    )
    both = Partnership.objects.create(kind="solidarity", source="manual", need=need, offer=offer)
    neither = Partnership.objects.create(kind="solidarity", source="manual")

    new = migrate(AFTER)
    migrated = new.get_model("partnerships", "Partnership")
    both_after = migrated.objects.get(pk=both.pk)
    neither_after = migrated.objects.get(pk=neither.pk)
    found = (
        list(both_after.needs.values_list("pk", flat=True)),
        list(both_after.offers.values_list("pk", flat=True)),
        neither_after.needs.count() + neither_after.offers.count(),
    )

    back = migrate(BEFORE).get_model("partnerships", "Partnership")
    restored = back.objects.get(pk=both.pk)

    assert found == ([need.pk], [offer.pk], 0)
    assert (restored.need_id, restored.offer_id) == (need.pk, offer.pk)
