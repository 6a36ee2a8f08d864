"""Exact row-wise top-k with ties broken by id."""

import numpy as np
import pytest

from pobratym.matching.engine.topk import (
    NO_KEY,
    key_id,
    key_score,
    make_keys,
    merge_top,
    top_keys_by_row,
)


def _brute_force(scores, ids, k):
    out = []
    for row in scores:
        ranked = sorted(zip(row.tolist(), ids.tolist(), strict=True), key=lambda p: (-p[0], p[1]))
        out.append([(int(s), i) for s, i in ranked[:k]])
    return out


@pytest.mark.parametrize("columns", [7, 500, 3000])
def test_top_keys_by_row_equals_a_full_sort(columns):
    rng = np.random.default_rng(columns)
    # Few distinct values: many ties, at the boundary too.
    scores = rng.integers(-5, 6, size=(40, columns)).astype(np.float32)
    ids = rng.permutation(columns).astype(np.int64) + 1

    keys = top_keys_by_row(scores, ids, 10)

    found = [
        [(int(s), int(i)) for s, i in zip(key_score(row), key_id(row), strict=True) if s > -(2**29)]
        for row in keys[:, :10]
    ]
    assert found == _brute_force(scores, ids, 10)


def test_keys_order_by_score_then_smaller_id():
    keys = make_keys(np.array([3.0, 3.0, -2.0, 5.0]), np.array([8, 4, 1, 9], dtype=np.int64))

    assert key_id(np.sort(keys)[::-1]).tolist() == [9, 4, 8, 1]
    assert key_score(keys).tolist() == [3, 3, -2, 5]


def test_merge_top_keeps_an_id_once_with_its_better_key():
    a = make_keys(np.array([[5.0, 1.0]]), np.array([[7, 3]], dtype=np.int64))
    b = make_keys(np.array([[4.0, 2.0]]), np.array([[3, 2]], dtype=np.int64))

    merged = merge_top(a, b, 3)

    assert key_id(merged).tolist() == [[7, 3, 2]]
    assert key_score(merged).tolist() == [[5, 4, 2]]


def test_excluded_scores_get_no_key():
    assert make_keys(np.array([-(2**26)]), np.array([1], dtype=np.int64)).tolist() == [NO_KEY]
