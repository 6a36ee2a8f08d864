"""An access rule in its two forms, side by side: the query a selector filters by and the
predicate rules.py registers.

A list page asks the database which rows the viewer may see (one SQL condition, however many
rows); a page showing one record, a service or a template asks the predicate. Both forms of a
rule are written next to each other, in the rules.py of the app that owns it, and each rule has
a test that builds a world of viewers and records and asserts that the two agree on every pair
(pobratym/tests/test_access_rules.py).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import rules
from django.db.models import Q

from .viewer import Viewer

T = TypeVar("T")


@dataclass(frozen=True)
class AccessRule(Generic[T]):
    """q(viewer, ...): the condition on the records the rule allows (its keyword arguments,
    if any, name the fields it reads); check(viewer, record): the same rule for one record."""

    q: Callable[..., Q]
    check: Callable[[Viewer, T], bool]

    @property
    def predicate(self) -> Any:
        """The check as a django-rules predicate, to register or to combine with others."""
        return rules.predicate(self.check)
