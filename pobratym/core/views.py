"""The secretariat's audit page: browse and filter every recorded write. And /health/, where
load balancers and monitors ask whether this process can serve."""

import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import health, selectors
from .audit import verb_group_label, verb_label
from .errors import PermissionRefused
from .i18n import alphabetical
from .models import AuditRecord
from .web import paginated, refused

PAGE_SIZE = 50

# "any" agrees with the field's noun in Ukrainian (будь-яка дія, будь-який тип запису).
_ANY_ACTION = ("", pgettext_lazy("any action", "any"))
_ANY_KIND_OF_RECORD = ("", pgettext_lazy("any kind of record", "any"))


def _date_input() -> forms.DateInput:
    # ISO format, because a browser's date picker sends and expects it in every language.
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


Choices = list[tuple[str, Any]]


def _verb_choices(verbs: list[str]) -> Choices:
    """One group per kind of action ("Needs"), led by an option for the whole group; groups
    and actions in words, alphabetically in the reader's language."""
    groups: dict[str, Choices] = {}
    lone: Choices = []
    for verb in verbs:
        prefix, dot, _rest = verb.partition(".")
        if not dot:
            lone.append((verb, verb_label(verb) or verb))
            continue
        groups.setdefault(prefix, []).append((verb, verb_label(verb) or verb))
    by_label = alphabetical(
        ((verb_group_label(prefix), prefix, choices) for prefix, choices in groups.items()),
        by=lambda group: group[0],
    )
    return [
        _ANY_ACTION,
        *alphabetical(lone, by=lambda choice: str(choice[1])),
        *(
            (
                label,
                [
                    (f"{prefix}.", gettext("%(group)s: every action") % {"group": label}),
                    *alphabetical(choices, by=lambda choice: str(choice[1])),
                ],
            )
            for label, prefix, choices in by_label
        ),
    ]


def _kind_choices(kinds: list[ContentType]) -> Choices:
    return [
        _ANY_KIND_OF_RECORD,
        *((f"{kind.app_label}.{kind.model}", capfirst(kind.name)) for kind in kinds),
    ]


class AuditFilterForm(forms.Form):
    """Every field optional; a wrong value is named on the page and left out of the filter."""

    actor = forms.CharField(
        label=capfirst(_("who")),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Part of an e-mail address."),
    )
    verb = forms.ChoiceField(label=capfirst(_("what")), required=False)
    target_type = forms.ChoiceField(label=capfirst(_("kind of record")), required=False)
    date_from = forms.DateField(
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=_date_input(),
    )
    date_to = forms.DateField(
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=_date_input(),
    )

    def __init__(self, *args: Any, choices: selectors.AuditFilterChoices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        verb_field = self.fields["verb"]
        kind_field = self.fields["target_type"]
        assert isinstance(verb_field, forms.ChoiceField)
        assert isinstance(kind_field, forms.ChoiceField)
        verb_field.choices = _verb_choices(choices.verbs)
        kind_field.choices = _kind_choices(choices.kinds)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def filters(self) -> dict[str, Any]:
        """The valid part of the submitted filters, as the selector's keyword arguments."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "actor": data.get("actor") or "",
            "verb": data.get("verb") or "",
            "target_type": data.get("target_type") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


@dataclass(frozen=True)
class AuditRow:
    record: AuditRecord
    action: str | None  # the verb in words; None for a verb nobody named (the code is shown)
    changes: list[tuple[str, str, str]]  # field label, before, after
    details: list[tuple[str, str]]


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _field_label(kind: ContentType | None, name: str) -> str:
    """The field's name as forms show it; the stored name when the model no longer has it."""
    model = kind.model_class() if kind is not None else None
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(capfirst(getattr(field, "verbose_name", name)))


def _row(record: AuditRecord) -> AuditRow:
    changes = record.changes if isinstance(record.changes, dict) else {}
    details = record.details if isinstance(record.details, dict) else {}
    return AuditRow(
        record=record,
        action=verb_label(record.verb),
        changes=[
            (_field_label(record.target_type, name), _shown(pair[0]), _shown(pair[1]))
            for name, pair in sorted(changes.items())
            if isinstance(pair, list) and len(pair) == 2
        ],
        details=[(key, _shown(value)) for key, value in sorted(details.items())],
    )


@login_required
@require_safe
def audit_list(request: HttpRequest) -> HttpResponse:
    """The secretariat's audit; anyone else signed in gets the 403 page."""
    try:
        choices = selectors.audit_filter_choices(viewer=request.user)
    except PermissionRefused as error:
        return refused(request, error)
    form = AuditFilterForm(request.GET or None, choices=choices)
    records = selectors.audit_list_for_viewer(viewer=request.user, **form.filters())
    listing = paginated(request, records, PAGE_SIZE)
    return render(
        request,
        "core/audit_list.html",
        {
            "form": form,
            **listing,
            "rows": [_row(record) for record in listing["page"].object_list],
        },
    )


@never_cache
@require_safe
def health_check(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and the task queue is reachable, else 503 naming what
    failed; JSON whatever happens, and never stored by a cache on the way."""
    database_problem = health.database_problem()
    tasks_fine, tasks = health.tasks_state()
    fine = database_problem is None and tasks_fine
    return JsonResponse(
        {
            "status": "ok" if fine else "unavailable",
            "database": database_problem or "ok",
            "tasks": tasks,
        },
        status=200 if fine else 503,
    )


@never_cache
@require_safe
def health_live(request: HttpRequest) -> JsonResponse:
    """The process answers at all: for a liveness probe, which restarts a process that fails it.
    It asks nothing of the database: a database outage must not restart every web process."""
    return JsonResponse({"status": "ok"})
