"""Role look-ups remembered for the length of one page, so that a page checking permissions
for each of its rows (every delivery, every party) asks the database once per viewer, not once
per row.

Only pages that are read (GET, HEAD) remember, and any change to a membership forgets: what a
check answers is the same as without the memo. Outside a page (services, commands, tests
calling the rules) nothing is remembered.
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar, cast

from django.db.models.signals import post_delete, post_save

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

_remembered: ContextVar[dict[Any, Any] | None] = ContextVar("role_memo", default=None)


@contextmanager
def remembering() -> Iterator[None]:
    """Look-ups made inside are computed once each."""
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


@contextmanager
def remembering_within() -> Iterator[None]:
    """Look-ups made inside are computed once each, and kept by the page's memo if there is
    one: for a condition that asks the same roles several times while it is built."""
    if _remembered.get() is not None:
        yield
        return
    with remembering():
        yield


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """compute(), or what it returned for the same key earlier in the same page."""
    memo = _remembered.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return cast(T, memo[key])


def remembered_each(keys: list[K], compute: Callable[[list[K]], dict[K, T]]) -> dict[K, T]:
    """compute(keys) for the keys not yet remembered in this page, in one call, joined with
    those remembered; compute returns a value for every key it is given."""
    memo = _remembered.get()
    if memo is None:
        return compute(keys)
    missing = [key for key in keys if key not in memo]
    if missing:
        memo.update(compute(missing))
    return {key: memo[key] for key in keys}


def forget(**_kwargs: Any) -> None:
    """A membership changed: the page computes its look-ups again."""
    memo = _remembered.get()
    if memo is not None:
        memo.clear()


for _model in ("accounts.OrganisationMembership", "directory.Membership"):
    post_save.connect(forget, sender=_model, dispatch_uid=f"role_memo_forget_save_{_model}")
    post_delete.connect(forget, sender=_model, dispatch_uid=f"role_memo_forget_delete_{_model}")
