"""Who runs, reviews and answers allocation rounds; registered with rules at start-up."""

from typing import Any

import rules

from pobratym.accounts.rules import acts_for, associations_facilitated_by, is_secretariat
from pobratym.core.viewer import Viewer


def _runs_for(user: Viewer, association: Any) -> bool:
    """The secretariat runs rounds over everything; a facilitator over its own association."""
    if is_secretariat(user):
        return True
    return association is not None and association.pk in associations_facilitated_by(user)


def _reviews(user: Viewer, allocation_round: Any) -> bool:
    return allocation_round is not None and _runs_for(user, allocation_round.association)


runs_for = rules.predicate(_runs_for)
reviews = rules.predicate(_reviews)
# An organisation's editors answer its proposals, and its curators on its behalf.
answers_for = acts_for.predicate

rules.add_perm("allocation.run_round", runs_for)
rules.add_perm("allocation.review_round", reviews)
rules.add_perm("allocation.answer_proposal", answers_for)
