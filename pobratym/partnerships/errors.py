"""The codes of the partnerships domain's errors, as the API answers them."""

from enum import StrEnum


class PartnershipsErrorCode(StrEnum):
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    THREAD_CLOSED = "thread_closed"
    DELIVERY_STATE = "delivery_state"
    TOO_FEW_PARTIES = "too_few_parties"
    TRANSITION_REFUSED = "transition_refused"
    DIALOGUE_SKIPPED = "dialogue_skipped"
    REASON_REQUIRED = "reason_required"
