"""The admin is a way to write too: every save and delete there leaves an audit record."""

from typing import Any, Generic, TypeVar

from django.contrib import admin
from django.db import models
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from .audit import audit_record, changes_between, snapshot
from .models import AuditRecord

Audited = TypeVar("Audited", bound=Model)


class AuditedModelAdmin(admin.ModelAdmin[Audited], Generic[Audited]):
    # Web addresses typed without a scheme are https, as in the platform's own forms.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(
        self, request: HttpRequest, obj: Audited, form: ModelForm[Audited], change: bool
    ) -> None:
        fields = [name for name in form.changed_data if name in form.fields]
        before: dict[str, Any] = {}
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = snapshot(stored, fields) if stored is not None else {}
        super().save_model(request, obj, form, change)
        verb = f"{obj._meta.model_name}.{'updated' if change else 'created'}"
        audit_record(
            actor=request.user,
            verb=verb,
            target=obj,
            changes=changes_between(before, snapshot(obj, fields)),
            details={"via": "admin"},
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        # Inline rows (memberships on an authority, say) are writes of their own.
        for obj in formset.new_objects:
            audit_record(
                actor=request.user,
                verb=f"{obj._meta.model_name}.created",
                target=obj,
                details={"via": "admin"},
            )
        for obj, changed in formset.changed_objects:
            audit_record(
                actor=request.user,
                verb=f"{obj._meta.model_name}.updated",
                target=obj,
                details={"via": "admin", "fields": list(changed)},
            )
        for obj in formset.deleted_objects:
            audit_record(
                actor=request.user,
                verb=f"{obj._meta.model_name}.deleted",
                actor_label="",
                details={"via": "admin", "record": str(obj)},
            )

    def delete_model(self, request: HttpRequest, obj: Audited) -> None:
        audit_record(
            actor=request.user,
            verb=f"{obj._meta.model_name}.deleted",
            target=obj,
            details={"via": "admin"},
        )
        super().delete_model(request, obj)


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin[AuditRecord]):
    """Read-only: the audit cannot be edited, not even by staff."""

    list_display = ["created_at", "actor_label", "verb", "target_label"]
    list_filter = ["verb"]
    search_fields = ["actor_label", "verb", "target_label"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
