"""Moving the link between a proposal and its partnership onto the proposal keeps every link."""

import pytest

BEFORE = [
    ("allocation", "0003_solver_inputs"),
    ("partnerships", "0004_delivery_offer_sectors_and_item_links"),
]
AFTER = [("partnerships", "0005_round_proposal_moves_to_allocation")]


@pytest.mark.django_db(transaction=True)
def test_the_partnership_of_a_proposal_moves_onto_the_proposal(small_directory, migrate):
    old = migrate(BEFORE)
    Authority = old.get_model("directory", "Authority")
    Offer = old.get_model("exchange", "Offer")
    AllocationRound = old.get_model("allocation", "AllocationRound")
    RoundProposal = old.get_model("allocation", "RoundProposal")
    Partnership = old.get_model("partnerships", "Partnership")
    korosten = Authority.objects.get(pk=small_directory["korosten"].pk)
    bourges = Authority.objects.get(pk=small_directory["bourges"].pk)
    generators, water = (
        Offer.objects.create(authority=bourges, title=title, language="en", kind="equipment")
        for title in ("Generators", "Water pumps")
    )
    allocation_round = AllocationRound.objects.create(title="Генератори взимку")
    accepted, pending = (
        RoundProposal.objects.create(
            round=allocation_round, hromada=korosten, offer=offer, score=0.5
        )
        for offer in (generators, water)
    )
    from_round = Partnership.objects.create(
        kind="solidarity", source="allocation_round", round_proposal=accepted
    )
    by_hand = Partnership.objects.create(kind="solidarity", source="manual")

    new = migrate(AFTER)
    migrated = new.get_model("allocation", "RoundProposal")
    found = {p.pk: p.partnership_id for p in migrated.objects.all()}

    back = migrate(BEFORE).get_model("partnerships", "Partnership")
    restored = {p.pk: p.round_proposal_id for p in back.objects.all()}

    assert found == {accepted.pk: from_round.pk, pending.pk: None}
    assert restored == {from_round.pk: accepted.pk, by_hand.pk: None}
