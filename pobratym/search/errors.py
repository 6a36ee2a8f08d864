"""The codes of the search's errors, as the API answers them."""

from enum import StrEnum


class SearchErrorCode(StrEnum):
    QUERY_TOO_LONG = "query_too_long"
