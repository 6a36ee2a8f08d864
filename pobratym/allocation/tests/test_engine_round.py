"""The round's guarantees on hand-built cases, most of them unfair under the greedy baseline."""

import random

from pobratym.allocation.engine import (
    Coverage,
    CoverageRow,
    EdgeIn,
    FairnessCheck,
    HromadaIn,
    OfferIn,
    Proposal,
    RoundSettings,
    Uncovered,
    greedy_round,
    review_report,
    solve_round,
)

CITY = HromadaIn(id=1, population=500_000, is_frontline=False, oblast="UA46")
VILLAGE = HromadaIn(id=2, population=3_000, is_frontline=True, oblast="UA14")
TOWN = HromadaIn(id=3, population=30_000, is_frontline=False, oblast="UA46")


def _offer_side_greedy(offers, edges):
    """The other greedy loop: each offer in turn takes its best hromadas not yet served."""
    served, proposals = set(), []
    for offer in sorted(offers, key=lambda o: o.id):
        mine = sorted((e for e in edges if e.offer_id == offer.id), key=lambda e: -e.score)
        for edge in [e for e in mine if e.hromada_id not in served][: offer.capacity]:
            served.add(edge.hromada_id)
            proposals.append(Proposal(edge.hromada_id, edge.offer_id, edge.score))
    return proposals


def _round(hromadas, offers, edges, **settings):
    return solve_round(
        hromadas=hromadas, offers=offers, edges=edges, settings=RoundSettings(**settings)
    )


def test_round_covers_the_village_the_greedy_loop_leaves_out():
    # The city scores best with the only offer the frontline village can use, and has another.
    offers = [OfferIn(10, authority_id=100, capacity=1), OfferIn(11, authority_id=101, capacity=1)]
    edges = [EdgeIn(1, 10, 0.9), EdgeIn(1, 11, 0.8), EdgeIn(2, 10, 0.6)]

    greedy = greedy_round(
        hromadas=[CITY, VILLAGE], offers=offers, edges=edges, settings=RoundSettings()
    )
    result = _round([CITY, VILLAGE], offers, edges)

    assert greedy == (Proposal(1, 10, 0.9),)
    assert result.proposals == (Proposal(1, 11, 0.8), Proposal(2, 10, 0.6))
    assert result.report.covered == 2
    assert result.report.uncovered == ()


def test_round_covers_everyone_the_offer_side_greedy_leaves_out():
    # Offer 10 takes the city, offer 11 the town, offer 12 finds no one left; the village,
    # whose only candidate is offer 10, is left out.
    offers = [OfferIn(10, 100, capacity=1), OfferIn(11, 101, capacity=1), OfferIn(12, 102, 1)]
    edges = [
        EdgeIn(1, 10, 0.95),
        EdgeIn(1, 11, 0.9),
        EdgeIn(1, 12, 0.9),
        EdgeIn(3, 11, 0.7),
        EdgeIn(3, 12, 0.6),
        EdgeIn(2, 10, 0.4),
    ]

    greedy = _offer_side_greedy(offers, edges)
    result = _round([CITY, VILLAGE, TOWN], offers, edges)

    assert greedy == [Proposal(1, 10, 0.95), Proposal(3, 11, 0.7)]
    assert result.proposals == (Proposal(1, 12, 0.9), Proposal(2, 10, 0.4), Proposal(3, 11, 0.7))


def test_round_price_of_fairness_matches_the_hand_computation():
    # Unconstrained: city–10 alone, 0.875. Fair: city–11 + village–10 = 0.25 + 0.5 = 0.75.
    offers = [OfferIn(10, 100, capacity=1), OfferIn(11, 101, capacity=1)]
    edges = [EdgeIn(1, 10, 0.875), EdgeIn(1, 11, 0.25), EdgeIn(2, 10, 0.5)]

    report = _round([CITY, VILLAGE], offers, edges).report

    assert report.fit_achieved == 0.75
    assert report.fit_unconstrained == 0.875
    assert report.price_of_fairness == 0.125
    assert report.price_of_fairness_pct == 100 * 0.125 / 0.875


def test_round_gives_the_single_place_to_the_small_hromada():
    small = HromadaIn(5, population=4_000, is_frontline=False, oblast="UA46")
    offers = [OfferIn(10, 100, capacity=1)]
    edges = [EdgeIn(1, 10, 0.9), EdgeIn(5, 10, 0.5)]

    result = _round([CITY, small], offers, edges)

    assert result.proposals == (Proposal(5, 10, 0.5),)
    assert result.report.fairness[0] == FairnessCheck(
        constraint="small_vs_others",
        status="met",
        protected_eligible=1,
        protected_covered=1,
        others_eligible=1,
        others_covered=0,
        protected_coverage=1.0,
        others_coverage=0.0,
        shortfall=0.0,
    )
    assert result.report.uncovered == (Uncovered(1, "capacity_exhausted", (10,)),)
    assert result.report.price_of_fairness == 0.9 - 0.5


def test_round_gives_the_single_place_to_the_frontline_hromada():
    calm = HromadaIn(6, population=40_000, is_frontline=False, oblast="UA46")
    front = HromadaIn(7, population=40_000, is_frontline=True, oblast="UA14")
    offers = [OfferIn(10, 100, capacity=1)]
    edges = [EdgeIn(6, 10, 0.9), EdgeIn(7, 10, 0.3)]

    result = _round([calm, front], offers, edges)

    assert result.proposals == (Proposal(7, 10, 0.3),)
    assert result.report.fairness[0].status == "no_comparison"
    assert result.report.fairness[1].status == "met"


def test_round_without_fairness_maximises_fit_only():
    small = HromadaIn(5, population=4_000, is_frontline=False, oblast="UA46")
    offers = [OfferIn(10, 100, capacity=1)]
    edges = [EdgeIn(1, 10, 0.9), EdgeIn(5, 10, 0.5)]

    report_and_proposals = _round([CITY, small], offers, edges, fairness=False)

    assert report_and_proposals.proposals == (Proposal(1, 10, 0.9),)
    report = report_and_proposals.report
    assert report.price_of_fairness == 0.0
    assert report.fairness[0].status == "not_met"
    assert report.fairness[0].shortfall == 1.0
    assert report.uncovered == (Uncovered(5, "not_selected", (10,)),)
    assert [s.stage for s in report.stages] == ["max_coverage", "unconstrained"]


def test_round_keeps_maximum_coverage_and_reports_the_infeasible_group_constraint():
    # Two small hromadas share one place; the big town has its own. Covering both small ones is
    # impossible, and dropping the town to even the shares out would cover fewer: the round keeps
    # two covered and says the small-hromada constraint cannot hold at that coverage.
    first = HromadaIn(21, population=2_000, is_frontline=False, oblast="UA01")
    second = HromadaIn(22, population=5_000, is_frontline=False, oblast="UA01")
    offers = [OfferIn(10, 100, capacity=1), OfferIn(11, 101, capacity=1)]
    edges = [EdgeIn(21, 10, 0.6), EdgeIn(22, 10, 0.5), EdgeIn(3, 11, 0.4)]

    report = _round([first, second, TOWN], offers, edges).report

    assert report.covered == 2
    assert report.max_coverage == 2
    assert report.fairness[0] == FairnessCheck(
        constraint="small_vs_others",
        status="infeasible_at_max_coverage",
        protected_eligible=2,
        protected_covered=1,
        others_eligible=1,
        others_covered=1,
        protected_coverage=0.5,
        others_coverage=1.0,
        shortfall=0.5,
    )
    assert report.uncovered == (Uncovered(22, "capacity_exhausted", (10,)),)
    assert [s.stage for s in report.stages] == [
        "max_coverage",
        "min_fairness_gap",
        "max_fit",
        "unconstrained",
    ]
    assert [s.status for s in report.stages] == ["optimal"] * 4


def test_round_explains_every_hromada_left_out():
    nothing = HromadaIn(31, population=1_500, is_frontline=False, oblast="UA01")
    weak = HromadaIn(32, population=1_500, is_frontline=False, oblast="UA01")
    closed = HromadaIn(33, population=1_500, is_frontline=False, oblast="UA01")
    offers = [OfferIn(10, 100, capacity=1), OfferIn(11, 101, capacity=0)]
    edges = [EdgeIn(32, 10, 0.05), EdgeIn(33, 11, 0.9), EdgeIn(33, 10, 0.01)]

    result = _round([nothing, weak, closed], offers, edges, min_score=0.1)

    assert result.proposals == ()
    assert result.report.eligible == 0
    assert result.report.uncovered == (
        Uncovered(31, "no_candidates"),
        Uncovered(32, "below_min_score"),
        Uncovered(33, "no_open_offer"),
    )
    assert result.report.stages == ()
    assert result.report.price_of_fairness_pct is None


def test_round_never_proposes_two_offers_of_one_authority():
    offers = [OfferIn(10, 100, capacity=1), OfferIn(11, 100, capacity=1), OfferIn(12, 101, 1)]
    edges = [EdgeIn(1, 10, 0.9), EdgeIn(1, 11, 0.8), EdgeIn(1, 12, 0.1)]

    result = _round([CITY], offers, edges, max_proposals=2)

    assert result.proposals == (Proposal(1, 10, 0.9), Proposal(1, 12, 0.1))


def test_round_caps_proposals_per_hromada():
    offers = [OfferIn(10 + i, 100 + i, capacity=1) for i in range(4)]
    edges = [EdgeIn(1, 10 + i, 0.5 + i / 10) for i in range(4)]

    result = _round([CITY], offers, edges, max_proposals=3)

    assert [p.offer_id for p in result.proposals] == [11, 12, 13]


def test_round_extra_proposals_never_take_a_place_from_coverage():
    # With k = 2 the city would like both offers; the village's only place comes first.
    offers = [OfferIn(10, 100, capacity=1), OfferIn(11, 101, capacity=1)]
    edges = [EdgeIn(1, 10, 0.9), EdgeIn(1, 11, 0.8), EdgeIn(2, 10, 0.2)]

    result = _round([CITY, VILLAGE], offers, edges, max_proposals=2)

    assert result.proposals == (Proposal(1, 11, 0.8), Proposal(2, 10, 0.2))
    assert result.report.fit_unconstrained == 0.9 + 0.8


def test_round_answer_does_not_depend_on_input_order():
    rng = random.Random(5)
    hromadas = [HromadaIn(i, 1_000 * i, i % 3 == 0, f"UA{i % 4:02d}") for i in range(1, 13)]
    offers = [OfferIn(100 + j, 200 + j // 2, capacity=1 + j % 2) for j in range(6)]
    edges = [
        EdgeIn(h.id, o.id, round(rng.uniform(0, 1), 3))
        for h in hromadas
        for o in offers
        if rng.random() < 0.5
    ]
    first = _round(hromadas, offers, edges, max_proposals=2)

    rng.shuffle(hromadas)
    rng.shuffle(offers)
    rng.shuffle(edges)
    second = _round(hromadas, offers, edges, max_proposals=2)

    assert second.proposals == first.proposals
    assert second.report.uncovered == first.report.uncovered


def test_round_reports_coverage_by_band_oblast_and_frontline():
    unknown = HromadaIn(41, population=None, is_frontline=False, oblast="UA14")
    offers = [OfferIn(10, 100, capacity=1)]
    edges = [EdgeIn(2, 10, 0.5)]

    coverage = _round([CITY, VILLAGE, TOWN, unknown], offers, edges).report.coverage

    assert coverage == Coverage(
        by_band=(
            CoverageRow(
                "lt10k", seeking=1, eligible=1, covered=1, coverage=1.0, coverage_of_eligible=1.0
            ),
            CoverageRow("10k-50k", 1, 0, 0, 0.0, None),
            CoverageRow("gt250k", 1, 0, 0, 0.0, None),
            CoverageRow("unknown", 1, 0, 0, 0.0, None),
        ),
        by_oblast=(CoverageRow("UA14", 2, 1, 1, 0.5, 1.0), CoverageRow("UA46", 2, 0, 0, 0.0, None)),
        by_frontline=(
            CoverageRow("frontline", 1, 1, 1, 1.0, 1.0),
            CoverageRow("not_frontline", 3, 0, 0, 0.0, None),
        ),
    )


def test_review_report_follows_the_proposals_the_facilitator_left():
    # The round covers both; the facilitator removes the village's proposal.
    offers = [OfferIn(10, 100, capacity=1), OfferIn(11, 101, capacity=1)]
    edges = [EdgeIn(1, 10, 0.9), EdgeIn(1, 11, 0.8), EdgeIn(2, 10, 0.6), EdgeIn(3, 10, 0.5)]
    solved = _round([CITY, VILLAGE, TOWN], offers, edges)
    assert solved.report.covered == 2

    reviewed = review_report(
        hromadas=[CITY, VILLAGE, TOWN],
        offers=offers,
        edges=edges,
        proposals=[p for p in solved.proposals if p.hromada_id != VILLAGE.id],
        settings=RoundSettings(),
        removed_hromada_ids={VILLAGE.id},
        max_coverage=solved.report.max_coverage,
        fit_unconstrained=solved.report.fit_unconstrained,
    )

    assert (reviewed.covered, reviewed.proposals, reviewed.max_coverage) == (1, 1, 2)
    assert reviewed.fit_achieved == 0.8
    assert reviewed.uncovered == (
        Uncovered(VILLAGE.id, "removed_in_review"),
        Uncovered(TOWN.id, "room_after_review", (10,)),
    )
    frontline = next(f for f in reviewed.fairness if f.constraint == "frontline_vs_others")
    assert (frontline.status, frontline.protected_covered) == ("not_met_after_review", 0)


def test_occupied_hromadas_form_their_own_group_outside_the_frontline_comparison():
    occupied = HromadaIn(51, population=40_000, is_frontline=False, oblast="UA14", is_occupied=True)
    offers = [OfferIn(10, 100, capacity=1)]
    edges = [EdgeIn(2, 10, 0.5), EdgeIn(51, 10, 0.9)]

    report = _round([VILLAGE, TOWN, occupied], offers, edges).report

    assert report.coverage.by_frontline == (
        CoverageRow("frontline", 1, 1, 1, 1.0, 1.0),
        CoverageRow("occupied", 1, 1, 0, 0.0, 0.0),
        CoverageRow("not_frontline", 1, 0, 0, 0.0, None),
    )
    frontline = next(f for f in report.fairness if f.constraint == "frontline_vs_others")
    assert (frontline.others_eligible, frontline.status) == (0, "no_comparison")
