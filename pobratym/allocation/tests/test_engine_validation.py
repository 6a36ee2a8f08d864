"""Inputs the engine refuses, each with its stable code."""

import math

import pytest

from pobratym.allocation.engine import (
    AllocationInputError,
    EdgeIn,
    HromadaIn,
    OfferIn,
    RoundSettings,
    greedy_round,
    solve_round,
)

HROMADA = HromadaIn(1, population=5_000, is_frontline=False, oblast="UA01")
OFFER = OfferIn(10, authority_id=100, capacity=1)
EDGE = EdgeIn(1, 10, 0.5)


@pytest.mark.parametrize(
    ("hromadas", "offers", "edges", "settings", "code", "detail"),
    [
        (
            [HROMADA, HROMADA],
            [OFFER],
            [EDGE],
            RoundSettings(),
            "duplicate_hromada",
            "hromada 1 is given twice",
        ),
        (
            [HROMADA],
            [OFFER, OFFER],
            [EDGE],
            RoundSettings(),
            "duplicate_offer",
            "offer 10 is given twice",
        ),
        (
            [HROMADA],
            [OFFER],
            [EDGE, EdgeIn(1, 10, 0.4)],
            RoundSettings(),
            "duplicate_edge",
            "edge hromada 1 – offer 10 is given twice",
        ),
        (
            [HROMADA],
            [OFFER],
            [EdgeIn(2, 10, 0.5)],
            RoundSettings(),
            "unknown_hromada",
            "edge to offer 10: no hromada 2",
        ),
        (
            [HROMADA],
            [OFFER],
            [EdgeIn(1, 11, 0.5)],
            RoundSettings(),
            "unknown_offer",
            "edge from hromada 1: no offer 11",
        ),
        (
            [HROMADA],
            [OfferIn(10, 100, capacity=-1)],
            [EDGE],
            RoundSettings(),
            "negative_capacity",
            "offer 10 has capacity -1",
        ),
        (
            [HROMADA],
            [OFFER],
            [EdgeIn(1, 10, math.nan)],
            RoundSettings(),
            "invalid_score",
            "edge hromada 1 – offer 10 has score nan",
        ),
        (
            [HROMADA],
            [OFFER],
            [EdgeIn(1, 10, math.inf)],
            RoundSettings(),
            "invalid_score",
            "edge hromada 1 – offer 10 has score inf",
        ),
        (
            [HromadaIn(1, -5, False, "UA01")],
            [OFFER],
            [EDGE],
            RoundSettings(),
            "invalid_population",
            "hromada 1 has population -5",
        ),
        (
            [HROMADA],
            [OFFER],
            [EDGE],
            RoundSettings(max_proposals=0),
            "invalid_settings",
            "max_proposals 0 is below 1",
        ),
        (
            [HROMADA],
            [OFFER],
            [EDGE],
            RoundSettings(min_score=math.nan),
            "invalid_settings",
            "min_score nan is not a finite number",
        ),
        (
            [HROMADA],
            [OFFER],
            [EDGE],
            RoundSettings(small_population=0, time_limit_s=0),
            "invalid_settings",
            "small_population 0 is below 1; time_limit_s 0 is not positive",
        ),
    ],
)
def test_inputs_rejected_with_a_stable_code(hromadas, offers, edges, settings, code, detail):
    for solver in (solve_round, greedy_round):
        with pytest.raises(AllocationInputError) as raised:
            solver(hromadas=hromadas, offers=offers, edges=edges, settings=settings)

        assert raised.value.code == code
        assert raised.value.detail == detail
        assert str(raised.value) == f"{code}: {detail}"


def test_inputs_error_is_a_value_error():
    assert issubclass(AllocationInputError, ValueError)
