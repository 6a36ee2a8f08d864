from typing import Any

import rules
from django.contrib import admin
from django.http import HttpRequest

from pobratym.core.admin import AuditedModelAdmin

from .models import Association, Authority, Contact, Country, Membership, Region


@admin.register(Country)
class CountryAdmin(AuditedModelAdmin[Country]):
    list_display = ["code", "name_en", "name_uk"]
    search_fields = ["code", "name_en", "name_uk"]


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin[Region]):
    list_display = ["code", "name", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["code", "name", "name_uk", "name_en"]
    raw_id_fields = ["parent"]


class MembershipInline(admin.TabularInline[Membership, Authority]):
    model = Membership
    fk_name = "authority"
    extra = 0
    autocomplete_fields = ["association"]


@admin.register(Authority)
class AuthorityAdmin(AuditedModelAdmin[Authority]):
    list_display = ["name", "kind", "country", "region", "population", "frontline_status"]
    list_filter = ["kind", "frontline_status", "is_section", "country"]
    search_fields = ["name", "name_uk", "name_en", "official_code"]
    raw_id_fields = ["region", "raion", "section_of"]
    readonly_fields = ["search_key"]
    inlines = [MembershipInline]
    list_select_related = ["country", "region"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Staff curate the entries the rules let them curate (accounts/rules.py).
        if obj is not None and not request.user.is_superuser:
            return bool(rules.has_perm("directory.curate", request.user, obj))
        return super().has_change_permission(request, obj)


@admin.register(Association)
class AssociationAdmin(AuditedModelAdmin[Association]):
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "name_uk", "name_en", "acronym"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin[Membership]):
    list_display = ["association", "authority", "member_association", "status", "since"]
    list_filter = ["status", "association"]
    raw_id_fields = ["authority"]
    autocomplete_fields = ["association", "member_association"]


@admin.register(Contact)
class ContactAdmin(AuditedModelAdmin[Contact]):
    list_display = ["name", "position", "authority", "association", "consented_at"]
    raw_id_fields = ["authority", "association", "user"]
    search_fields = ["name"]
