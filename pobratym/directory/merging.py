"""The steps of merging one authority into another, each app moving its own references.

Apps above the directory point at authorities (staff, needs, offers, partnerships, allocation
proposals), and the directory may not import them (docs/architecture.md). So each of them
registers, in its AppConfig.ready, a step that moves its references from the duplicate to the
target and names the foreign keys it covers. services.curation.authority_merge runs the
directory's own step, then every registered one, in its transaction; tests/test_merging.py
fails on a foreign key to Authority that no step covers.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from .models import Authority


class MoveReferences(Protocol):
    """Moves references from the duplicate to the target; returns how many moved, per kind.

    It checks no permission (authority_merge has) and leaves no audit record (authority_merge
    records the counts of every step).
    """

    def __call__(self, *, duplicate: Authority, target: Authority) -> dict[str, int]: ...


@dataclass(frozen=True)
class MergeStep:
    label: str
    move: MoveReferences
    # The foreign keys to Authority the step moves, as "app_label.Model.field".
    covers: tuple[str, ...]


_STEPS: list[MergeStep] = []


def register(*, label: str, move: MoveReferences, covers: Iterable[str]) -> None:
    """Add an app's step; registering the same step again changes nothing."""
    step = MergeStep(label=label, move=move, covers=tuple(covers))
    if step not in _STEPS:
        _STEPS.append(step)


def registered_steps() -> tuple[MergeStep, ...]:
    """The apps' steps in the order they were registered: the order of INSTALLED_APPS, as each
    app registers in its ready()."""
    return tuple(_STEPS)
