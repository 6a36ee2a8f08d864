"""Population bands: one definition, the same band in the directory filter and in round reports."""

import pytest

from pobratym.allocation.engine import population_band as report_band
from pobratym.directory.enums import PopulationBand
from pobratym.population import BAND_BOUNDS, population_band

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("population", "band"),
    [
        (0, PopulationBand.UNDER_10K),
        (9_999, PopulationBand.UNDER_10K),
        (10_000, PopulationBand.FROM_10K),
        (49_999, PopulationBand.FROM_10K),
        (50_000, PopulationBand.FROM_50K),
        (249_999, PopulationBand.FROM_50K),
        (250_000, PopulationBand.OVER_250K),
    ],
)
def test_a_population_is_in_the_same_band_everywhere(population, band):
    low, high = BAND_BOUNDS[band]

    assert population_band(population) == band
    assert report_band(population) == band
    assert (low is None or population >= low) and (high is None or population < high)


def test_every_band_has_a_label_and_bounds():
    assert set(BAND_BOUNDS) == set(PopulationBand.values)
