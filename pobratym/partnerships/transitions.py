"""The partnership lifecycle as a table, and the one check every state change passes.

Pure Python: no database, no request. A partnership goes interest expressed → in dialogue →
agreement signed → active ⇄ dormant → ended, or is declined; an interest nobody has answered yet
may be withdrawn by the side that expressed it. Two exceptions to the plain table:
an ended partnership comes back to life only with a reason, and only an imported signed
agreement (a memorandum found in the news or brought in by a curator) skips the dialogue.
"""

from django.utils.translation import gettext as _

from pobratym.core.errors import ApplicationError

from .enums import PartnershipState as S
from .errors import PartnershipsErrorCode

TRANSITIONS: dict[str, tuple[str, ...]] = {
    # Accepting and declining are the other side's answers; withdrawing is the initiator's own
    # end (rules.py says who does which).
    S.INTEREST_EXPRESSED: (S.IN_DIALOGUE, S.DECLINED, S.WITHDRAWN),
    # Active without a signed document: many partnerships (Korosten–Bourges) run on meetings
    # and projects, never on a memorandum.
    S.IN_DIALOGUE: (S.AGREEMENT_SIGNED, S.ACTIVE, S.DECLINED),
    S.AGREEMENT_SIGNED: (S.ACTIVE, S.ENDED),
    S.ACTIVE: (S.DORMANT, S.ENDED),
    S.DORMANT: (S.ACTIVE, S.ENDED),
    S.ENDED: (S.ACTIVE,),
    S.DECLINED: (),
    S.WITHDRAWN: (),
}
# Allowed only when the change is an imported signed agreement.
IMPORTED_ONLY: dict[str, tuple[str, ...]] = {S.INTEREST_EXPRESSED: (S.AGREEMENT_SIGNED,)}
# Allowed only with a note saying why.
NEEDS_REASON: frozenset[tuple[str, str]] = frozenset({(S.ENDED, S.ACTIVE)})


class TransitionRefused(ApplicationError):
    code = PartnershipsErrorCode.TRANSITION_REFUSED
    status = 409


def _label(state: str) -> str:
    return str(S(state).label) if state in S.values else state


def check_transition(from_state: str, to_state: str, *, note: str, imported: bool) -> None:
    """Raise TransitionRefused, with a message for the person, unless the change is allowed."""
    if to_state not in S.values:
        raise TransitionRefused(_("Unknown state: %(state)s.") % {"state": to_state[:40]})
    if from_state == to_state:
        raise TransitionRefused(
            _("The partnership is already in the state “%(state)s”.") % {"state": _label(to_state)}
        )
    if to_state in IMPORTED_ONLY.get(from_state, ()):
        if imported:
            return
        raise TransitionRefused(
            _(
                "A partnership goes through dialogue before an agreement: only an imported "
                "signed agreement may skip it."
            ),
            code=PartnershipsErrorCode.DIALOGUE_SKIPPED,
        )
    if to_state not in TRANSITIONS.get(from_state, ()):
        raise TransitionRefused(
            _("A partnership cannot go from “%(from)s” to “%(to)s”.")
            % {"from": _label(from_state), "to": _label(to_state)}
        )
    if (from_state, to_state) in NEEDS_REASON and not note.strip():
        raise TransitionRefused(
            _("Say why the ended partnership becomes active again."),
            code=PartnershipsErrorCode.REASON_REQUIRED,
        )


def next_states(from_state: str) -> tuple[str, ...]:
    """The states a partnership may move to from this one in the ordinary way."""
    return TRANSITIONS.get(from_state, ())
