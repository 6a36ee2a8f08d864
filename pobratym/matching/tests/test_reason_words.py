"""Reasons in words: a reader can tell which side each figure belongs to."""

import pytest
from django.utils import translation

from pobratym.matching.engine import Reason
from pobratym.matching.reasons import Names, describe

SIZES = {"hromada_population": 470_011, "authority_population": 99_462}


@pytest.mark.parametrize("points", [0.02, 0.11])
def test_the_size_reason_names_which_population_is_whose(points):
    reason = Reason(code="size", points=points, values=SIZES)

    with translation.override("en"):
        english = describe(reason, Names())
    with translation.override("uk"):
        ukrainian = describe(reason, Names())

    assert "the hromada 470,011 people" in english
    assert "the offering side 99,462 people" in english
    assert "громада — 470\xa0011 осіб" in ukrainian
    assert "сторона, що пропонує, — 99\xa0462 особи" in ukrainian
