"""Matching: recommendations between hromadas' needs and European authorities' offers.

The ranking itself lives in `engine/`, pure Python and numpy with no Django, so that it can be
tested with golden cases and benchmarked at national scale without a database.
"""
