"""Every write of allocation rounds: run, review (remove, swap), publish, notify, answer."""

from .answers import partnership_from_round_proposal, proposal_answer
from .notifications import round_notify_sides
from .review import proposal_remove, proposal_swap, round_publish
from .rounds import round_run

__all__ = [
    "partnership_from_round_proposal",
    "proposal_answer",
    "proposal_remove",
    "proposal_swap",
    "round_notify_sides",
    "round_publish",
    "round_run",
]
