"""Exact top-k over score matrices, with ties broken by id.

A key packs a score (whole units, see scoring.py) and an id into one int64: the score in the
high 32 bits, 2**32 - 1 - id in the low ones. A higher key is a better candidate, and equal
scores fall back to the smaller id, so sorting keys gives one order that any implementation
reproduces exactly.
"""

import numpy as np
import numpy.typing as npt

from pobratym.matching.engine.scoring import EXCLUDED
from pobratym.matching.engine.types import F32, I64, MAX_ID

NO_KEY = -(2**62)  # below every real key: scores stay above -2**28 units
INVALID = EXCLUDED / 2
# Columns are grouped 2**5 = 32 at a time for the first, cheap pass of `top_keys_by_row`
# (measured: 16 makes the partial sort of group maxima dearer, 64 the search inside groups).
_LEVELS = 5


def make_keys(
    scores: npt.NDArray[np.floating], ids: I64, valid: npt.NDArray[np.bool_] | None = None
) -> I64:
    """Keys from scores and ids; pair scores at or below INVALID (or not `valid`) get NO_KEY."""
    if valid is None:
        valid = scores > INVALID
    whole = np.where(valid, scores, 0).astype(np.int64)
    return np.where(valid, whole * 2**32 + (MAX_ID - ids), NO_KEY)


def key_score(keys: I64) -> I64:
    return keys >> 32


def key_id(keys: I64) -> I64:
    return MAX_ID - (keys & MAX_ID)


def sort_desc(keys: I64) -> I64:
    return -np.sort(-keys, axis=-1)


def merge_top(current: I64, new: I64, k: int) -> I64:
    """Row-wise top-k of two key lists; an id in both is kept once, with its better key."""
    both = sort_desc(np.concatenate([current, new], axis=1))
    valid = both != NO_KEY
    ids = both & MAX_ID
    width = both.shape[1]
    earlier = np.tril(np.ones((width, width), dtype=bool), k=-1)  # [j, i]: i comes before j
    same = (ids[:, :, None] == ids[:, None, :]) & valid[:, None, :] & earlier[None, :, :]
    return sort_desc(np.where(same.any(axis=2) | ~valid, NO_KEY, both))[:, :k]


def _keys_from_candidates(rows: int, width: int, row_of: I64, keys: I64) -> I64:
    """The best `width` keys of each row, from flat (row, key) candidates."""
    out = np.full((rows, width), NO_KEY, dtype=np.int64)
    order = np.lexsort((-keys, row_of))
    row_sorted = row_of[order]
    first = np.searchsorted(row_sorted, np.arange(rows))
    rank = np.arange(len(order)) - first[row_sorted]
    keep = rank < width
    out[row_sorted[keep], rank[keep]] = keys[order][keep]
    return out


def top_keys_by_row(scores: F32, ids: I64, k: int) -> I64:
    """Each row's best k + 1 keys (score, then smaller id), exact; NO_KEY pads short rows.

    A full partial sort of 30,000 columns per row costs more than the product that made
    them. Instead: fold the columns into interleaved groups of 32 of maxima by halving (cheap,
    contiguous); the (k+1)-th best group maximum t is a lower bound of the (k+1)-th best score,
    since k + 1 groups each hold a score of at least t; only groups reaching t are searched.
    """
    rows, m = scores.shape
    width = k + 1
    groups = m >> _LEVELS
    if groups < 2 * width:
        row_of, col = np.nonzero(np.ones_like(scores, dtype=bool))
        return _keys_from_candidates(rows, width, row_of, make_keys(scores.ravel(), ids[col]))
    folded_width = groups << _LEVELS
    half = folded_width // 2
    folded = np.maximum(scores[:, :half], scores[:, half:folded_width])
    while half > groups:
        half //= 2
        np.maximum(folded[:, :half], folded[:, half : 2 * half], out=folded[:, :half])
    maxima = folded[:, :groups]
    threshold = -np.partition(-maxima, width - 1, axis=1)[:, width - 1]
    # Group g holds columns g, g + groups, g + 2 * groups, …; the tail past folded_width is
    # searched directly.
    row_of, group = np.nonzero(maxima >= threshold[:, None])
    columns = group[:, None] + groups * np.arange(1 << _LEVELS)[None, :]
    tail = np.arange(folded_width, m)
    row_all = np.concatenate(
        [np.repeat(row_of, 1 << _LEVELS), np.repeat(np.arange(rows), len(tail))]
    )
    col_all = np.concatenate([columns.ravel(), np.tile(tail, rows)])
    values = scores[row_all, col_all]
    keep = values >= threshold[row_all]
    row_all, col_all, values = row_all[keep], col_all[keep], values[keep]
    return _keys_from_candidates(rows, width, row_all, make_keys(values, ids[col_all]))
