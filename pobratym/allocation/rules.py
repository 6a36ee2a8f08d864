"""Who runs, reviews and answers allocation rounds; registered with rules at start-up."""

from typing import Any

import rules

from pobratym.accounts.rules import (
    associations_facilitated_by,
    can_curate,
    is_editor_of,
    is_secretariat,
)


def _runs_for(user: Any, association: Any) -> bool:
    """The secretariat runs rounds over everything; a facilitator over its own association."""
    if is_secretariat(user):
        return True
    return association is not None and association.pk in associations_facilitated_by(user)


def _reviews(user: Any, allocation_round: Any) -> bool:
    return allocation_round is not None and _runs_for(user, allocation_round.association)


def _answers_for(user: Any, organisation: Any) -> bool:
    """An organisation's editors answer its proposals, and its curators on its behalf."""
    return bool(is_editor_of(user, organisation) or can_curate(user, organisation))


runs_for = rules.predicate(_runs_for)
reviews = rules.predicate(_reviews)
answers_for = rules.predicate(_answers_for)

rules.add_perm("allocation.run_round", runs_for)
rules.add_perm("allocation.review_round", reviews)
rules.add_perm("allocation.answer_proposal", answers_for)
