"""Expressing interest: the page that starts a partnership from a need, an offer or an
organisation, and what the person is told after it."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from pobratym.accounts.rules import is_editor_of
from pobratym.core.errors import ApplicationError, NotFound, PermissionRefused
from pobratym.core.submissions import once_per_submission
from pobratym.core.viewer import signed_in
from pobratym.core.web import apply_errors, refused
from pobratym.directory.models import Association, Authority
from pobratym.directory.organisations import Organisation, organisation_by_key, organisation_key
from pobratym.exchange.models import Need, Offer
from pobratym.exchange.selectors import (
    need_for_viewer,
    offer_for_viewer,
    open_needs_sharing_a_sector,
    open_offers_sharing_a_sector,
)

from .. import services
from ..forms import ExpressInterestForm
from ..selectors.partnerships import acting_organisations
from .common import _form_page

RecordT = TypeVar("RecordT")


def _seen(find: Callable[[], RecordT]) -> RecordT | None:
    """The record the viewer may see; None for one they may not (or that is not there)."""
    try:
        return find()
    except NotFound:
        return None


def _interest_target(request: HttpRequest) -> tuple[Organisation | None, Need | None, Offer | None]:
    """The other side, from ?need=, ?offer=, ?authority= or ?association= (a slug)."""
    query = request.GET
    if query.get("need", "").isdigit():
        need = _seen(lambda: need_for_viewer(pk=int(query["need"]), viewer=request.user))
        return (need.authority, need, None) if need is not None else (None, None, None)
    if query.get("offer", "").isdigit():
        offer = _seen(lambda: offer_for_viewer(pk=int(query["offer"]), viewer=request.user))
        return (offer.organisation, None, offer) if offer is not None else (None, None, None)
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
        for o in acting_organisations(viewer=request.user)
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
        organisation = organisation_by_key(data["from_organisation"])
        assert organisation is not None  # one of the choices
        try:
            result = services.partnership_express_interest(
                from_organisation=organisation,
                to_organisation=target,
                need=need or (own_needs or {}).get(data.get("need", "")),
                offer=offer or (own_offers or {}).get(data.get("offer", "")),
                note=data["note"],
                actor=signed_in(request),
            )
        except PermissionRefused as error:
            return refused(request, error)
        except ApplicationError as error:
            apply_errors(form, error)
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
