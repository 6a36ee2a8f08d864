"""The text vectors of needs and offers as one numpy matrix per process, kept current.

Search compares the query's vector with every stored vector: 90,000 rows × 384 floats is one
matrix-vector product of a few milliseconds, but loading them from the database takes seconds.
So each process keeps the matrix and, before it is read, one aggregate query tells whether
any embedding was written or deleted since. Written ones (a new record, an edited text) are
fetched and put in place; a deletion, or a change of model, reloads everything.

Similarity is the plain cosine of e5's unit vectors, not the centred cosine matching uses
(docs/matching.md): a short query is not a need or an offer, and on the search test set
centring with matching's prior lost recall (0.90 against 0.94 at 10, docs/search.md).
"""

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt
from django.db.models import Count, Max

from pobratym.exchange.embedding import get_embedder
from pobratym.exchange.enums import RecordKind
from pobratym.exchange.models import TextEmbedding
from pobratym.semantics import FloatMatrix, embed_for_matching, matrix_from_bytes, vector_from_bytes

IdArray = npt.NDArray[np.int64]
Version = tuple[int, datetime | None]

# Row kinds in the matrix; needs and offers share one matrix so that one product scores both.
KIND_CODES = {RecordKind.NEED.value: 0, RecordKind.OFFER.value: 1}
# A row stamped before the last change seen may commit after it was read (its transaction began
# earlier): each update also takes what was written this long before the last change seen.
LATE_COMMIT_MARGIN = timedelta(minutes=1)


@dataclass
class _Matrix:
    model_name: str
    version: Version
    vectors: FloatMatrix  # capacity rows, the first `size` in use; unit length
    kinds: npt.NDArray[np.int8]
    ids: IdArray
    size: int
    rows: dict[tuple[int, int], int]  # (kind code, record id) -> row

    def put(self, kind: int, object_id: int, vector: FloatMatrix) -> None:
        row = self.rows.get((kind, object_id))
        if row is None:
            if self.size == len(self.vectors):
                self._grow()
            row = self.size
            self.size += 1
            self.rows[(kind, object_id)] = row
            self.kinds[row] = kind
            self.ids[row] = object_id
        self.vectors[row] = vector

    def _grow(self) -> None:
        # Doubling keeps a stream of single additions at a constant cost per addition (the
        # new rows are zero pages: they take memory only as they are written).
        capacity = max(16, 2 * len(self.vectors))
        vectors = np.zeros((capacity, self.vectors.shape[1]), dtype=np.float32)
        vectors[: self.size] = self.vectors[: self.size]
        kinds = np.zeros(capacity, dtype=np.int8)
        kinds[: self.size] = self.kinds[: self.size]
        ids = np.zeros(capacity, dtype=np.int64)
        ids[: self.size] = self.ids[: self.size]
        self.vectors, self.kinds, self.ids = vectors, kinds, ids


@dataclass(frozen=True)
class Similarities:
    """Every stored text's similarity to the query, as parallel arrays (a snapshot)."""

    kinds: npt.NDArray[np.int8]
    ids: IdArray
    scores: npt.NDArray[np.float32]

    def of_kind(self, kind: str) -> tuple[IdArray, npt.NDArray[np.float32]]:
        mask = self.kinds == KIND_CODES[kind]
        return self.ids[mask], self.scores[mask]


_lock = threading.Lock()
_current: _Matrix | None = None


def _version(model_name: str) -> Version:
    """Changes when an embedding of this model is written or deleted, or leaves the model."""
    stats = TextEmbedding.objects.filter(model_name=model_name).aggregate(
        count=Count("pk"), last=Max("updated_at")
    )
    return stats["count"], stats["last"]


def _load(model_name: str, version: Version) -> _Matrix:
    """Every vector of the model, read in chunks into a matrix sized for them: never the
    rows' bytes, a copy of them and the matrix at once (hundreds of MB at national scale)."""
    rows = (
        TextEmbedding.objects.filter(model_name=model_name)
        .order_by("pk")
        .values_list("kind", "object_id", "vector")
        .iterator(chunk_size=2000)
    )
    matrix: _Matrix | None = None
    for kind, object_id, raw in rows:
        vector = vector_from_bytes(raw)
        if matrix is None:
            # The count of a moment ago: rows written since grow the matrix as updates do.
            capacity = max(1, version[0])
            matrix = _Matrix(
                model_name=model_name,
                version=version,
                vectors=np.zeros((capacity, len(vector)), dtype=np.float32),
                kinds=np.zeros(capacity, dtype=np.int8),
                ids=np.zeros(capacity, dtype=np.int64),
                size=0,
                rows={},
            )
        matrix.put(KIND_CODES[kind], object_id, vector)
    if matrix is None:
        empty = np.zeros(0, dtype=np.int64)
        return _Matrix(
            model_name, version, matrix_from_bytes([]), empty.astype(np.int8), empty, 0, {}
        )
    return matrix


def _update(matrix: _Matrix, version: Version) -> _Matrix:
    """Put in place what was written since; reload after a deletion or a change of model."""
    if matrix.size == 0:
        return _load(matrix.model_name, version)  # nothing to keep, and no width known yet
    _count, last = matrix.version
    changed = TextEmbedding.objects.filter(model_name=matrix.model_name)
    if last is not None:
        changed = changed.filter(updated_at__gte=last - LATE_COMMIT_MARGIN)
    # In chunks: after a bulk import, the margin may take in most rows again.
    rows = changed.values_list("kind", "object_id", "vector").iterator(chunk_size=2000)
    for kind, object_id, vector in rows:
        matrix.put(KIND_CODES[kind], object_id, vector_from_bytes(vector))
    # Fewer rows of this model than held: some were deleted or re-embedded by another model.
    if matrix.size != version[0]:
        return _load(matrix.model_name, version)
    matrix.version = version
    return matrix


def similarities(query: str) -> Similarities:
    """The query embedded as needs and offers are, compared with every stored vector."""
    global _current
    embedder = get_embedder()
    vector = embed_for_matching(embedder, [query])[0]
    with _lock:
        version = _version(embedder.name)
        if _current is None or _current.model_name != embedder.name:
            _current = _load(embedder.name, version)
        elif _current.version != version:
            _current = _update(_current, version)
        matrix = _current
        size = matrix.size
        if size == 0:
            return Similarities(
                kinds=np.zeros(0, np.int8),
                ids=np.zeros(0, np.int64),
                scores=np.zeros(0, np.float32),
            )
        scores = matrix.vectors[:size] @ vector
        return Similarities(
            kinds=matrix.kinds[:size].copy(), ids=matrix.ids[:size].copy(), scores=scores
        )


def forget() -> None:
    """Drop this process's matrix (tests switch databases under it)."""
    global _current
    with _lock:
        _current = None
