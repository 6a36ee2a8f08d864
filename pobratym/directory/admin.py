from django.contrib import admin

from .models import Association, Authority, Country, Membership, Region


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin[Country]):
    list_display = ["code", "name_en", "name_uk"]
    search_fields = ["code", "name_en", "name_uk"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
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
class AuthorityAdmin(admin.ModelAdmin[Authority]):
    list_display = ["name", "kind", "country", "region", "population", "frontline_status"]
    list_filter = ["kind", "frontline_status", "is_section", "country"]
    search_fields = ["name", "name_uk", "name_en", "official_code"]
    raw_id_fields = ["region", "raion", "section_of"]
    readonly_fields = ["search_key"]
    inlines = [MembershipInline]
    list_select_related = ["country", "region"]


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin[Association]):
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "name_uk", "name_en", "acronym"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["association", "authority", "member_association", "status", "since"]
    list_filter = ["status", "association"]
    raw_id_fields = ["authority"]
    autocomplete_fields = ["association", "member_association"]
