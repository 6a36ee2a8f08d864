from django.contrib import admin

from pobratym.core.admin import AuditedModelAdmin

from .models import Invitation, OrganisationMembership, OrganisationRequest, User


@admin.register(User)
class UserAdmin(AuditedModelAdmin[User]):
    list_display = ["email", "first_name", "last_name", "is_secretariat", "is_active"]
    list_filter = ["is_secretariat", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    exclude = ["password"]
    readonly_fields = ["last_login", "date_joined", "email_confirmed_at", "erased_at"]


@admin.register(OrganisationMembership)
class OrganisationMembershipAdmin(AuditedModelAdmin[OrganisationMembership]):
    list_display = ["user", "authority", "association", "role", "state"]
    list_filter = ["role", "state"]
    raw_id_fields = ["user", "authority", "association", "invited_by", "decided_by"]


@admin.register(OrganisationRequest)
class OrganisationRequestAdmin(AuditedModelAdmin[OrganisationRequest]):
    list_display = ["name", "kind", "country", "state"]
    list_filter = ["state", "kind"]


@admin.register(Invitation)
class InvitationAdmin(AuditedModelAdmin[Invitation]):
    list_display = ["email", "authority", "association", "expires_at", "accepted_at"]
    exclude = ["token"]
    raw_id_fields = ["authority", "association", "invited_by"]
