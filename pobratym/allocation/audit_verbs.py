"""What the audit page calls the actions of allocation rounds (see core.audit.verb_label)."""

from django.utils.translation import gettext_lazy as _

GROUPS = {
    "allocation_round": _("Allocation rounds"),
    "round_proposal": _("Round proposals"),
}

VERBS = {
    "allocation_round.run": _("Round run"),
    "allocation_round.published": _("Round published"),
    "round_proposal.removed": _("Proposal removed in review"),
    "round_proposal.swapped": _("Offer swapped in review"),
    "round_proposal.accepted": _("Proposal accepted"),
    "round_proposal.declined": _("Proposal declined"),
}
