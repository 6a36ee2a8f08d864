"""Publishing with sensible defaults, so that each test states only what it is about."""

from typing import Any

from pobratym.exchange import services
from pobratym.exchange.models import Need, Offer
from pobratym.exchange.services import ItemIn

GENERATOR = ItemIn(name="Дизельний генератор 100 кВт", quantity="5", unit="pieces")


def need_values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Генератори для лікарні та шкіл",
        "description": "Громада потребує генераторів, щоб лікарня і школи працювали під час відключень.",
        "sectors": ["energy.generators"],
        "urgency": "high",
        "items": [GENERATOR],
        "estimated_cost_eur": "75000",
        "visibility": "public",
    }
    values.update(overrides)
    return values


def publish_need(authority, actor, **overrides: Any) -> Need:
    return services.need_publish(authority=authority, actor=actor, **need_values(**overrides))


def update_values(need: Need, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": need.title,
        "description": need.description,
        "sectors": [sector.code for sector in need.sectors.all()],
        "urgency": need.urgency,
        "items": [ItemIn(item.name, item.quantity, item.unit) for item in need.items.all()],
        "estimated_cost_eur": need.estimated_cost_eur,
        "status": need.status,
        "visibility": need.visibility,
    }
    values.update(overrides)
    return values


def offer_values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "expertise",
        "title": "Conseil en gestion de l'énergie municipale",
        "description": "Nos ingénieurs accompagnent une commune ukrainienne pour réduire sa consommation d'énergie.",
        "sectors": ["energy"],
        "items": [],
        "capacity": 2,
        "staff_languages": ["fr", "en"],
        "visibility": "public",
    }
    values.update(overrides)
    return values


def publish_offer(organisation, actor, **overrides: Any) -> Offer:
    return services.offer_publish(
        organisation=organisation, actor=actor, **offer_values(**overrides)
    )


def offer_update_values(offer: Offer, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": offer.kind,
        "title": offer.title,
        "description": offer.description,
        "sectors": [sector.code for sector in offer.sectors.all()],
        "items": [ItemIn(item.name, item.quantity, item.unit) for item in offer.items.all()],
        "capacity": offer.capacity,
        "staff_languages": offer.staff_language_codes,
        "visibility": offer.visibility,
    }
    values.update(overrides)
    return values
