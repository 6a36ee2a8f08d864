"""The codes of the allocation domain's errors, as the API answers them."""

from enum import StrEnum


class AllocationErrorCode(StrEnum):
    NOT_A_SIDE = "not_a_side"
    INVALID_ANSWER = "invalid_answer"
    PROPOSAL_NOT_ACCEPTED = "proposal_not_accepted"
    ROUND_PUBLISHED = "round_published"
    NOT_A_CANDIDATE = "not_a_candidate"
    BELOW_MIN_SCORE = "below_min_score"
    CAPACITY_FULL = "capacity_full"
    SAME_AUTHORITY = "same_authority"
    NOTHING_TO_PUBLISH = "nothing_to_publish"
    NO_OFFERS = "no_offers"
    NOBODY_SEEKING = "nobody_seeking"
    SOLVER_TIME_LIMIT = "solver_time_limit"
