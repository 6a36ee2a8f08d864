"""The search test set (testset/queries.json) as records in the test database."""

from collections.abc import Callable
from typing import Any

from pobratym.accounts.tests.factories import editor_of
from pobratym.directory.models import Authority
from pobratym.directory.tests.factories import AuthorityFactory, municipality
from pobratym.exchange import services
from pobratym.search.testset import load

COUNTRIES = {
    "PL": ("Poland", "Польща"),
    "DE": ("Germany", "Німеччина"),
    "FR": ("France", "Франція"),
    "LT": ("Lithuania", "Литва"),
    "NO": ("Norway", "Норвегія"),
    "IE": ("Ireland", "Ірландія"),
}


def _authority(row: dict[str, Any]) -> Authority:
    if row["country"] == "UA":
        return AuthorityFactory(
            name=row["name"],
            name_en=row["name_en"],
            centre_name=row["centre"],
            population=row["population"],
        )
    country_en, country_uk = COUNTRIES[row["country"]]
    return municipality(
        row["name"],
        name_uk=row["name_uk"],
        country=row["country"],
        country_en=country_en,
        country_uk=country_uk,
        population=row["population"],
    )


def build(now: Callable[..., Any]) -> dict[str, tuple[str, int]]:
    """Create the test set's authorities, needs and offers (embedded after commit by `now`);
    returns each record's key -> (kind, id), authorities under "a-<key>"."""
    data = load()
    keys: dict[str, tuple[str, int]] = {}
    authorities: dict[str, tuple[Authority, Any]] = {}
    for row in data["authorities"]:
        authority = _authority(row)
        authorities[row["key"]] = (authority, editor_of(authority))
        keys[f"a-{row['key']}"] = ("authority", authority.pk)
    for row in data["needs"]:
        authority, editor = authorities[row["authority"]]
        need = now(
            services.need_publish,
            authority=authority,
            actor=editor,
            title=row["title"],
            description=row["description"],
            sectors=row["sectors"],
            urgency="high",
        )
        keys[row["key"]] = ("need", need.pk)
    for row in data["offers"]:
        authority, editor = authorities[row["authority"]]
        offer = now(
            services.offer_publish,
            organisation=authority,
            actor=editor,
            kind=row["kind"],
            title=row["title"],
            description=row["description"],
            sectors=row["sectors"],
        )
        keys[row["key"]] = ("offer", offer.pk)
    return keys
