"""Arrays that grow by doubling, and the per-sector buckets of offers.

Appending one need or offer must not copy 30,000 × 385 floats each time (tens of ms): the
arrays keep spare rows and double when full, so an append costs a row copy on average.
"""

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt


class Growable:
    """A numpy array of rows (1-D or 2-D) with spare capacity; `view` is the filled part."""

    def __init__(self, initial: npt.NDArray[Any], *, spare: float = 0.25) -> None:
        capacity = max(16, int(len(initial) * (1 + spare)))
        self._data: npt.NDArray[Any] = np.empty((capacity, *initial.shape[1:]), dtype=initial.dtype)
        self._data[: len(initial)] = initial
        self.n = len(initial)

    @property
    def view(self) -> npt.NDArray[Any]:
        return self._data[: self.n]

    def append(self, row: npt.NDArray[Any] | float | int | bool) -> int:
        if self.n == len(self._data):
            grown = np.empty((2 * len(self._data), *self._data.shape[1:]), dtype=self._data.dtype)
            grown[: self.n] = self._data[: self.n]
            self._data = grown
        self._data[self.n] = row
        self.n += 1
        return self.n - 1

    def delete(self, index: int) -> None:
        """Remove row `index`, shifting the later rows up (order is kept)."""
        self._data[index : self.n - 1] = self._data[index + 1 : self.n]
        self.n -= 1

    def widen(self, columns: int) -> None:
        """Add zero columns to a 2-D array (a new sector or sub-sector code appeared)."""
        extra = np.zeros((len(self._data), columns), dtype=self._data.dtype)
        self._data = np.concatenate([self._data, extra], axis=1)


@dataclass(eq=False)
class Bucket:
    """The available offers naming one top-level sector, as one contiguous matrix for BLAS.

    `children` marks, per offer, the sub-sectors of this sector it names (one column per code
    in `child_codes`), for the sub-sector bonus.
    """

    sector: str
    matrix: Growable
    positions: Growable  # offer positions in the index
    columns: Growable  # the offering authority's column in the authority matrix
    child_codes: list[str] = field(default_factory=list)
    children: Growable | None = None

    @property
    def size(self) -> int:
        return self.positions.n

    def child_index(self, code: str) -> int:
        """Column of a sub-sector code, adding it on first sight."""
        if code not in self.child_codes:
            self.child_codes.append(code)
            if self.children is None:
                self.children = Growable(np.zeros((self.size, 1), dtype=np.float32))
            else:
                self.children.widen(1)
        return self.child_codes.index(code)

    def row_of(self, position: int) -> int:
        found = np.flatnonzero(self.positions.view == position)
        if len(found) != 1:
            raise KeyError(position)
        return int(found[0])

    def add(
        self, position: int, row: npt.NDArray[np.float32], column: int, codes: set[str]
    ) -> None:
        marks = [self.child_index(code) for code in sorted(codes)]
        self.matrix.append(row)
        self.positions.append(position)
        self.columns.append(column)
        if self.children is not None:
            flags = np.zeros(len(self.child_codes), dtype=np.float32)
            flags[marks] = 1.0
            self.children.append(flags)

    def reorder(self, order: npt.NDArray[np.int64]) -> None:
        """Put the offers in a new order (a permutation of 0 … size - 1)."""
        for name in ("matrix", "positions", "columns", "children"):
            part = getattr(self, name)
            if part is not None:
                setattr(self, name, Growable(part.view[order]))

    def remove(self, position: int) -> None:
        index = self.row_of(position)
        for part in (self.matrix, self.positions, self.columns, self.children):
            if part is not None:
                part.delete(index)
