"""Writes people make to the directory: profiles, curated facts, contacts, merges.

Each checks the rules before changing anything, runs in one transaction and is audited with
the before/after of every field it changed.
"""

import re
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pobratym.core.audit import Changes, audit_record, changes_between, snapshot
from pobratym.core.errors import InvalidInput
from pobratym.core.permissions import ensure_can
from pobratym.core.textkeys import search_key
from pobratym.core.viewer import Viewer

from ..enums import FrontlineStatus
from ..merging import MergeStep, registered_steps
from ..models import Authority, Contact, Membership
from ..organisations import Organisation, organisation_columns

Saved = TypeVar("Saved", Authority, Contact)

MAX_DESCRIPTION = 5000
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,30}$")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def _check_url(value: str, field: str, errors: dict[str, str]) -> None:
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            errors[field] = _("Enter a web address starting with http:// or https://.")


@transaction.atomic
def authority_profile_update(
    *,
    authority: Authority,
    website: str,
    description: str,
    description_language: str,
    actor: Viewer,
) -> Authority:
    """An editor (or curator) updates what the organisation says about itself."""
    ensure_can(actor, "directory.edit_profile", authority)
    website, description = website.strip(), description.strip()
    errors: dict[str, str] = {}
    _check_url(website, "website", errors)
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = _("Keep the description under %(limit)d characters.") % {
            "limit": MAX_DESCRIPTION
        }
    if description and not _LANGUAGE_CODE.match(description_language):
        errors["description_language"] = _("Choose the language the description is written in.")
    if errors:
        raise InvalidInput.of_fields(errors)
    return _save_audited(
        authority,
        "authority.profile_updated",
        actor,
        website=website,
        description=description,
        description_language=description_language if description else "",
    )


@transaction.atomic
def authority_curate(
    *,
    authority: Authority,
    name_uk: str,
    name_en: str,
    frontline_status: str,
    frontline_source: str,
    frontline_as_of: date | None,
    actor: Viewer,
) -> Authority:
    """A curator corrects names or records a frontline status with its source and date."""
    ensure_can(actor, "directory.curate", authority)
    errors: dict[str, str] = {}
    if frontline_status and frontline_status not in FrontlineStatus.values:
        errors["frontline_status"] = _("Choose a status from the list.")
    if frontline_status and not frontline_source.strip():
        errors["frontline_source"] = _("Say where the status comes from.")
    if frontline_status and frontline_as_of is None:
        errors["frontline_as_of"] = _("Give the date the status was true on.")
    if frontline_as_of and frontline_as_of > timezone.localdate():
        errors["frontline_as_of"] = _("The date cannot be in the future.")
    if errors:
        raise InvalidInput.of_fields(errors)
    names_before = (authority.name_uk, authority.name_en)
    authority = _save_audited(
        authority,
        "authority.curated",
        actor,
        name_uk=name_uk.strip(),
        name_en=name_en.strip(),
        frontline_status=frontline_status,
        frontline_source=frontline_source.strip() if frontline_status else "",
        frontline_as_of=frontline_as_of if frontline_status else None,
    )
    if (authority.name_uk, authority.name_en) != names_before:
        # A corrected name must be findable; the old names stay searchable too.
        authority.search_key = search_key(
            [authority.search_key, authority.name_uk, authority.name_en]
        )
        authority.save(update_fields=["search_key"])
    return authority


def _save_audited(obj: Saved, verb: str, actor: Viewer, **values: Any) -> Saved:
    before = snapshot(obj, values)
    for name, value in values.items():
        setattr(obj, name, value)
    changes: Changes = changes_between(before, snapshot(obj, values))
    if changes:
        obj.save(update_fields=[*changes, "updated_at"])
        audit_record(actor=actor, verb=verb, target=obj, changes=changes)
    return obj


def _contact_values(
    *, name: str, position: str, email: str, phone: str, languages: str
) -> dict[str, str]:
    values = {
        "name": name.strip(),
        "position": position.strip(),
        "email": email.strip(),
        "phone": phone.strip(),
        "languages": ", ".join(
            code.strip().lower() for code in languages.split(",") if code.strip()
        ),
    }
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = _("Give the person's name.")
    if values["email"]:
        try:
            EmailValidator()(values["email"])
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address.")
    if values["phone"] and not _PHONE.match(values["phone"]):
        errors["phone"] = _("Enter a phone number with digits, spaces and an optional +.")
    if any(not _LANGUAGE_CODE.match(c) for c in values["languages"].split(", ") if c):
        errors["languages"] = _("Use language codes separated by commas, e.g. uk, en, de.")
    if errors:
        raise InvalidInput.of_fields(errors)
    return values


@transaction.atomic
def contact_create(
    *,
    organisation: Organisation,
    name: str,
    position: str = "",
    email: str = "",
    phone: str = "",
    languages: str = "",
    consented: bool = False,
    actor: Viewer,
) -> Contact:
    """Add a contact person. Shown to verified members only once their consent is recorded."""
    ensure_can(actor, "directory.manage_contacts", organisation)
    values = _contact_values(
        name=name, position=position, email=email, phone=phone, languages=languages
    )
    contact = Contact.objects.create(
        **organisation_columns(organisation),
        consented_at=timezone.now() if consented else None,
        **values,
    )
    audit_record(
        actor=actor,
        verb="contact.created",
        target=contact,
        changes={k: [None, v] for k, v in values.items() if v},
    )
    return contact


@transaction.atomic
def contact_update(
    *,
    contact: Contact,
    name: str,
    position: str,
    email: str,
    phone: str,
    languages: str,
    consented: bool,
    actor: Viewer,
) -> Contact:
    ensure_can(actor, "directory.manage_contacts", contact.organisation)
    values: dict[str, Any] = _contact_values(
        name=name, position=position, email=email, phone=phone, languages=languages
    )
    if consented != (contact.consented_at is not None):
        values["consented_at"] = timezone.now() if consented else None
    return _save_audited(contact, "contact.updated", actor, **values)


@transaction.atomic
def contact_delete(*, contact: Contact, actor: Viewer) -> None:
    ensure_can(actor, "directory.manage_contacts", contact.organisation)
    audit_record(actor=actor, verb="contact.deleted", target=contact)
    contact.delete()


def _merge_directory_references(*, duplicate: Authority, target: Authority) -> dict[str, int]:
    moved: dict[str, int] = {}
    already = set(
        Membership.objects.filter(authority=target).values_list("association_id", flat=True)
    )
    memberships = Membership.objects.filter(authority=duplicate)
    moved["association memberships dropped as duplicates"] = memberships.filter(
        association_id__in=already
    ).delete()[0]
    moved["association memberships"] = memberships.update(authority=target)
    moved["contacts"] = Contact.objects.filter(authority=duplicate).update(authority=target)
    moved["sections"] = Authority.objects.filter(section_of=duplicate).update(section_of=target)
    moved["earlier merges"] = Authority.objects.filter(merged_into=duplicate).update(
        merged_into=target
    )
    return moved


# Run before the steps of the apps above (directory/merging.py).
DIRECTORY_MERGE_STEP = MergeStep(
    label="directory: association memberships, contacts, sections, earlier merges",
    move=_merge_directory_references,
    covers=(
        "directory.Membership.authority",
        "directory.Contact.authority",
        "directory.Authority.section_of",
        "directory.Authority.merged_into",
    ),
)


@transaction.atomic
def authority_merge(
    *, duplicate: Authority, target: Authority, note: str = "", actor: Viewer
) -> dict[str, int]:
    """Merge a duplicate entry into another: every reference moves to the target.

    The duplicate is kept, pointing at the target (merged_into), so the merge can be explained
    afterwards; it no longer appears in lists or proposals. The directory's own references move
    first, then each app's, by the steps the apps registered (directory/merging.py). Returns
    how many references moved, per kind, and records the same in the audit.
    """
    ensure_can(actor, "directory.merge", duplicate)
    ensure_can(actor, "directory.merge", target)
    if duplicate.pk == target.pk:
        raise InvalidInput.of_fields({"target": _("An entry cannot be merged into itself.")})
    if duplicate.merged_into_id is not None or target.merged_into_id is not None:
        raise InvalidInput.of_fields({"target": _("One of these entries was already merged.")})
    moved: dict[str, int] = {}
    for step in (DIRECTORY_MERGE_STEP, *registered_steps()):
        moved.update(step.move(duplicate=duplicate, target=target))

    duplicate.merged_into = target
    duplicate.save(update_fields=["merged_into", "updated_at"])
    audit_record(
        actor=actor,
        verb="authority.merged",
        target=duplicate,
        changes={"merged_into": [None, target.pk]},
        details={
            "into": str(target),
            "into_id": target.pk,
            "note": note.strip(),
            "moved": moved,
            "duplicate": snapshot(
                duplicate,
                ["name", "name_uk", "name_en", "code_system", "official_code", "country", "region"],
            ),
        },
    )
    return moved
