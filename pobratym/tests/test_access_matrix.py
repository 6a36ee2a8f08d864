"""Every page and every API operation against every role: what each one gets.

The table below names each page (by its URL name) and each API operation (by path and method)
with what GET, and for a page that writes, POST with a valid-looking form, answers each role
(see access_world.py for the world and its roles). A page or operation added without a row
fails test_every_page_and_operation_is_in_the_table. A refused POST leaves no trace: no row
added, changed or removed anywhere, no audit record. Every request runs in a savepoint rolled
back afterwards, so that one world serves the whole table.
"""

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import Count, Max
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.api import api
from pobratym.tests.access_world import (
    COLLEAGUE_EMAIL,
    CONSENTED_EMAIL,
    PARTNERSHIP_DESCRIPTION,
    PRIVATE_NEED_TITLE,
    ROLES,
    World,
    make_world,
    sign_in_as,
)

# What a role gets. SIGN_IN: redirected to the sign-in page; DONE: redirected elsewhere (a
# write done, or a step that leads on); BAD: the request itself is wrong (400).
OK, DONE, BAD, REFUSED, HIDDEN, NOT_ALLOWED, SIGN_IN = 200, 302, 400, 403, 404, 405, "sign-in"
Outcomes = tuple[int | str, ...]


def each(outcome: int | str) -> Outcomes:
    return (outcome,) * len(ROLES)


@dataclass(frozen=True)
class Row:
    args: Callable[[World], list[Any]]
    get: Outcomes
    post: Outcomes | None = None  # None: the page does not write (POST is not tried)
    data: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    query: Callable[[World], str] = field(default=lambda w: "")


def none(w: World) -> list[Any]:
    return []


def authority(w: World) -> list[Any]:
    return ["authority", w.korosten.pk]


def formset(prefix: str, forms: int) -> dict[str, str]:
    """A formset's management form for this many rows."""
    return {
        f"{prefix}-TOTAL_FORMS": str(forms),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def need_form(w: World, **extra: str) -> dict[str, str]:
    return {
        "organisation": f"authority:{w.korosten.pk}",
        "title": "Генератори для лікарні та шкіл",
        "description": "Громада потребує генераторів, щоб лікарня працювала.",
        "sectors": "energy.generators",
        "urgency": "high",
        "visibility": "public",
        **formset("items", 0),
        **extra,
    }


def offer_form(w: World) -> dict[str, str]:
    return {
        "organisation": f"authority:{w.bourges.pk}",
        "kind": "equipment",
        "title": "Groupes électrogènes",
        "description": "Nous donnons des groupes électrogènes à une commune ukrainienne.",
        "sectors": "energy.generators",
        "visibility": "public",
        "capacity": "2",
        "staff_languages": "fr, en",
        **formset("items", 0),
    }


# Named patterns left out of the table, each for its reason.
EXCLUDED_NAMESPACES = {
    # Django's admin: staff only, behind its own sign-in (accounts/tests/test_admin_access.py).
    "admin",
}
EXCLUDED_NAMES = {
    # The language switch writes only the visitor's own cookie (core/tests/test_i18n.py).
    "set_language",
    # The API's description and its documentation page: public by design, read in
    # core/tests/test_api_schema.py and test_browser_api_docs.py.
    "api:openapi-json",
    "api:openapi-view",
    # ninja's base address, from which it builds the others; no operation answers there.
    "api:api-root",
}

# fmt: off
#   roles:                 anonymous  unconfirmed pending_claim editor other_editor partner facilitator unrelated_facilitator secretariat
PAGES: dict[str, Row] = {
    "home": Row(
        none,
        get=each(OK),
    ),
    "directory:list": Row(
        none,
        get=each(OK),
    ),
    "directory:authority": Row(
        lambda w: [w.korosten.pk],
        get=each(OK),
    ),
    "directory:associations": Row(
        none,
        get=each(OK),
    ),
    "directory:association": Row(
        lambda w: [w.auc.slug],
        get=each(OK),
    ),
    "directory:authority_edit": Row(
        lambda w: [w.korosten.pk],
        get=(SIGN_IN, SIGN_IN, REFUSED, OK, REFUSED, REFUSED, OK, REFUSED, OK),
        post=(SIGN_IN, SIGN_IN, REFUSED, DONE, REFUSED, REFUSED, DONE, REFUSED, DONE),
        data=lambda w: {"website": "https://korosten.example", "description": "Місто на річці Уж.", "description_language": "uk"},
    ),
    "directory:authority_curate": Row(
        lambda w: [w.korosten.pk],
        get=(SIGN_IN, SIGN_IN, REFUSED, REFUSED, REFUSED, REFUSED, OK, REFUSED, OK),
        post=(SIGN_IN, SIGN_IN, REFUSED, REFUSED, REFUSED, REFUSED, DONE, REFUSED, DONE),
        data=lambda w: {"name_uk": "Коростенська громада", "name_en": "Korosten hromada", "frontline_status": "frontline", "frontline_source": "Наказ Мінрозвитку № 376", "frontline_as_of": "2025-03-01"},
    ),
    "directory:authority_merge": Row(
        lambda w: [w.korosten.pk],
        get=(SIGN_IN, SIGN_IN, REFUSED, REFUSED, REFUSED, REFUSED, OK, REFUSED, OK),
        post=(SIGN_IN, SIGN_IN, REFUSED, REFUSED, REFUSED, REFUSED, OK, REFUSED, DONE),
        data=lambda w: {"target": w.bourges.pk},
    ),
    "directory:contact_add": Row(
        authority,
        get=(SIGN_IN, SIGN_IN, REFUSED, OK, REFUSED, REFUSED, OK, REFUSED, OK),
        post=(SIGN_IN, SIGN_IN, REFUSED, DONE, REFUSED, REFUSED, DONE, REFUSED, DONE),
        data=lambda w: {"name": "Марія Бондар", "email": "maria@korosten.example", "consented": "on"},
    ),
    "accounts:write": Row(
        authority,
        get=(SIGN_IN, SIGN_IN, OK, OK, OK, OK, OK, OK, OK),
        post=(SIGN_IN, SIGN_IN, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
        data=lambda w: {"subject": "Генератори", "body": "Чи потрібні вам ще генератори?"},
    ),
    "directory:contact_edit": Row(
        lambda w: [w.contact.pk],
        get=(SIGN_IN, SIGN_IN, REFUSED, OK, REFUSED, REFUSED, OK, REFUSED, OK),
        post=(SIGN_IN, SIGN_IN, REFUSED, DONE, REFUSED, REFUSED, DONE, REFUSED, DONE),
        data=lambda w: {"name": "Ірина Шевчук", "email": CONSENTED_EMAIL, "consented": "on"},
    ),
    "accounts:login": Row(
        none,
        get=(OK, OK, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
        post=each(OK),
        data=lambda w: {"username": "olena@korosten.example", "password": "wrong"},
    ),
    "accounts:login_otp": Row(
        none,
        get=each(SIGN_IN),
        post=each(SIGN_IN),
        data=lambda w: {"otp_token": "000000"},
    ),
    "accounts:logout": Row(
        none,
        get=each(NOT_ALLOWED),
        post=each(DONE),
        data=lambda w: {},
    ),
    "accounts:two_factor_setup": Row(
        none,
        get=(SIGN_IN, SIGN_IN, OK, OK, OK, OK, OK, OK, OK),
        post=(SIGN_IN, SIGN_IN, OK, OK, OK, OK, OK, OK, OK),
        data=lambda w: {"otp_token": "000000"},
    ),
    "accounts:password_reset": Row(
        none,
        get=each(OK),
        post=each(DONE),
        data=lambda w: {"email": "olena@korosten.example"},
    ),
    "accounts:password_reset_done": Row(
        none,
        get=each(OK),
    ),
    "accounts:password_reset_confirm": Row(
        lambda w: [w.reset_uid, w.reset_token],
        get=each(OK),
        post=each(OK),
        data=lambda w: {"new_password1": "a much longer passphrase", "new_password2": "a much longer passphrase"},
    ),
    "accounts:password_reset_complete": Row(
        none,
        get=each(OK),
    ),
    "accounts:home": Row(
        none,
        get=(SIGN_IN, SIGN_IN, OK, OK, OK, OK, OK, OK, OK),
    ),
    "accounts:sign_up": Row(
        none,
        get=(OK, OK, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
        post=(OK, OK, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
        data=lambda w: {"email": "someone.new@example.org", "password1": "a much longer passphrase", "password2": "a much longer passphrase", "first_name": "Марко", "last_name": "Петренко", "language": "uk"},
    ),
    "accounts:sign_up_sent": Row(
        none,
        get=each(OK),
    ),
    # A link in an e-mail: whoever follows it confirms the account it was made for.
    "accounts:confirm": Row(
        lambda w: [w.confirmation_token],
        get=each(DONE),
    ),
    "accounts:claim": Row(
        none,
        get=(SIGN_IN, SIGN_IN, OK, OK, OK, OK, OK, OK, OK),
        post=(SIGN_IN, SIGN_IN, OK, OK, OK, OK, OK, OK, OK),
        data=lambda w: {"organisation_kind": "authority", "organisation": w.korosten.pk},
    ),
    "accounts:organisation_request": Row(
        none,
        get=(SIGN_IN, SIGN_IN, OK, OK, OK, OK, OK, OK, OK),
        post=(SIGN_IN, SIGN_IN, OK, OK, OK, OK, OK, OK, OK),
        data=lambda w: {"name": "Нова громада", "kind": "hromada", "country": "UA"},
    ),
    "accounts:verifications": Row(
        none,
        get=(SIGN_IN, SIGN_IN, OK, OK, OK, OK, OK, OK, OK),
    ),
    "accounts:decide_claim": Row(
        lambda w: [w.pending.pk],
        get=(SIGN_IN, SIGN_IN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(SIGN_IN, SIGN_IN, REFUSED, DONE, REFUSED, REFUSED, DONE, REFUSED, DONE),
        data=lambda w: {"decision": "approve"},
    ),
    "accounts:decide_request": Row(
        lambda w: [w.request.pk],
        get=(SIGN_IN, SIGN_IN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(SIGN_IN, SIGN_IN, REFUSED, REFUSED, REFUSED, REFUSED, DONE, DONE, DONE),
        data=lambda w: {"decision": "reject", "note": "Немає такої громади."},
    ),
    "accounts:members": Row(
        authority,
        get=(SIGN_IN, SIGN_IN, REFUSED, OK, REFUSED, REFUSED, OK, REFUSED, OK),
        post=(SIGN_IN, SIGN_IN, REFUSED, DONE, REFUSED, REFUSED, DONE, REFUSED, DONE),
        data=lambda w: {"email": "colleague.two@korosten.example"},
    ),
    "accounts:remove_member": Row(
        lambda w: [w.colleague.pk],
        get=(SIGN_IN, SIGN_IN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(SIGN_IN, SIGN_IN, REFUSED, REFUSED, REFUSED, REFUSED, DONE, REFUSED, DONE),
        data=lambda w: {"note": "Звільнилася."},
    ),
    "accounts:invitation": Row(
        lambda w: [w.invitation.token],
        get=each(OK),
        post=each(OK),
        data=lambda w: {},
    ),
    "accounts:my_data_export": Row(
        none,
        get=(SIGN_IN, SIGN_IN, OK, OK, OK, OK, OK, OK, OK),
        post=(SIGN_IN, SIGN_IN, OK, OK, OK, OK, OK, OK, OK),
        data=lambda w: {},
    ),
    "accounts:erase": Row(
        none,
        get=(SIGN_IN, SIGN_IN, OK, OK, OK, OK, OK, OK, OK),
        post=(SIGN_IN, SIGN_IN, OK, DONE, OK, OK, OK, OK, OK),
        data=lambda w: {"email": "olena@korosten.example"},
    ),
    "exchange:needs": Row(
        none,
        get=each(OK),
    ),
    # Asked without naming a hromada: curators publish for one from its profile (not here).
    "exchange:need_create": Row(
        none,
        get=(SIGN_IN, SIGN_IN, REFUSED, OK, OK, REFUSED, REFUSED, REFUSED, REFUSED),
        post=(SIGN_IN, SIGN_IN, REFUSED, DONE, OK, REFUSED, REFUSED, REFUSED, REFUSED),
        data=lambda w: need_form(w),
    ),
    "exchange:need": Row(
        lambda w: [w.need.pk],
        get=each(OK),
    ),
    "exchange:need_edit": Row(
        lambda w: [w.need.pk],
        get=(SIGN_IN, SIGN_IN, REFUSED, OK, REFUSED, REFUSED, OK, REFUSED, OK),
        post=(SIGN_IN, SIGN_IN, REFUSED, DONE, REFUSED, REFUSED, DONE, REFUSED, DONE),
        data=lambda w: need_form(w, status="open"),
    ),
    "exchange:need_withdraw": Row(
        lambda w: [w.need.pk],
        get=(SIGN_IN, SIGN_IN, REFUSED, OK, REFUSED, REFUSED, OK, REFUSED, OK),
        post=(SIGN_IN, SIGN_IN, REFUSED, DONE, REFUSED, REFUSED, DONE, REFUSED, DONE),
        data=lambda w: {},
    ),
    "exchange:offers": Row(
        none,
        get=each(OK),
    ),
    "exchange:offer_create": Row(
        none,
        get=(SIGN_IN, SIGN_IN, REFUSED, OK, OK, OK, OK, OK, REFUSED),
        post=(SIGN_IN, SIGN_IN, REFUSED, OK, OK, DONE, OK, OK, REFUSED),
        data=lambda w: offer_form(w),
    ),
    "exchange:offer": Row(
        lambda w: [w.offer.pk],
        get=each(OK),
    ),
    "exchange:offer_edit": Row(
        lambda w: [w.offer.pk],
        get=(SIGN_IN, SIGN_IN, REFUSED, REFUSED, REFUSED, OK, REFUSED, REFUSED, OK),
        post=(SIGN_IN, SIGN_IN, REFUSED, REFUSED, REFUSED, DONE, REFUSED, REFUSED, DONE),
        data=lambda w: offer_form(w),
    ),
    "exchange:offer_close": Row(
        lambda w: [w.offer.pk],
        get=(SIGN_IN, SIGN_IN, REFUSED, REFUSED, REFUSED, OK, REFUSED, REFUSED, OK),
        post=(SIGN_IN, SIGN_IN, REFUSED, REFUSED, REFUSED, DONE, REFUSED, REFUSED, DONE),
        data=lambda w: {},
    ),
    "search:search": Row(
        none,
        get=each(OK),
        query=lambda w: "?q=генератори",
    ),
    "allocation:home": Row(
        none,
        get=(SIGN_IN, SIGN_IN, OK, OK, OK, OK, OK, OK, OK),
    ),
    "allocation:round_create": Row(
        none,
        get=(SIGN_IN, SIGN_IN, REFUSED, REFUSED, REFUSED, REFUSED, OK, OK, OK),
        # Allowed, and answered with the form and its reason: AUC's members offer nothing in
        # this world, so the round is refused before it runs (docs/allocation.md).
        post=(SIGN_IN, SIGN_IN, REFUSED, REFUSED, REFUSED, REFUSED, OK, OK, OK),
        data=lambda w: {"title": "Весна 2027", "association": w.auc.pk, "min_score": "0", "max_proposals": "1"},
    ),
    "allocation:round": Row(
        lambda w: [w.allocation_round.pk],
        get=(SIGN_IN, SIGN_IN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK, HIDDEN, OK),
    ),
    # The round is published already: those who may review it are sent back with the reason.
    "allocation:round_publish": Row(
        lambda w: [w.allocation_round.pk],
        # GET is the confirmation page (issue 11 point 14).
        get=(SIGN_IN, SIGN_IN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK, HIDDEN, OK),
        post=(SIGN_IN, SIGN_IN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, DONE, HIDDEN, DONE),
        data=lambda w: {},
    ),
    "allocation:proposal_remove": Row(
        lambda w: [w.proposal.pk],
        # GET is the confirmation page (issue 11 point 14).
        get=(SIGN_IN, SIGN_IN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK, HIDDEN, OK),
        post=(SIGN_IN, SIGN_IN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, DONE, HIDDEN, DONE),
        data=lambda w: {},
    ),
    "allocation:proposal_swap": Row(
        lambda w: [w.proposal.pk],
        get=(SIGN_IN, SIGN_IN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(SIGN_IN, SIGN_IN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, DONE, HIDDEN, DONE),
        data=lambda w: {"offer": w.offer.pk},
    ),
    "allocation:proposal_answer": Row(
        lambda w: [w.proposal.pk],
        get=(SIGN_IN, SIGN_IN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(SIGN_IN, SIGN_IN, REFUSED, DONE, REFUSED, REFUSED, DONE, REFUSED, DONE),
        data=lambda w: {"answer": "accepted", "organisation": f"authority:{w.korosten.pk}"},
    ),
    "partnerships:list": Row(
        none,
        get=each(OK),
    ),
    "partnerships:express_interest": Row(
        none,
        get=(SIGN_IN, SIGN_IN, HIDDEN, REFUSED, HIDDEN, HIDDEN, OK, HIDDEN, REFUSED),
        post=(SIGN_IN, SIGN_IN, HIDDEN, REFUSED, HIDDEN, HIDDEN, OK, HIDDEN, REFUSED),
        data=lambda w: {"from_organisation": f"authority:{w.bourges.pk}"},
        # Interest in the parties-only need: hidden from all who may not see the need.
        query=lambda w: f"?need={w.private_need.pk}",
    ),
    "partnerships:delivery_totals": Row(
        none,
        get=each(OK),
    ),
    "partnerships:calendars": Row(
        none,
        get=(SIGN_IN, SIGN_IN, OK, OK, OK, OK, OK, OK, OK),
        post=(SIGN_IN, SIGN_IN, REFUSED, DONE, REFUSED, REFUSED, DONE, REFUSED, DONE),
        data=lambda w: {"organisation": f"authority:{w.korosten.pk}"},
    ),
    # The secret address is the permission: whoever holds the link reads the feed.
    "partnerships:organisation_ics": Row(
        lambda w: [w.calendar.token],
        get=each(OK),
    ),
    "partnerships:detail": Row(
        lambda w: [w.partnership.pk],
        get=(HIDDEN, HIDDEN, HIDDEN, OK, OK, OK, OK, OK, OK),
    ),
    "partnerships:edit": Row(
        lambda w: [w.partnership.pk],
        get=(SIGN_IN, SIGN_IN, HIDDEN, OK, REFUSED, OK, OK, REFUSED, OK),
        post=(SIGN_IN, SIGN_IN, HIDDEN, DONE, REFUSED, DONE, DONE, REFUSED, DONE),
        data=lambda w: {"kind": "twinning", "visibility": "members", "description": PARTNERSHIP_DESCRIPTION},
    ),
    # "pending_claim" is not a verified member: the members-only partnership is hidden.
    "partnerships:transition": Row(
        lambda w: [w.partnership.pk],
        get=(SIGN_IN, SIGN_IN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(SIGN_IN, SIGN_IN, HIDDEN, DONE, REFUSED, DONE, DONE, REFUSED, DONE),
        data=lambda w: {"to_state": "agreement_signed"},
    ),
    "partnerships:message_create": Row(
        lambda w: [w.partnership.pk],
        get=(SIGN_IN, SIGN_IN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(SIGN_IN, SIGN_IN, HIDDEN, DONE, REFUSED, DONE, DONE, REFUSED, DONE),
        data=lambda w: {"body": "Добрий день!"},
    ),
    "partnerships:agreement_create": Row(
        lambda w: [w.partnership.pk],
        get=(SIGN_IN, SIGN_IN, HIDDEN, OK, REFUSED, OK, OK, REFUSED, OK),
        post=(SIGN_IN, SIGN_IN, HIDDEN, DONE, REFUSED, DONE, DONE, REFUSED, DONE),
        data=lambda w: {"kind": "agreement", "title": "Угода", "signed_on": "2025-06-01", **formset("signatories", 0)},
    ),
    "partnerships:activity_create": Row(
        lambda w: [w.partnership.pk],
        get=(SIGN_IN, SIGN_IN, HIDDEN, OK, REFUSED, OK, OK, REFUSED, OK),
        post=(SIGN_IN, SIGN_IN, HIDDEN, DONE, REFUSED, DONE, DONE, REFUSED, DONE),
        data=lambda w: {"kind": "meeting", "title": "Зустріч", "starts_on": "2025-06-01", **formset("followups", 0)},
    ),
    "partnerships:delivery_create": Row(
        lambda w: [w.partnership.pk],
        get=(SIGN_IN, SIGN_IN, HIDDEN, OK, REFUSED, OK, OK, REFUSED, OK),
        post=(SIGN_IN, SIGN_IN, HIDDEN, OK, REFUSED, OK, OK, REFUSED, OK),
        data=lambda w: {"giver": f"authority:{w.bourges.pk}", "recipient": f"authority:{w.korosten.pk}", "pledged_on": "2025-06-01", "visibility": "members", **formset("items", 1), "items-0-name": "Генератор", "items-0-quantity": "1", "items-0-unit": "pieces"},
    ),
    "partnerships:project_create": Row(
        lambda w: [w.partnership.pk],
        get=(SIGN_IN, SIGN_IN, HIDDEN, OK, REFUSED, OK, OK, REFUSED, OK),
        post=(SIGN_IN, SIGN_IN, HIDDEN, DONE, REFUSED, DONE, DONE, REFUSED, DONE),
        data=lambda w: {"title": "Проєкт", "status": "planned"},
    ),
    "partnerships:partnership_ics": Row(
        lambda w: [w.partnership.pk],
        get=(HIDDEN, HIDDEN, HIDDEN, OK, OK, OK, OK, OK, OK),
    ),
    "partnerships:agreement_document": Row(
        lambda w: [w.agreement.pk],
        get=(SIGN_IN, SIGN_IN, HIDDEN, OK, HIDDEN, OK, OK, HIDDEN, OK),
    ),
    "partnerships:followup_create": Row(
        lambda w: [w.activity.pk],
        get=(SIGN_IN, SIGN_IN, HIDDEN, OK, REFUSED, OK, OK, REFUSED, OK),
        post=(SIGN_IN, SIGN_IN, HIDDEN, DONE, REFUSED, DONE, DONE, REFUSED, DONE),
        data=lambda w: {"text": "Зателефонувати", "due_on": date.today().isoformat()},
    ),
    "partnerships:followup_done": Row(
        lambda w: [w.followup.pk],
        get=(SIGN_IN, SIGN_IN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(SIGN_IN, SIGN_IN, HIDDEN, DONE, REFUSED, DONE, DONE, REFUSED, DONE),
        data=lambda w: {"done": "1"},
    ),
    "partnerships:delivery_ship": Row(
        lambda w: [w.delivery.pk],
        get=(SIGN_IN, SIGN_IN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(SIGN_IN, SIGN_IN, HIDDEN, DONE, REFUSED, DONE, DONE, REFUSED, DONE),
        data=lambda w: {"day": ""},
    ),
    # The delivery is only pledged: the receiving side is sent back with the reason.
    "partnerships:delivery_receive": Row(
        lambda w: [w.delivery.pk],
        get=(SIGN_IN, SIGN_IN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(SIGN_IN, SIGN_IN, HIDDEN, DONE, REFUSED, REFUSED, DONE, REFUSED, DONE),
        data=lambda w: {"day": ""},
    ),
    "core:audit": Row(
        none,
        get=(SIGN_IN, SIGN_IN, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, OK),
    ),
    # The health checks say the same to everyone and tell nothing about anyone.
    "core:health": Row(none, get=each(OK), post=each(NOT_ALLOWED)),
    "core:health_live": Row(none, get=each(OK), post=each(NOT_ALLOWED)),
}
API: dict[tuple[str, str], Outcomes] = {
    ("GET", "/api/v1/directory/authorities"): each(OK),
    ("GET", "/api/v1/directory/authorities/{authority_id}"): each(OK),
    ("GET", "/api/v1/directory/associations"): each(OK),
    ("GET", "/api/v1/directory/associations/{slug}"): each(OK),
    ("GET", "/api/v1/exchange/sectors"): each(OK),
    ("GET", "/api/v1/exchange/needs"): each(OK),
    # The need asked about is the parties-only one; the partnership is for verified members.
    ("GET", "/api/v1/exchange/needs/{need_id}"): (HIDDEN, HIDDEN, HIDDEN, OK, HIDDEN, HIDDEN, OK, HIDDEN, OK),
    ("GET", "/api/v1/exchange/offers"): each(OK),
    ("GET", "/api/v1/exchange/offers/{offer_id}"): each(OK),
    ("GET", "/api/v1/matching/needs/{need_id}/offers"): (HIDDEN, HIDDEN, HIDDEN, OK, HIDDEN, HIDDEN, OK, HIDDEN, OK),
    ("GET", "/api/v1/matching/offers/{offer_id}/hromadas"): each(OK),
    ("GET", "/api/v1/matching/authorities/{authority_id}/hromadas"): each(OK),
    ("GET", "/api/v1/partnerships/partnerships"): each(OK),
    ("GET", "/api/v1/partnerships/partnerships/{partnership_id}"): (HIDDEN, HIDDEN, HIDDEN, OK, OK, OK, OK, OK, OK),
    ("GET", "/api/v1/search/"): each(OK),
}
# fmt: on


def _named_patterns(
    patterns: list[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace in EXCLUDED_NAMESPACES:
                continue
            yield from _named_patterns(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def _api_operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}


def _schema_path(pattern: URLPattern) -> str:
    """The API pattern's route as the schema writes it: <int:need_id> as {need_id}."""
    return "/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))


def test_every_page_and_operation_is_in_the_table():
    named = dict(_named_patterns(get_resolver().url_patterns))
    pages = {name for name in named if not name.startswith("api:")}
    # Every address of the API is an operation of its schema, so the schema covers them all.
    schema_paths = {path for _, path in _api_operations()}
    api_paths = {
        _schema_path(pattern)
        for name, pattern in named.items()
        if name.startswith("api:") and name not in EXCLUDED_NAMES
    }
    assert sorted(api_paths - schema_paths) == [], "API addresses outside the schema"
    assert sorted(pages - EXCLUDED_NAMES - PAGES.keys()) == [], "pages without a row"
    assert sorted(PAGES.keys() - pages) == [], "rows for pages that no longer exist"
    operations = _api_operations()
    assert sorted(operations - API.keys()) == [], "API operations without a row"
    assert sorted(API.keys() - operations) == [], "rows for API operations that no longer exist"


def _trace() -> dict[str, dict[str, Any]]:
    """Each of the project's tables: how many rows, and when one last changed."""
    trace = {}
    for model in apps.get_models():
        if not model.__module__.startswith("pobratym."):
            continue
        measures: dict[str, Any] = {"rows": Count("pk")}
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            measures["last"] = Max("updated_at")
        trace[model._meta.label] = model._default_manager.aggregate(**measures)
    return trace


def _outcome(response: Any) -> int | str:
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return SIGN_IN
    return int(response.status_code)


def _ask(
    client: Client, method: str, path: str, data: dict[str, Any], *, traced: bool = False
) -> tuple[Any, bool]:
    """The response, and (if traced) whether anything in the database changed; all of it
    rolled back."""
    with transaction.atomic():
        before = _trace() if traced else None
        response = getattr(client, method)(path, data)
        if response.streaming:
            # Read to its end, as a browser would: the test client then closes the file.
            b"".join(response.streaming_content)
        changed = before is not None and _trace() != before
        transaction.set_rollback(True)
    return response, changed


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXCHANGE_EMBEDDER = "pobratym.exchange.tests.fakes.FakeEmbedder"
    return make_world()


def _mismatch(name: str, method: str, role: str, expected: Any, got: Any) -> str:
    return f"{name} {method.upper()} as {role}: expected {expected}, got {got}"


def test_each_role_gets_what_the_table_says_on_every_page(world, client):
    """One world, every page, every role: all mismatches at once, and no trace of a refusal."""

    mismatches = []
    for name, row in PAGES.items():
        path = reverse(name, args=row.args(world)) + row.query(world)
        for role, on_get in zip(ROLES, row.get, strict=True):
            sign_in_as(client, world, role)
            response, _ = _ask(client, "get", path, {})
            if _outcome(response) != on_get:
                mismatches.append(_mismatch(name, "get", role, on_get, _outcome(response)))
        if row.post is None:
            continue
        for role, on_post in zip(ROLES, row.post, strict=True):
            sign_in_as(client, world, role)
            refused = on_post in (SIGN_IN, REFUSED, HIDDEN, NOT_ALLOWED)
            response, changed = _ask(client, "post", path, row.data(world), traced=refused)
            if _outcome(response) != on_post:
                mismatches.append(_mismatch(name, "post", role, on_post, _outcome(response)))
            if changed:
                mismatches.append(f"{name} POST as {role}: refused, yet the database changed")
    assert mismatches == [], "\n".join(mismatches)


def _api_path(template: str, w: World) -> str:
    """The operation's path for the world's records: the need asked about is the private one."""
    return template.format(
        authority_id=w.korosten.pk,
        slug=w.auc.slug,
        need_id=w.private_need.pk,
        offer_id=w.offer.pk,
        partnership_id=w.partnership.pk,
    ) + ("?q=генератори" if template.endswith("/search/") else "")


def test_each_role_gets_what_the_table_says_from_every_api_operation(world, client):
    mismatches = []
    for (method, template), outcomes in API.items():
        path = _api_path(template, world)
        for role, expected in zip(ROLES, outcomes, strict=True):
            sign_in_as(client, world, role)
            response, _ = _ask(client, method.lower(), path, {})
            if _outcome(response) != expected:
                mismatches.append(_mismatch(template, method, role, expected, _outcome(response)))
    assert mismatches == [], "\n".join(mismatches)


# Who may see the private records: the parties-only need's organisation, its curators and the
# secretariat; the members-only partnership's verified members of the platform.
SEES_PRIVATE_NEED = {"editor", "facilitator", "secretariat"}
SEES_PARTNERSHIP = {
    "editor",
    "other_editor",
    "partner",
    "facilitator",
    "unrelated_facilitator",
    "secretariat",
}


def _shows(response: Any, marks: tuple[str, ...], pk: int) -> bool:
    """Whether a page shows any of the marks (a text, a link), or an API list holds the record
    (by its id) or one of the marks."""
    if response["Content-Type"].startswith("application/json"):
        body = response.json()
        ids = [item.get("id") for item in body.get("items", []) if isinstance(item, dict)]
        text = json.dumps(body, ensure_ascii=False)
        return pk in ids or any(mark in text for mark in marks)
    text = response.content.decode()
    return any(mark in text for mark in marks)


def test_a_hidden_record_is_in_no_list_and_no_detail(world, client):
    """What a role may not see is answered 404 by its page and its API record, and is left out
    of every list that could hold it: the pages' lists, the API's lists and search."""

    w = world
    need_detail = reverse("exchange:need", args=[w.private_need.pk])
    need_marks = (PRIVATE_NEED_TITLE, f'href="{need_detail}"')
    partnership_marks = (
        PARTNERSHIP_DESCRIPTION,
        f'href="{reverse("partnerships:detail", args=[w.partnership.pk])}"',
    )
    lists_of_needs = [
        reverse("exchange:needs"),
        reverse("search:search") + "?q=двері",
        reverse("directory:authority", args=[w.korosten.pk]),
        "/api/v1/exchange/needs?limit=100",
        "/api/v1/search/?q=двері",
        f"/api/v1/matching/offers/{w.offer.pk}/hromadas",
    ]
    lists_of_partnerships = [
        reverse("partnerships:list"),
        reverse("directory:authority", args=[w.korosten.pk]),
        "/api/v1/partnerships/partnerships?limit=100",
    ]
    # The lists that must hold the record for those who may see it (not only leave it out).
    must_show = {
        "/api/v1/exchange/needs?limit=100",
        reverse("partnerships:list"),
        "/api/v1/partnerships/partnerships?limit=100",
    }
    problems = []
    for role in ROLES:
        sign_in_as(client, w, role)
        sees_need, sees_partnership = role in SEES_PRIVATE_NEED, role in SEES_PARTNERSHIP
        got = client.get(need_detail).status_code
        if got != (OK if sees_need else HIDDEN):
            problems.append(f"{role}: the parties-only need's page answers {got}")
        for path in lists_of_needs:
            shown = _shows(client.get(path), need_marks, w.private_need.pk)
            if shown != sees_need and (shown or path in must_show):
                problems.append(f"{role}: {path} shows the parties-only need: {shown}")
        for path in lists_of_partnerships:
            shown = _shows(client.get(path), partnership_marks, w.partnership.pk)
            if shown != sees_partnership and (shown or path in must_show):
                problems.append(f"{role}: {path} shows the members-only partnership: {shown}")
    assert problems == [], "\n".join(problems)


# The contact rule: Korosten's contacts are for its own verified members, the facilitators of
# its associations, the secretariat and the other side of its accepted, not ended partnership.
SEES_CONTACTS = {"editor", "partner", "facilitator", "secretariat"}
# Personal data of Korosten's people and contacts, none of which others may read anywhere.
DECIDES_CLAIM = {"editor", "facilitator", "secretariat"}
PERSONAL = (CONSENTED_EMAIL, "+380 4142 00000", COLLEAGUE_EMAIL, "olena@korosten.example")


def test_contacts_and_personal_data_only_for_those_the_contact_rule_names(world, client):

    w = world
    profile = reverse("directory:authority", args=[w.korosten.pk])
    pages = [
        reverse("home"),
        profile,
        reverse("partnerships:delivery_totals"),
        reverse("allocation:home"),
        reverse("exchange:need", args=[w.need.pk]),
        reverse("exchange:offer", args=[w.offer.pk]),
        reverse("partnerships:detail", args=[w.partnership.pk]),
        reverse("accounts:write", args=["authority", w.korosten.pk]),
        reverse("search:search") + "?q=Коростень",
        f"/api/v1/directory/authorities/{w.korosten.pk}",
        f"/api/v1/exchange/needs/{w.need.pk}",
        f"/api/v1/partnerships/partnerships/{w.partnership.pk}",
        "/api/v1/partnerships/partnerships?limit=100",
    ]
    problems = []
    for role in ROLES:
        sign_in_as(client, w, role)
        for path in pages:
            response = client.get(path)
            text = response.content.decode()
            if response["Content-Type"].startswith("application/json"):
                text = json.dumps(response.json(), ensure_ascii=False)
            # The API never carries contacts, whoever asks (directory/tests/test_api.py).
            may_see = role in SEES_CONTACTS and not path.startswith("/api/")
            leaked = [value for value in PERSONAL if value in text]
            if leaked and not may_see:
                problems.append(f"{role}: {path} shows {leaked}")
        shown = CONSENTED_EMAIL in client.get(profile).content.decode()
        if shown != (role in SEES_CONTACTS):
            problems.append(f"{role}: the profile shows the contact: {shown}")
        # A claimant is named to those who decide the claim, and to no one else.
        claimant = w.pending.user.email
        # (the claimant is left out: it sees its own claim there)
        if role not in ("anonymous", "pending_claim"):
            named = claimant in client.get(reverse("accounts:verifications")).content.decode()
            if named != (role in DECIDES_CLAIM):
                problems.append(f"{role}: the verifications page names the claimant: {named}")
    assert problems == [], "\n".join(problems)
