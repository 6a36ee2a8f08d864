"""Reads that combine several domains for one viewer: what waits for them.

Each domain answers for itself (partnerships: interests to answer, deliveries to confirm,
follow-ups due; allocation: round proposals to answer); this module only puts the answers
together.
"""

from dataclasses import dataclass
from datetime import date

from pobratym.allocation.selectors import ProposalToAnswer, proposals_to_answer
from pobratym.core.viewer import Viewer
from pobratym.partnerships.models import Delivery, FollowUp, Partnership
from pobratym.partnerships.selectors.waiting import (
    deliveries_to_confirm,
    followups_due,
    interests_to_answer,
)


@dataclass(frozen=True)
class Waiting:
    """What the viewer's organisations are asked to do, each list oldest or soonest first."""

    interests: list[Partnership]
    proposals: list[ProposalToAnswer]
    deliveries: list[Delivery]
    followups: list[FollowUp]
    today: date

    @property
    def count(self) -> int:
        return (
            len(self.interests) + len(self.proposals) + len(self.deliveries) + len(self.followups)
        )


def waiting_for(*, viewer: Viewer, today: date) -> Waiting:
    """Everything waiting for the viewer's own organisations (curation aside)."""
    return Waiting(
        interests=interests_to_answer(viewer=viewer),
        proposals=proposals_to_answer(viewer=viewer),
        deliveries=deliveries_to_confirm(viewer=viewer),
        followups=followups_due(viewer=viewer, today=today),
        today=today,
    )
