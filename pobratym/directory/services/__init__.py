"""Writes to the directory: the reference import, and curation by people."""

from .curation import (
    authority_curate,
    authority_merge,
    authority_profile_update,
    contact_create,
    contact_delete,
    contact_update,
)
from .reference_import import ImportReport, Progress, SyncCount, reference_import

__all__ = [
    "ImportReport",
    "Progress",
    "SyncCount",
    "authority_curate",
    "authority_merge",
    "authority_profile_update",
    "contact_create",
    "contact_delete",
    "contact_update",
    "reference_import",
]
