"""Requests to add an organisation the directory lacks, and their decision."""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pobratym.core.audit import audit_record
from pobratym.core.errors import InvalidInput
from pobratym.core.permissions import ensure_can
from pobratym.core.textkeys import search_key
from pobratym.directory.enums import AuthorityKind, CodeSystem
from pobratym.directory.models import Association, Authority, Country
from pobratym.directory.organisations import Organisation, organisation_columns

from .. import notifications
from ..enums import MembershipState, RequestedKind, RequestState
from ..models import OrganisationMembership, OrganisationRequest, User
from .memberships import require_confirmed


@transaction.atomic
def organisation_request_create(
    *, user: User, name: str, kind: str, country: Country, website: str = "", note: str = ""
) -> OrganisationRequest:
    """Ask the secretariat and facilitators to add an organisation the directory lacks."""
    require_confirmed(user)
    if not name.strip():
        raise InvalidInput.of_field("name", _("Give the organisation's name."))
    if kind not in RequestedKind.values:
        raise InvalidInput.of_field("kind", _("Choose what kind of organisation it is."))
    request = OrganisationRequest.objects.create(
        requested_by=user,
        name=name.strip()[:300],
        kind=kind,
        country=country,
        website=website.strip(),
        note=note.strip()[:2000],
    )
    audit_record(actor=user, verb="organisation_request.created", target=request)
    transaction.on_commit(lambda: notifications.send_organisation_request(request))
    return request


@transaction.atomic
def organisation_request_decide(
    *, request: OrganisationRequest, approve: bool, actor: User
) -> OrganisationMembership | None:
    """Approving adds the organisation and makes the requester its verified editor."""
    request = OrganisationRequest.objects.select_for_update().get(pk=request.pk)
    ensure_can(actor, "accounts.review_organisation_request", request)
    if request.state != RequestState.PENDING:
        raise InvalidInput(_("This request has already been decided."))
    request.state = RequestState.APPROVED if approve else RequestState.REJECTED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save()
    audit_record(actor=actor, verb=f"organisation_request.{request.state}", target=request)
    if not approve:
        return None
    organisation = _organisation_from_request(request)
    audit_record(
        actor=actor,
        verb="organisation.created",
        target=organisation,
        details={"request": request.pk},
    )
    try:
        membership = OrganisationMembership.objects.create(
            user=request.requested_by,
            state=MembershipState.VERIFIED,
            decided_by=actor,
            decided_at=timezone.now(),
            **organisation_columns(organisation),
        )
    except IntegrityError as duplicate:  # pragma: no cover - a fresh organisation has no staff
        raise InvalidInput(_("This request has already been decided.")) from duplicate
    audit_record(actor=actor, verb="membership.verified", target=membership)
    return membership


_AUTHORITY_KIND_BY_REQUEST: dict[str, str] = {
    RequestedKind.HROMADA: AuthorityKind.HROMADA,
    RequestedKind.OBLAST: AuthorityKind.OBLAST,
    RequestedKind.REGION: AuthorityKind.REGION,
}


def _organisation_from_request(request: OrganisationRequest) -> Organisation:
    if request.kind == RequestedKind.ASSOCIATION:
        base = slugify(request.name)[:60] or "association"
        slug = base
        while Association.objects.filter(slug=slug).exists():
            slug = f"{base}-{secrets.token_hex(2)}"
        return Association.objects.create(
            kind="national_association",
            slug=slug,
            name=request.name,
            name_en=request.name,
            country=request.country,
            website=request.website,
            search_key=search_key([request.name]),
        )
    authority = Authority.objects.create(
        kind=_AUTHORITY_KIND_BY_REQUEST.get(str(request.kind), AuthorityKind.MUNICIPALITY),
        name=request.name,
        name_en=request.name,
        country=request.country,
        code_system=CodeSystem.PLATFORM,
        official_code=f"request-{request.pk}",
        website=request.website,
        search_key=search_key([request.name]),
    )
    return authority
