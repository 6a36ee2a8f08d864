"""The pages that publish, edit and withdraw a need."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from pobratym.core.submissions import once_per_submission
from pobratym.core.viewer import signed_in
from pobratym.core.web import visible_or_404
from pobratym.directory.models import Authority
from pobratym.directory.organisations import Organisation

from .. import selectors, services
from ..enums import NeedStatus
from ..forms import NeedForm
from ..models import Need
from .records import (
    edit_page,
    ending_page,
    plain_number,
    publish_page,
    with_requested,
)


def _need_values(data: dict[str, Any]) -> dict[str, Any]:
    """What the need form gives the services, publish and update alike (status aside)."""
    names = ("title", "description", "sectors", "urgency", "estimated_cost_eur", "visibility")
    return {name: data[name] for name in names}


@login_required
@once_per_submission
def need_create(request: HttpRequest) -> HttpResponse:
    authorities: list[Organisation] = [*selectors.authorities_publishing_needs(viewer=request.user)]
    authorities = with_requested(request, authorities, "exchange.publish_need")
    authorities = [a for a in authorities if isinstance(a, Authority) and a.is_ukrainian]

    def publish(
        authority: Organisation, data: dict[str, Any], items: list[services.ItemIn]
    ) -> Need:
        assert isinstance(authority, Authority)
        return services.need_publish(
            authority=authority, items=items, actor=signed_in(request), **_need_values(data)
        )

    return publish_page(
        request,
        kind="need",
        organisations=authorities,
        form_class=NeedForm,
        publish=publish,
        saved_message=_("The need is published."),
        title=_("Publish a need"),
    )


@login_required
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = visible_or_404(selectors.need_for_viewer, request, pk)

    def save(data: dict[str, Any], items: list[services.ItemIn]) -> Need:
        return services.need_update(
            need=need,
            items=items,
            status=data["status"],
            actor=signed_in(request),
            **_need_values(data),
        )

    return edit_page(
        request,
        need,
        permission="exchange.change_need",
        unchangeable=_("This need was withdrawn; it can no longer be changed.")
        if need.status == NeedStatus.WITHDRAWN
        else None,
        form_class=NeedForm,
        form_kwargs={"editing": True},
        initial={
            "urgency": need.urgency,
            "estimated_cost_eur": plain_number(need.estimated_cost_eur),
            "status": need.status,
        },
        save=save,
        saved_message=_("The need is saved."),
        context={"title": _("Edit the need"), "kind": "need"},
    )


@login_required
def need_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    need = visible_or_404(selectors.need_for_viewer, request, pk)
    return ending_page(
        request,
        need,
        permission="exchange.change_need",
        end=lambda: services.need_withdraw(need=need, actor=signed_in(request)),
        ended_message=_("The need is withdrawn."),
        confirm={
            "title": _("Withdraw the need"),
            "explanation": _(
                "A withdrawn need stays visible, marked as withdrawn, and can no longer be changed."
            ),
            "button": _("Withdraw"),
        },
    )
