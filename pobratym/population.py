"""Population bands: the one definition that the directory filter, the API and allocation
round reports share (docs/allocation.md). Pure Python outside every app, so the directory and
the allocation engine (which may import no app) both read it.

A band holds populations from its lower bound (inclusive) to its upper bound (exclusive).
"""

import bisect

UNDER_10K, FROM_10K, FROM_50K, OVER_250K = "lt10k", "10k-50k", "50k-250k", "gt250k"
BAND_CODES: tuple[str, ...] = (UNDER_10K, FROM_10K, FROM_50K, OVER_250K)
# The limits between consecutive bands.
BAND_LIMITS: tuple[int, ...] = (10_000, 50_000, 250_000)
BAND_BOUNDS: dict[str, tuple[int | None, int | None]] = {
    code: (
        BAND_LIMITS[index - 1] if index else None,
        BAND_LIMITS[index] if index < len(BAND_LIMITS) else None,
    )
    for index, code in enumerate(BAND_CODES)
}
# "Small" in the allocation fairness comparison: the lowest band.
SMALL_POPULATION = BAND_LIMITS[0]


def population_band(population: int) -> str:
    """The band code of a known population."""
    return BAND_CODES[bisect.bisect_right(BAND_LIMITS, population)]
