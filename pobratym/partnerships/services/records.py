"""Writes of what a partnership holds: agreements, activities and their follow-ups, joint
projects, and the thread's messages."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pobratym.accounts.rules import is_editor_of
from pobratym.core.audit import audit_record
from pobratym.core.errors import InvalidInput
from pobratym.core.permissions import ensure_can
from pobratym.core.viewer import SignedIn, Viewer
from pobratym.directory.models import Contact
from pobratym.exchange.models import Need
from pobratym.exchange.services import cleaning

from ..documents import EXTENSIONS, DocumentRefused, check_document
from ..enums import ActivityKind, AgreementKind, PartnershipState, ProjectStatus
from ..errors import PartnershipsErrorCode
from ..models import (
    Activity,
    Agreement,
    FollowUp,
    Message,
    Partnership,
    PartnershipParty,
    Project,
    Signatory,
)
from ..selectors.deliveries import party_authority_ids
from ..tasks import notify_message
from . import common

MAX_SIGNATORIES = 20
MAX_FOLLOWUPS = 20
# DREAM identifiers are checked loosely: one token of letters, digits and . _ / - (no spaces).
_DREAM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
_URL = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class SignatoryIn:
    name: str
    role: str = ""
    contact_id: int | None = None


@dataclass(frozen=True)
class FollowUpIn:
    text: str
    owner: str = ""
    due_on: date | None = None


def _writable(partnership: Partnership) -> None:
    if partnership.state == PartnershipState.DECLINED:
        raise InvalidInput(
            _("This partnership was declined; nothing more is recorded in it."),
            code=PartnershipsErrorCode.DECLINED,
        )
    if partnership.state == PartnershipState.WITHDRAWN:
        raise InvalidInput(
            _("This interest was withdrawn; nothing more is recorded in it."),
            code=PartnershipsErrorCode.WITHDRAWN,
        )


def _check_dated_today_or_before(day: date | None, *, field: str, errors: common.Errors) -> None:
    if day is not None and day > timezone.localdate():
        errors[field] = _("This date is in the future.")


def _signatories(
    partnership: Partnership, submitted: Sequence[SignatoryIn], errors: common.Errors
) -> list[SignatoryIn]:
    if len(submitted) > MAX_SIGNATORIES:
        errors["signatories"] = _("Too many signatories.")
        return []
    organisations = [party.organisation for party in partnership.parties.all()]
    cleaned = []
    for index, signatory in enumerate(submitted):
        prefix = f"signatories.{index}."
        name = common.text(
            signatory.name, field=prefix + "name", errors=errors, required=True, limit=200
        )
        role = common.text(signatory.role, field=prefix + "role", errors=errors, limit=200)
        if signatory.contact_id is not None:
            contact = Contact.objects.filter(pk=signatory.contact_id).first()
            if contact is None or contact.organisation not in organisations:
                errors[prefix + "contact"] = _("Choose a contact person of one of the parties.")
        cleaned.append(SignatoryIn(name=name, role=role, contact_id=signatory.contact_id))
    return cleaned


def _document_name(name: str, content_type: str) -> str:
    """The name a document is offered under when downloaded: only the last part of what the
    browser sent, without control characters, at most 200 characters, and with the extension
    of what the file really is ("signed.html" holding a PDF is offered as "signed.pdf")."""
    base = PurePath(re.sub(r"[\x00-\x1f\x7f\"]", "", PurePath(name.replace("\\", "/")).name))
    allowed = EXTENSIONS[content_type]
    extension = base.suffix if base.suffix.lower() in allowed else allowed[0]
    return (base.stem.strip()[: 200 - len(extension)] or "document") + extension


@transaction.atomic
def agreement_add(
    *,
    partnership: Partnership,
    kind: str,
    title: str,
    signed_on: date | None,
    valid_until: date | None = None,
    renewal_on: date | None = None,
    sectors: Sequence[str] = (),
    signatories: Sequence[SignatoryIn] = (),
    notes: str = "",
    document: UploadedFile[bytes] | None = None,
    actor: SignedIn,
) -> Agreement:
    """Record a signed agreement or memorandum, with the signed document if there is one.

    The document must be a PDF or a PNG/JPEG image by its content, at most
    PARTNERSHIPS_DOCUMENT_MAX_BYTES; it is stored under MEDIA_ROOT with a random name.
    Side effects: the file is written; audit "agreement.added".
    """
    ensure_can(actor, "partnerships.change", partnership)
    partnership = common.locked(partnership)
    _writable(partnership)
    errors: common.Errors = {}
    cleaning.choice(kind, AgreementKind.values, field="kind", errors=errors)
    clean_title = common.title(title, errors)
    clean_notes = common.text(notes, field="notes", errors=errors)
    chosen = cleaning.sectors(sectors, errors) if sectors else []
    _check_dated_today_or_before(signed_on, field="signed_on", errors=errors)
    common.not_before(
        valid_until,
        signed_on,
        field="valid_until",
        message=_("The agreement cannot end before it was signed."),
        errors=errors,
    )
    common.not_before(
        renewal_on,
        signed_on,
        field="renewal_on",
        message=_("The renewal date is before the signing date."),
        errors=errors,
    )
    for field, day in (
        ("signed_on", signed_on),
        ("valid_until", valid_until),
        ("renewal_on", renewal_on),
    ):
        common.in_range(day, field=field, errors=errors)
    people = _signatories(partnership, signatories, errors)
    content_type = ""
    if document is not None:
        try:
            content_type = check_document(document, size=document.size or 0).content_type
        except DocumentRefused as refused:
            errors["document"] = str(refused)
    if errors:
        raise InvalidInput.of_fields(errors)
    agreement = Agreement(
        partnership=partnership,
        kind=kind,
        title=clean_title,
        signed_on=signed_on,
        valid_until=valid_until,
        renewal_on=renewal_on,
        notes=clean_notes,
        created_by=actor,
    )
    if document is not None:
        agreement.document_type = content_type
        agreement.document_name = _document_name(document.name or "", content_type)
        agreement.document.save(agreement.document_name, document, save=False)
    agreement.save()
    agreement.sectors.set(chosen)
    Signatory.objects.bulk_create(
        Signatory(
            agreement=agreement,
            name=person.name,
            role=person.role,
            contact_id=person.contact_id,
            position=index,
        )
        for index, person in enumerate(people)
    )
    audit_record(
        actor=actor,
        verb="agreement.added",
        target=agreement,
        details={
            "partnership_id": partnership.pk,
            "signed_on": signed_on.isoformat() if signed_on else None,
            "document_type": content_type,
        },
    )
    return agreement


def _followups(
    submitted: Sequence[FollowUpIn], starts_on: date | None, errors: common.Errors, prefix: str
) -> list[FollowUpIn]:
    if len(submitted) > MAX_FOLLOWUPS:
        errors["followups"] = _("Too many follow-up actions.")
        return []
    cleaned = []
    for index, followup in enumerate(submitted):
        at = f"{prefix}{index}." if prefix else ""
        text = common.text(
            followup.text, field=at + "text", errors=errors, required=True, limit=500
        )
        owner = common.text(followup.owner, field=at + "owner", errors=errors, limit=200)
        common.in_range(followup.due_on, field=at + "due_on", errors=errors)
        common.not_before(
            followup.due_on,
            starts_on,
            field=at + "due_on",
            message=_("The follow-up is due before the activity starts."),
            errors=errors,
        )
        cleaned.append(FollowUpIn(text=text, owner=owner, due_on=followup.due_on))
    return cleaned


@transaction.atomic
def activity_add(
    *,
    partnership: Partnership,
    kind: str,
    title: str,
    starts_on: date,
    ends_on: date | None = None,
    place: str = "",
    link: str = "",
    participants: str = "",
    agenda: str = "",
    minutes: str = "",
    followups: Sequence[FollowUpIn] = (),
    actor: SignedIn,
) -> Activity:
    """Record a meeting, online meeting, study visit, working meeting or training, with its
    follow-up actions. Side effects: audit "activity.added"."""
    ensure_can(actor, "partnerships.change", partnership)
    partnership = common.locked(partnership)
    _writable(partnership)
    errors: common.Errors = {}
    cleaning.choice(kind, ActivityKind.values, field="kind", errors=errors)
    clean_title = common.title(title, errors)
    common.not_before(
        ends_on, starts_on, field="ends_on", message=common.end_before_start(), errors=errors
    )
    common.in_range(starts_on, field="starts_on", errors=errors)
    common.in_range(ends_on, field="ends_on", errors=errors)
    clean_place = common.text(place, field="place", errors=errors, limit=200)
    clean_link = link.strip()
    if clean_link:
        try:
            _URL(clean_link)
        except ValidationError:
            errors["link"] = _("Enter a web address starting with https:// or http://.")
    texts = {
        name: common.text(value, field=name, errors=errors)
        for name, value in (
            ("participants", participants),
            ("agenda", agenda),
            ("minutes", minutes),
        )
    }
    clean_followups = _followups(followups, starts_on, errors, prefix="followups.")
    if errors:
        raise InvalidInput.of_fields(errors)
    activity = Activity.objects.create(
        partnership=partnership,
        kind=kind,
        title=clean_title,
        starts_on=starts_on,
        ends_on=ends_on,
        place=clean_place,
        link=clean_link,
        created_by=actor,
        **texts,
    )
    FollowUp.objects.bulk_create(
        FollowUp(activity=activity, text=f.text, owner=f.owner, due_on=f.due_on)
        for f in clean_followups
    )
    audit_record(
        actor=actor,
        verb="activity.added",
        target=activity,
        details={"partnership_id": partnership.pk, "followups": len(clean_followups)},
    )
    return activity


@transaction.atomic
def followup_add(
    *, activity: Activity, text: str, owner: str = "", due_on: date | None = None, actor: Viewer
) -> FollowUp:
    """A follow-up action agreed at an activity. Side effects: audit "followup.added"."""
    ensure_can(actor, "partnerships.change", activity.partnership)
    _writable(activity.partnership)
    errors: common.Errors = {}
    [clean] = _followups([FollowUpIn(text, owner, due_on)], activity.starts_on, errors, prefix="")
    if errors:
        raise InvalidInput.of_fields(errors)
    followup = FollowUp.objects.create(
        activity=activity, text=clean.text, owner=clean.owner, due_on=clean.due_on
    )
    audit_record(actor=actor, verb="followup.added", target=followup)
    return followup


@transaction.atomic
def followup_mark_done(*, followup: FollowUp, done: bool = True, actor: Viewer) -> FollowUp:
    """Mark a follow-up action done (or not done after all); no reminder goes out for a done one.

    Side effects: audit "followup.done" or "followup.reopened"; nothing if already so.
    """
    ensure_can(actor, "partnerships.change", followup.activity.partnership)
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    if followup.is_done == done:
        return followup
    followup.done_at = timezone.now() if done else None
    followup.save(update_fields=["done_at", "updated_at"])
    audit_record(
        actor=actor, verb="followup.done" if done else "followup.reopened", target=followup
    )
    return followup


@transaction.atomic
def project_add(
    *,
    partnership: Partnership,
    title: str,
    budget_eur: Decimal | int | str | None = None,
    funding_source: str = "",
    status: str = ProjectStatus.PLANNED,
    dream_id: str = "",
    needs: Sequence[Need] = (),
    actor: SignedIn,
) -> Project:
    """A joint project with its budget in euros, funding source, status, DREAM identifier and
    the parties' needs it answers. Side effects: audit "project.added"."""
    ensure_can(actor, "partnerships.change", partnership)
    partnership = common.locked(partnership)
    _writable(partnership)
    errors: common.Errors = {}
    clean_title = common.title(title, errors)
    budget = cleaning.amount_eur(budget_eur, field="budget_eur", errors=errors)
    clean_source = common.text(funding_source, field="funding_source", errors=errors, limit=300)
    cleaning.choice(status, ProjectStatus.values, field="status", errors=errors)
    clean_dream = dream_id.strip()
    if clean_dream and not _DREAM_ID.match(clean_dream):
        errors["dream_id"] = _(
            "Enter the DREAM identifier as one word of letters, digits and . _ / - (no spaces)."
        )
    allowed = party_authority_ids(partnership)
    if any(need.authority_id not in allowed for need in needs):
        errors["needs"] = _("Choose needs of the partnership's Ukrainian parties.")
    if errors:
        raise InvalidInput.of_fields(errors)
    project = Project.objects.create(
        partnership=partnership,
        title=clean_title,
        budget_eur=budget,
        funding_source=clean_source,
        status=status,
        dream_id=clean_dream,
        created_by=actor,
    )
    project.needs.set(needs)
    audit_record(
        actor=actor,
        verb="project.added",
        target=project,
        details={"partnership_id": partnership.pk, "dream_id": clean_dream},
    )
    return project


@transaction.atomic
def message_post(*, partnership: Partnership, body: str, actor: SignedIn) -> Message:
    """Write in the partnership's thread, open once the other side has accepted.

    Side effects: audit "message.posted"; after commit, a task e-mails the verified editors of
    the other parties, each in their own language.
    """
    ensure_can(actor, "partnerships.change", partnership)
    if not partnership.is_open_for_dialogue:
        raise InvalidInput(
            _("The parties write to each other once the other side has accepted."),
            code=PartnershipsErrorCode.THREAD_CLOSED,
        )
    errors: common.Errors = {}
    clean_body = common.text(body, field="body", errors=errors, required=True)
    if errors:
        raise InvalidInput.of_fields(errors)
    party = next(
        (party for party in partnership.parties.all() if is_editor_of(actor, party.organisation)),
        None,
    )
    return message_add_unsafe(partnership=partnership, party=party, body=clean_body, actor=actor)


def message_add_unsafe(
    *, partnership: Partnership, party: PartnershipParty | None, body: str, actor: SignedIn
) -> Message:
    """A message in the thread, without the checks: the caller has checked the actor's right
    and cleaned the text (message_post, and the note of an interest expressed again).

    Side effects: audit "message.posted"; after commit, the other parties' editors are
    e-mailed.
    """
    message = Message.objects.create(partnership=partnership, author=actor, party=party, body=body)
    audit_record(
        actor=actor,
        verb="message.posted",
        target=message,
        details={"partnership_id": partnership.pk},
    )
    transaction.on_commit(lambda: notify_message.enqueue(message_id=message.pk))
    return message
