"""What portal adds to pages of lower apps (pobratym/core/sections.py): on an organisation's
profile, "I work here — join as editor", its open needs and offers, and its partnerships; on
the account page, what waits for the viewer. Each read goes through its domain's viewer-aware
selector, so nobody sees here what they may not see elsewhere."""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString

from pobratym.accounts.selectors import PendingClaim, claim_verifiers, membership_of
from pobratym.core.sections import register, render_section
from pobratym.core.viewer import Viewer
from pobratym.directory.models import Authority
from pobratym.directory.organisations import Organisation
from pobratym.exchange.selectors import (
    NeedFilters,
    OfferFilters,
    need_list_for_viewer,
    offer_list_for_viewer,
)
from pobratym.matching.selectors import hromadas_for_authority
from pobratym.partnerships.selectors.partnerships import partnership_list_for_viewer

from .selectors import waiting_for


def join_as_editor(request: HttpRequest, organisation: Organisation) -> SafeString | None:
    """ "I work here — join as editor" for whoever does not work for it yet; a pending claim is
    shown with who verifies it instead; nothing for its verified members."""
    membership = membership_of(viewer=request.user, organisation=organisation)
    if membership is not None and membership.is_verified:
        return None
    pending = (
        PendingClaim(membership=membership, verifiers=claim_verifiers(membership))
        if membership is not None
        else None
    )
    return render_section(
        request,
        "portal/_join.html",
        {
            "organisation": organisation,
            "pending_claim": pending,
            "query": (
                f"authority={organisation.pk}"
                if isinstance(organisation, Authority)
                else f"association={organisation.slug}"
            ),
        },
    )


def needs_and_offers(request: HttpRequest, organisation: Organisation) -> SafeString | None:
    """The organisation's open needs and offers the viewer may see."""
    if isinstance(organisation, Authority):
        needs = list(
            need_list_for_viewer(
                viewer=request.user, filters=NeedFilters(authority=organisation.pk)
            )
        )
        offers = list(
            offer_list_for_viewer(
                viewer=request.user, filters=OfferFilters(authority=organisation.pk)
            )
        )
    else:
        needs = []
        offers = list(
            offer_list_for_viewer(
                viewer=request.user, filters=OfferFilters(association=organisation.pk)
            )
        )
    return render_section(
        request,
        "portal/_records.html",
        {"organisation": organisation, "needs": needs, "offers": offers},
    )


def partnerships(request: HttpRequest, organisation: Organisation) -> SafeString | None:
    """The organisation's partnerships the viewer may see (declined and withdrawn interests
    aside)."""
    return render_section(
        request,
        "portal/_partnerships.html",
        {
            "organisation": organisation,
            "partnerships": list(
                partnership_list_for_viewer(viewer=request.user, organisation=organisation)
            ),
        },
    )


def waiting(request: HttpRequest, user: Viewer) -> SafeString | None:
    return render_section(
        request,
        "portal/_waiting.html",
        {"waiting": waiting_for(viewer=user, today=timezone.localdate())},
    )


def recommendations(request: HttpRequest, organisation: Organisation) -> SafeString | None:
    """On an offering authority's profile, the communities its offers fit best."""
    if not isinstance(organisation, Authority):
        return None
    found = hromadas_for_authority(authority=organisation, viewer=request.user)
    if found is None:  # no open offer: nothing to say
        return None
    return render_section(
        request, "portal/_profile_recommendations.html", {"recommendations": found}
    )


def register_sections() -> None:
    register("directory.profile.actions", join_as_editor)
    register("directory.profile", needs_and_offers)
    register("directory.profile", partnerships)
    register("directory.profile", recommendations)
    register("accounts.home", waiting)
