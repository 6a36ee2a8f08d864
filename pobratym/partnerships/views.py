"""Partnership pages: each write is a form, one service call, then a redirect; refusals and
invalid input come back from the services."""

from collections.abc import Callable
from typing import Any, TypeVar

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from pobratym.accounts.rules import is_editor_of
from pobratym.core.errors import ApplicationError, InvalidInput, NotFound, PermissionRefused
from pobratym.core.submissions import once_per_submission
from pobratym.core.web import refused
from pobratym.directory.models import Association, Authority
from pobratym.directory.selectors import association_choices
from pobratym.exchange.forms import organisation_key
from pobratym.exchange.models import Need, Offer

from . import selectors, services
from .calendar import partnership_calendar
from .enums import PartnershipState
from .forms import (
    ActivityForm,
    AgreementForm,
    ExpressInterestForm,
    FollowUpForm,
    FollowUpFormSet,
    MessageForm,
    PartnershipForm,
    ProjectForm,
    SignatoryFormSet,
    TransitionForm,
)
from .models import Activity, Agreement, CalendarFeed, FollowUp, Partnership
from .transitions import next_states

PAGE_SIZE = 25
Organisation = Authority | Association
ModelT = TypeVar("ModelT", bound=Model)

# What each button says: the state a partnership moves to, as an action.
ACTION_LABELS = {
    PartnershipState.IN_DIALOGUE: gettext_lazy("Accept and start the dialogue"),
    PartnershipState.DECLINED: gettext_lazy("Decline"),
    PartnershipState.WITHDRAWN: gettext_lazy("Withdraw our interest"),
    PartnershipState.AGREEMENT_SIGNED: gettext_lazy("Record the agreement as signed"),
    PartnershipState.ACTIVE: gettext_lazy("Mark as active"),
    PartnershipState.DORMANT: gettext_lazy("Mark as dormant"),
    PartnershipState.ENDED: gettext_lazy("End the partnership"),
}


def _organisation_by_key(key: str) -> Organisation | None:
    kind, _sep, pk = key.partition(":")
    if not pk.isdigit():
        return None
    if kind == "authority":
        return Authority.objects.filter(pk=int(pk)).first()
    if kind == "association":
        return Association.objects.filter(pk=int(pk)).first()
    return None


def _partnership(request: HttpRequest, pk: int) -> Partnership:
    try:
        return selectors.partnership_for_viewer(pk=pk, viewer=request.user)
    except NotFound as missing:
        raise Http404 from missing


def _visible_child(request: HttpRequest, model: type[ModelT], pk: int, path: str) -> ModelT:
    """A record of a partnership the viewer may see (path: the lookup to its partnership)."""
    record = get_object_or_404(model, pk=pk)
    partnership_pk = model._default_manager.filter(pk=pk).values_list(path, flat=True).get()
    _partnership(request, partnership_pk)
    return record


def _place_errors(
    form: forms.Form,
    error: ApplicationError,
    formsets: dict[str, tuple[forms.BaseFormSet[Any], list[int]]] | None = None,
) -> None:
    """Each field error on its field, or on its formset row ("items.2.quantity")."""
    fields = error.extra.get("fields", {}) if isinstance(error, InvalidInput) else {}
    for key, message in fields.items():
        prefix, _dot, rest = key.partition(".")
        if formsets and prefix in formsets and rest:
            formset, rows = formsets[prefix]
            position, _dot, field = rest.partition(".")
            formset.forms[rows[int(position)]].add_error(field or None, message)
        else:
            form.add_error(key if key in form.fields else None, message)
    if not fields:
        form.add_error(None, error.message)


def _form_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "partnerships/form.html", context)


def _attempt(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[], Any],
    *,
    saved: str,
    formsets: dict[str, tuple[forms.BaseFormSet[Any], list[int]]] | None = None,
) -> HttpResponse | None:
    """Run the write; a redirect to what it returns, a 403 page, or None (errors on the form)."""
    try:
        record = write()
    except PermissionRefused as error:
        return refused(request, error)
    except ApplicationError as error:
        _place_errors(form, error, formsets)
        return None
    messages.success(request, saved)
    return redirect(record)


# Lists ------------------------------------------------------------------------------------


@require_safe
def partnership_list(request: HttpRequest) -> HttpResponse:
    """The partnerships the viewer may see; signed in, the ones they work on come first."""
    partnerships = selectors.partnership_list_for_viewer(viewer=request.user)
    mine = (
        list(selectors.partnership_list_for_viewer(viewer=request.user, mine=True)[:50])
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "partnerships/list.html",
        {
            "mine": mine,
            "page": Paginator(partnerships, PAGE_SIZE).get_page(request.GET.get("page")),
            "query_without_page": "",
        },
    )


# Detail -----------------------------------------------------------------------------------


def _transition_buttons(partnership: Partnership, user: Any) -> list[tuple[str, str]]:
    states = list(next_states(partnership.state))
    if partnership.state == PartnershipState.INTEREST_EXPRESSED:
        # The other side answers an interest; the side that expressed it may withdraw it.
        if not rules.has_perm("partnerships.accept", user, partnership):
            states.remove(PartnershipState.IN_DIALOGUE)
            states.remove(PartnershipState.DECLINED)
        if not rules.has_perm("partnerships.withdraw", user, partnership):
            states.remove(PartnershipState.WITHDRAWN)
    return [(state, str(ACTION_LABELS[PartnershipState(state)])) for state in states]


@require_safe
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    can_change = rules.has_perm("partnerships.change", request.user, partnership)
    deliveries = selectors.deliveries_shown(partnership, request.user)
    visible_need_ids, visible_offer_ids = selectors.linked_records_shown(
        partnership, deliveries, request.user
    )
    return render(
        request,
        "partnerships/detail.html",
        {
            "partnership": partnership,
            "parties": list(partnership.parties.all()),
            "can_change": can_change,
            "can_see_documents": rules.has_perm(
                "partnerships.view_documents", request.user, partnership
            ),
            "buttons": _transition_buttons(partnership, request.user) if can_change else [],
            "can_answer": rules.has_perm("partnerships.accept", request.user, partnership),
            "transition_form": TransitionForm(),
            "message_form": MessageForm(),
            "contacts": selectors.party_contacts_for_viewer(
                partnership=partnership, viewer=request.user
            ),
            "deliveries": [
                (
                    delivery,
                    rules.has_perm("partnerships.receive_delivery", request.user, delivery),
                )
                for delivery in deliveries
            ],
            "visible_need_ids": visible_need_ids,
            "visible_offer_ids": visible_offer_ids,
            "totals": selectors.delivery_totals(
                viewer=request.user, by="partnership", partnership=partnership
            ),
            "today": timezone.localdate(),
        },
    )


# Starting a partnership and moving it on --------------------------------------------------


def _interest_target(request: HttpRequest) -> tuple[Organisation | None, Need | None, Offer | None]:
    """The other side, from ?need=, ?offer=, ?authority= or ?association= (a slug)."""
    query = request.GET
    if query.get("need", "").isdigit():
        from pobratym.exchange.selectors import need_for_viewer

        try:
            need = need_for_viewer(pk=int(query["need"]), viewer=request.user)
        except NotFound:
            return None, None, None
        return need.authority, need, None
    if query.get("offer", "").isdigit():
        from pobratym.exchange.selectors import offer_for_viewer

        try:
            offer = offer_for_viewer(pk=int(query["offer"]), viewer=request.user)
        except NotFound:
            return None, None, None
        return offer.organisation, None, offer
    if query.get("authority", "").isdigit():
        return Authority.objects.filter(pk=int(query["authority"])).first(), None, None
    if query.get("association"):
        return Association.objects.filter(slug=query["association"]).first(), None, None
    return None, None, None


def _own_records(
    own: list[Organisation], need: Need | None, offer: Offer | None
) -> tuple[dict[str, Offer] | None, dict[str, Need] | None]:
    """What the speaking side may name besides the record it is interested in: its open offers
    for a need, its open needs for an offer (None: nothing to choose)."""
    from pobratym.exchange.selectors import (
        open_needs_sharing_a_sector,
        open_offers_sharing_a_sector,
    )

    authorities = [o.pk for o in own if isinstance(o, Authority)]
    if need is not None:
        offers = open_offers_sharing_a_sector(
            need=need,
            authorities=authorities,
            associations=[o.pk for o in own if isinstance(o, Association)],
        )
        return {str(o.pk): o for o in offers}, None
    if offer is not None:
        needs = open_needs_sharing_a_sector(offer=offer, authorities=authorities)
        return None, {str(n.pk): n for n in needs}
    return None, None


def _labelled(records: dict[str, Any] | None) -> list[tuple[str, str]] | None:
    if records is None:
        return None
    return [
        (key, f"{record.title} ({record.organisation.display_name})")
        for key, record in records.items()
    ]


def _interest_outcome(result: services.ExpressedInterest, target: Organisation) -> str:
    """What the person is told after expressing interest: sent, or added to what is open."""
    if result.is_new:
        return _(
            "Your interest was sent to %(organisation)s. Their editors are told by e-mail and "
            "accept or decline it."
        ) % {"organisation": target.display_name}
    link = format_html(
        '<a href="{}">{}</a>',
        result.partnership.get_absolute_url(),
        result.partnership.display_title,
    )
    # Translated texts are trusted; every value put into them is escaped.
    parts = [
        _("You already have a partnership with %(organisation)s under way: %(link)s.")
        % {"organisation": conditional_escape(target.display_name), "link": link}
    ]
    if result.linked:
        titles = "; ".join(f"“{conditional_escape(record.title)}”" for record in result.linked)
        parts.append(_("It now also answers %(titles)s.") % {"titles": titles})
    if result.message is not None:
        parts.append(_("Your note was posted to its thread."))
    if not result.linked and result.message is None:
        parts.append(_("Nothing was added: it already answers what you chose."))
    return mark_safe(" ".join(parts))  # noqa: S308


@login_required
@once_per_submission
def express_interest(request: HttpRequest) -> HttpResponse:
    """The "Express interest" page: ?need=, ?offer=, ?authority= or ?association= names the
    other side; the viewer chooses which of their organisations speaks and, for a need or an
    offer, which of its own offers or needs goes with it."""
    target, need, offer = _interest_target(request)
    if target is None:
        raise Http404
    if is_editor_of(request.user, target):
        return refused(
            request,
            PermissionRefused(
                _("You work for %(organisation)s: interest is expressed in other organisations.")
                % {"organisation": target.display_name}
            ),
        )
    own = [
        o
        for o in selectors.acting_organisations(viewer=request.user)
        if organisation_key(o) != organisation_key(target)
    ]
    if not own:
        return refused(
            request,
            PermissionRefused(_("Only verified editors of an organisation express interest.")),
        )
    own_offers, own_needs = _own_records(own, need, offer)
    form = ExpressInterestForm(
        request.POST or None,
        organisations=[(organisation_key(o), o.display_name) for o in own],
        own_offers=_labelled(own_offers),
        own_needs=_labelled(own_needs),
        # Coming from a recommended pair, the other record of the pair is chosen already.
        initial={
            "offer": request.GET.get("with_offer", ""),
            "need": request.GET.get("with_need", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = _organisation_by_key(data["from_organisation"])
        assert organisation is not None  # one of the choices
        try:
            result = services.partnership_express_interest(
                from_organisation=organisation,
                to_organisation=target,
                need=need or (own_needs or {}).get(data.get("need", "")),
                offer=offer or (own_offers or {}).get(data.get("offer", "")),
                note=data["note"],
                actor=request.user,
            )
        except PermissionRefused as error:
            return refused(request, error)
        except ApplicationError as error:
            _place_errors(form, error)
        else:
            messages.success(request, _interest_outcome(result, target))
            return redirect(result.partnership)
    record = need or offer
    return _form_page(
        request,
        {
            "title": _("Express interest in working with %(organisation)s")
            % {"organisation": target.display_name},
            "intro": " ".join(
                [
                    *([_("About “%(title)s”.") % {"title": record.title}] if record else []),
                    _(
                        "The other side is told and accepts or declines. Once they accept, you "
                        "can write to each other here and see each other's contact persons."
                    ),
                ]
            ),
            "form": form,
            "button": _("Express interest"),
            "back": record.get_absolute_url() if record else target.get_absolute_url(),
        },
    )


@login_required
@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what happens to the partnership."))
        return redirect(partnership)
    try:
        services.partnership_transition(
            partnership=partnership,
            to_state=form.cleaned_data["to_state"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except PermissionRefused as error:
        return refused(request, error)
    except ApplicationError as error:
        fields = error.extra.get("fields", {}) if isinstance(error, InvalidInput) else {}
        messages.error(request, " ".join([error.message, *fields.values()]))
    else:
        messages.success(request, _("The partnership's state was changed."))
    return redirect(partnership)


@login_required
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    if not rules.has_perm("partnerships.change", request.user, partnership):
        return refused(request, PermissionRefused(_("You are not allowed to do this.")))
    associations = association_choices()
    form = PartnershipForm(
        request.POST or None,
        associations=[(str(a.pk), a.display_name) for a in associations],
        initial={
            "kind": partnership.kind,
            "sectors": [s.code for s in partnership.sectors.all()],
            "visibility": partnership.visibility,
            "description": partnership.description,
            "facilitators": [str(a.pk) for a in partnership.facilitators.all()],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = [a for a in associations if str(a.pk) in data["facilitators"]]
        response = _attempt(
            request,
            form,
            lambda: services.partnership_update(
                partnership=partnership,
                kind=data["kind"],
                sectors=data["sectors"],
                visibility=data["visibility"],
                description=data["description"],
                facilitators=chosen,
                actor=request.user,
            ),
            saved=_("The partnership was saved."),
        )
        if response is not None:
            return response
    return _form_page(
        request,
        {"title": _("Edit the partnership"), "form": form, "partnership": partnership},
    )


@login_required
@require_POST
@once_per_submission
def message_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a message first."))
        return redirect(partnership)
    try:
        services.message_post(
            partnership=partnership, body=form.cleaned_data["body"], actor=request.user
        )
    except PermissionRefused as error:
        return refused(request, error)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your message was sent."))
    return redirect(partnership)


# What a partnership holds -----------------------------------------------------------------


def _changing(request: HttpRequest, pk: int) -> Partnership | HttpResponse:
    partnership = _partnership(request, pk)
    if not rules.has_perm("partnerships.change", request.user, partnership):
        return refused(request, PermissionRefused(_("You are not allowed to do this.")))
    return partnership


def _filled_rows(formset: forms.BaseFormSet[Any]) -> list[tuple[int, dict[str, Any]]]:
    return [
        (index, form.cleaned_data)
        for index, form in enumerate(formset.forms)
        if not form.is_blank()
    ]


@login_required
@once_per_submission
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _changing(request, pk)
    if isinstance(partnership, HttpResponse):
        return partnership
    contacts = [
        (str(contact.pk), f"{contact.name} ({group.organisation.display_name})")
        for group in selectors.party_contacts_for_viewer(
            partnership=partnership, viewer=request.user
        )
        for contact in group.contacts
    ]
    form = AgreementForm(request.POST or None, request.FILES or None)
    signatories = SignatoryFormSet(
        request.POST or None, prefix="signatories", form_kwargs={"contacts": contacts}
    )
    if request.method == "POST" and form.is_valid() and signatories.is_valid():
        data = form.cleaned_data
        rows = _filled_rows(signatories)
        people = [
            services.SignatoryIn(
                name=row["name"],
                role=row["role"],
                contact_id=int(row["contact"]) if row["contact"] else None,
            )
            for _index, row in rows
        ]
        response = _attempt(
            request,
            form,
            lambda: (
                services.agreement_add(
                    partnership=partnership,
                    kind=data["kind"],
                    title=data["title"],
                    signed_on=data["signed_on"],
                    valid_until=data["valid_until"],
                    renewal_on=data["renewal_on"],
                    sectors=data["sectors"],
                    signatories=people,
                    notes=data["notes"],
                    document=data["document"],
                    actor=request.user,
                ).partnership
            ),
            saved=_("The agreement was recorded."),
            formsets={"signatories": (signatories, [index for index, _row in rows])},
        )
        if response is not None:
            return response
    return _form_page(
        request,
        {
            "title": _("Record an agreement or memorandum"),
            "form": form,
            "formsets": [(_("Signatories"), signatories)],
            "multipart": True,
            "partnership": partnership,
        },
    )


@login_required
@require_safe
def agreement_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The signed document, to those who may see it, always as a download: never rendered from
    the platform's origin, where a crafted file could run as part of the site."""
    agreement = _visible_child(request, Agreement, pk, "partnership_id")
    if not agreement.document or not rules.has_perm(
        "partnerships.view_documents", request.user, agreement.partnership
    ):
        raise Http404
    response = FileResponse(
        agreement.document.open("rb"),
        as_attachment=True,
        filename=agreement.document_name or "document",
        content_type=agreement.document_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@once_per_submission
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _changing(request, pk)
    if isinstance(partnership, HttpResponse):
        return partnership
    form = ActivityForm(request.POST or None)
    followups = FollowUpFormSet(request.POST or None, prefix="followups")
    if request.method == "POST" and form.is_valid() and followups.is_valid():
        data = form.cleaned_data
        rows = _filled_rows(followups)
        response = _attempt(
            request,
            form,
            lambda: (
                services.activity_add(
                    partnership=partnership,
                    kind=data["kind"],
                    title=data["title"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    place=data["place"],
                    link=data["link"],
                    participants=data["participants"],
                    agenda=data["agenda"],
                    minutes=data["minutes"],
                    followups=[
                        services.FollowUpIn(
                            text=row["text"], owner=row["owner"], due_on=row["due_on"]
                        )
                        for _index, row in rows
                    ],
                    actor=request.user,
                ).partnership
            ),
            saved=_("The activity was recorded."),
            formsets={"followups": (followups, [index for index, _row in rows])},
        )
        if response is not None:
            return response
    return _form_page(
        request,
        {
            "title": _("Record an activity"),
            "form": form,
            "formsets": [(_("Follow-up actions"), followups)],
            "partnership": partnership,
        },
    )


@login_required
@once_per_submission
def followup_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _visible_child(request, Activity, pk, "partnership_id")
    # As every other form of a partnership: refused before it is filled in, not after.
    changing = _changing(request, activity.partnership_id)
    if isinstance(changing, HttpResponse):
        return changing
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = _attempt(
            request,
            form,
            lambda: (
                services.followup_add(
                    activity=activity,
                    text=data["text"],
                    owner=data["owner"],
                    due_on=data["due_on"],
                    actor=request.user,
                ).activity.partnership
            ),
            saved=_("The follow-up action was added."),
        )
        if response is not None:
            return response
    return _form_page(
        request,
        {
            "title": _("Add a follow-up action"),
            "form": form,
            "partnership": activity.partnership,
        },
    )


@login_required
@require_POST
def followup_done(request: HttpRequest, pk: int) -> HttpResponse:
    followup = _visible_child(request, FollowUp, pk, "activity__partnership_id")
    try:
        services.followup_mark_done(
            followup=followup, done=request.POST.get("done") != "0", actor=request.user
        )
    except PermissionRefused as error:
        return refused(request, error)
    return redirect(followup.activity.partnership)


@login_required
@once_per_submission
def project_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _changing(request, pk)
    if isinstance(partnership, HttpResponse):
        return partnership
    needs = {str(n.pk): n for n in selectors.needs_for_projects(partnership, request.user)}
    form = ProjectForm(
        request.POST or None,
        needs=[(key, f"{n.title} ({n.authority.display_name})") for key, n in needs.items()],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = _attempt(
            request,
            form,
            lambda: (
                services.project_add(
                    partnership=partnership,
                    title=data["title"],
                    budget_eur=data["budget_eur"],
                    funding_source=data["funding_source"],
                    status=data["status"],
                    dream_id=data["dream_id"],
                    needs=[needs[key] for key in data["needs"]],
                    actor=request.user,
                ).partnership
            ),
            saved=_("The joint project was recorded."),
        )
        if response is not None:
            return response
    return _form_page(
        request,
        {"title": _("Record a joint project"), "form": form, "partnership": partnership},
    )


# Calendars --------------------------------------------------------------------------------


def _ics(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response


@require_safe
def partnership_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One partnership's calendar, for whoever may see the partnership."""
    partnership = _partnership(request, pk)
    return _ics(
        partnership_calendar(name=partnership.display_title, partnerships=[partnership]),
        f"partnership-{partnership.pk}",
    )


@require_safe
def organisation_ics(request: HttpRequest, token: str) -> HttpResponse:
    """An organisation's calendar at its secret address: calendar programs cannot sign in."""
    feed = CalendarFeed.objects.select_related("authority", "association").filter(token=token)
    found = feed.first()
    if found is None:
        raise Http404
    partnerships = selectors.partnerships_of(found.organisation)
    return _ics(
        partnership_calendar(name=found.organisation.display_name, partnerships=partnerships),
        "partnerships",
    )


@login_required
def calendars(request: HttpRequest) -> HttpResponse:
    """The viewer's organisations' calendar addresses; a new address revokes the old one."""
    if request.method == "POST":
        chosen = _organisation_by_key(request.POST.get("organisation", ""))
        if chosen is None:
            raise Http404
        try:
            services.calendar_feed_rotate(organisation=chosen, actor=request.user)
        except PermissionRefused as error:
            return refused(request, error)
        messages.success(
            request, _("The calendar address was made; any earlier one no longer works.")
        )
        return redirect("partnerships:calendars")
    rows = [
        (
            organisation,
            organisation_key(organisation),
            request.build_absolute_uri(reverse("partnerships:organisation_ics", args=[token]))
            if token
            else "",
        )
        for organisation, token in selectors.calendar_tokens(viewer=request.user)
    ]
    return render(request, "partnerships/calendars.html", {"rows": rows})
