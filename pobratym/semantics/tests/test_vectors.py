"""Stored vectors read back as the numbers that were written, in any process."""

import numpy as np

from pobratym.semantics import matrix_from_bytes, vector_bytes, vector_from_bytes


def test_a_vector_reads_back_as_written():
    vector = np.array([0.25, -1.5, 3.0], dtype=np.float32)

    raw = vector_bytes(vector)

    assert raw == np.array([0.25, -1.5, 3.0], dtype="<f4").tobytes()
    read = vector_from_bytes(memoryview(raw))
    assert read.dtype == np.float32
    assert read.tolist() == [0.25, -1.5, 3.0]


def test_a_vector_of_another_byte_order_or_precision_is_stored_as_little_endian_float32():
    big_endian = np.array([1.0, 2.0], dtype=">f8")

    assert vector_bytes(big_endian) == np.array([1.0, 2.0], dtype="<f4").tobytes()


def test_a_read_vector_can_be_changed_without_touching_the_bytes():
    raw = vector_bytes([1.0, 2.0])
    read = vector_from_bytes(raw)

    read *= 2

    assert vector_from_bytes(raw).tolist() == [1.0, 2.0]


def test_stored_vectors_become_the_rows_of_a_matrix():
    raws = [vector_bytes([1.0, 0.0]), vector_bytes([0.0, 1.0]), vector_bytes([0.5, 0.5])]

    matrix = matrix_from_bytes(raws)

    assert matrix.dtype == np.float32
    assert matrix.tolist() == [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]


def test_no_stored_vectors_make_an_empty_matrix():
    assert matrix_from_bytes([]).shape == (0, 0)
