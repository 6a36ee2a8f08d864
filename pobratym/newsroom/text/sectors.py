"""The sectors an event's sentences state, by word starts in the supported languages (folded)."""

import re

from .normalise import fold

SECTOR_CUES: dict[str, tuple[str, ...]] = {
    "energy": (
        "енерг", "энерг", "electr", "електр", "электр", "energ", "генератор", "agregat",
        "prąd", "prad", "strom", "solar", "сонячн", "солнечн", "fotowolt", "heating",
        "опален", "отоплен", "teplo", "ciepł", "cieplo", "šilum", "silum", "varme",
    ),
    "water": (
        "водопостач", "водоочис", "очищення води", "питн", "водоканал", "водоснаб", "water",
        "wodociąg", "wodociag", "uzdatnian", "wasser", "eau potable", "assainissement",
        "vandens", "vann", "kanaliz", "sewage",
    ),
    "infrastructure": (
        "інфраструктур", "инфраструктур", "инфраструктур", "infrastru", "відбудов", "відновлен",
        "восстановлен", "възстановяване", "reconstruct", "odbudow", "wiederaufbau",
        "gjenoppbygg", "atstaty", "дорог", "мост", "bridge", "road",
    ),
    "healthcare": (
        "медиц", "лікар", "больниц", "здоров", "health", "medic", "hospital", "szpital",
        "krankenhaus", "santé", "sante", "sveikat", "helse", "ambulan", "reabilit", "rehabilit",
    ),
    "education": (
        "освіт", "образован", "навчальн", "школ", "educat", "school", "szkoł", "szkol",
        "edukac", "bildung", "schul", "éducat", "scolaire", "švietim", "svietim", "mokykl",
        "utdanning", "skole", "universit",
    ),
    "culture": ("культур", "cultur", "kultur", "музе", "museum", "teatr", "theat", "festival"),
    "governance": (
        "управлін", "управлен", "самоврядув", "самоуправл", "децентраліз", "децентрализ",
        "governance", "self-government", "administrac", "verwaltung", "gouvernance",
        "valdym", "styring", "демократ", "democra", "demokrat", "євроінтегр", "європейськ інтегр",
        "европейской интеграц", "european integration", "integrac", "integration",
    ),
    "digital": ("цифров", "digital", "cyfrow", "numérique", "numerique", "skaitmen", "e-govern"),
    "idp_support": (
        "переселен", "впо", "внутрішньо переміщ", "внутренне перемещ", "displaced", "uchodź",
        "uchodz", "geflüchtet", "flüchtling", "réfugié", "refugie", "pabėgėl", "flyktning",
    ),
    "economy_sme": (
        "економі", "экономи", "бізнес", "бизнес", "підприєм", "предприним", "econom", "business",
        "gospodar", "przedsiębior", "wirtschaft", "unternehm", "entrepr", "verslo", "ekonom",
        "næringsliv", "naeringsliv", "invest",
    ),
    "housing": (
        "житл", "жилищ", "жиль", "housing", "mieszka", "wohnung", "wohnraum", "logement", "būst",
        "bolig",
    ),
    "social": (
        "соціальн", "социальн", "social", "społeczn", "spoleczn", "sozial", "socialin", "sosial",
    ),
    "security": (
        "безпек", "безопасн", "security", "bezpiecz", "sicherheit", "sécurité", "securite",
        "saugum", "sikkerhet", "розмінуван", "demining", "укритт", "shelter",
    ),
    "transport": (
        "транспорт", "transport", "автобус", "bus", "tram", "трамва", "komunikac", "verkehr",
    ),
    "environment": (
        "екологі", "экологи", "довкілл", "environment", "środowisk", "srodowisk", "umwelt",
        "environnement", "aplinkos", "miljø", "miljo", "клімат", "climate", "klimat", "відход",
        "waste", "odpad", "abfall", "déchet",
    ),
    "youth": (
        "молод", "youth", "młodzież", "mlodziez", "jugend", "jeunes", "jaunim", "ungdom", "дит",
        "child",
    ),
}  # fmt: skip

_PATTERNS = {
    sector: re.compile(
        r"\b(?:" + "|".join(re.escape(fold(cue)).replace(r"\ ", r"\w*\s+") for cue in cues) + ")"
    )
    for sector, cues in SECTOR_CUES.items()
}


def sectors_in(text: str) -> list[str]:
    """Sector codes whose words the text contains, in the order of the taxonomy."""
    folded = fold(text)
    return [sector for sector, pattern in _PATTERNS.items() if pattern.search(folded)]
