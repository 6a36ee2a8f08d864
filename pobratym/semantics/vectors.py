"""How a vector is stored: its float32 values as little-endian bytes, whatever the byte order
of the machine that wrote them, so that every process and host reads the same numbers."""

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from pobratym.semantics.embedding import FloatMatrix

STORED = np.dtype("<f4")


def vector_bytes(vector: npt.ArrayLike) -> bytes:
    """The bytes to store for one vector."""
    return np.asarray(vector, dtype=STORED).tobytes()


def vector_from_bytes(raw: bytes | memoryview) -> FloatMatrix:
    """One stored vector, as a float32 array of its own (not a view of the bytes)."""
    return np.frombuffer(bytes(raw), dtype=STORED).astype(np.float32)


def matrix_from_bytes(raws: Sequence[bytes | memoryview]) -> FloatMatrix:
    """Stored vectors of one model as the rows of a matrix; (0, 0) when there are none."""
    if not raws:
        return np.zeros((0, 0), dtype=np.float32)
    flat = np.frombuffer(b"".join(bytes(raw) for raw in raws), dtype=STORED)
    return flat.reshape(len(raws), -1).astype(np.float32)
