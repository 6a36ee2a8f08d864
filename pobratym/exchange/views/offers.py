"""The pages that publish, edit and close an offer."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from pobratym.core.submissions import once_per_submission
from pobratym.core.viewer import signed_in
from pobratym.core.web import visible_or_404
from pobratym.directory.organisations import Organisation

from .. import selectors, services
from ..enums import OfferStatus
from ..forms import OfferForm
from ..models import Offer
from .records import (
    edit_page,
    ending_page,
    publish_page,
    with_requested,
)


def _offer_values(data: dict[str, Any]) -> dict[str, Any]:
    """What the offer form gives the services, publish and update alike."""
    names = ("kind", "title", "description", "sectors", "capacity", "visibility")
    return {
        **{name: data[name] for name in names},
        "staff_languages": OfferForm.language_codes(data["staff_languages"]),
    }


@login_required
@once_per_submission
def offer_create(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_publishing_offers(viewer=request.user)

    def publish(
        organisation: Organisation, data: dict[str, Any], items: list[services.ItemIn]
    ) -> Offer:
        return services.offer_publish(
            organisation=organisation, items=items, actor=signed_in(request), **_offer_values(data)
        )

    return publish_page(
        request,
        kind="offer",
        organisations=with_requested(request, organisations, "exchange.publish_offer"),
        form_class=OfferForm,
        publish=publish,
        saved_message=_("The offer is published."),
        title=_("Publish an offer"),
    )


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = visible_or_404(selectors.offer_for_viewer, request, pk)

    def save(data: dict[str, Any], items: list[services.ItemIn]) -> Offer:
        return services.offer_update(
            offer=offer, items=items, actor=signed_in(request), **_offer_values(data)
        )

    return edit_page(
        request,
        offer,
        permission="exchange.change_offer",
        unchangeable=_("This offer is closed; it can no longer be changed.")
        if offer.status == OfferStatus.CLOSED
        else None,
        form_class=OfferForm,
        form_kwargs={},
        initial={
            "kind": offer.kind,
            "capacity": offer.capacity,
            "staff_languages": ", ".join(offer.staff_language_codes),
        },
        save=save,
        saved_message=_("The offer is saved."),
        context={"title": _("Edit the offer"), "kind": "offer"},
    )


@login_required
def offer_close(request: HttpRequest, pk: int) -> HttpResponse:
    offer = visible_or_404(selectors.offer_for_viewer, request, pk)
    return ending_page(
        request,
        offer,
        permission="exchange.change_offer",
        end=lambda: services.offer_close(offer=offer, actor=signed_in(request)),
        ended_message=_("The offer is closed."),
        confirm={
            "title": _("Close the offer"),
            "explanation": _(
                "A closed offer stays visible, marked as closed, and can no longer be changed."
            ),
            "button": _("Close the offer"),
        },
    )
