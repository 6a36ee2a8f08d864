"""Aid items with their counts: "22 agregaty prądotwórcze", "10 генераторів", "5 ambulances"."""

import re

from .model import AidItem
from .normalise import fold

# English item name → folded word starts that name it in the supported languages.
ITEM_CUES: dict[str, tuple[str, ...]] = {
    "generators": (
        "генератор", "агрегат", "генераторн", "agregat", "generator", "stromerzeug",
        "stromaggregat", "generateur", "groupe electrogene", "generatori", "aggregat",
    ),
    "heaters": (
        "обігрівач", "обогревател", "нагревател", "grzejnik", "piecyk", "heizger", "heizlufter",
        "radiateur", "chauffage", "sildytuv", "varmeovn", "heater",
    ),
    "ambulances": (
        "автомобіл швидкої", "карет швидкої", "швидкої допомоги", "машин швидкої", "скорой помощи",
        "ambulan", "karetk", "krankenwagen", "rettungswagen", "greitosios", "линейк",
    ),
    "fire engines": (
        "пожежн", "пожарн", "strazack", "pozarnicz", "feuerwehr", "loschfahrzeug",
        "camion de pompiers", "camions de pompiers", "gaisrin", "brannbil", "fire engine",
        "fire truck",
    ),
    "school buses": (
        "шкільн автобус", "шкільних автобус", "autobus szkoln", "schulbus", "school bus",
    ),
    "buses": ("автобус", "autobus", "bus", "busser"),
    "power banks": ("павербанк", "power bank", "powerbank"),
    "solar panels": (
        "сонячн панел", "сонячних панел", "солнечн панел", "panel", "fotowoltai", "solarmodul",
        "panneaux solaires", "saules moduli", "solcellepanel", "solar panel",
    ),
    "transformers": ("трансформатор", "transformator", "transformer", "transformateur"),
    "medical equipment": (
        "медичн обладнан", "медичного обладнан", "медицинск оборудован", "sprzet medyczn",
        "medizinische ausrust", "medizingerat", "equipement medical", "medicinine iranga",
        "medisinsk utstyr", "medical equipment",
    ),
    "laptops": ("ноутбук", "laptop", "notebook", "ordinateurs portables", "nesiojam"),
    "beds": ("ліжк", "кроват", "легл", "lozk", "betten", "lits", "lovos", "senger", "paturi"),
    "excavators": ("екскаватор", "экскаватор", "kopark", "bagger", "excavat", "ekskavator"),
    "water purification stations": (
        "станці очищення води", "водоочисн", "stacj uzdatniania", "wasseraufbereit",
        "station de traitement", "vandens valym", "vannrens",
    ),
}  # fmt: skip

# A count, then at most one word (an adjective) before the item; never a unit or a currency.
_NUMBER = (
    r"(?P<count>\d{1,4})\s+"
    r"(?:(?!(?:квт|kw|ква|kva|грн|eur|євро|euro|тис|tys|mln|млн)\b)[^\W\d_]+\s+)?"
)
_POWER = re.compile(r"(\d+(?:[.,]\d+)?)\s*(квт|kw|ква|kva)\b")
_PATTERNS = {
    item: re.compile(
        rf"(?:{_NUMBER})?\b(?:"
        + "|".join(re.escape(fold(cue)).replace(r"\ ", r"\w*\s+") for cue in cues)
        + r")\w*"
    )
    for item, cues in ITEM_CUES.items()
}


def aid_items_in(text: str) -> list[AidItem]:
    """One item per kind with the largest count given for it (a total beats its breakdown)."""
    folded = fold(text)
    found: dict[str, int | None] = {}
    claimed: list[tuple[int, int]] = []
    for item, pattern in _PATTERNS.items():
        for match in pattern.finditer(folded):
            cue_start = match.end() - len(match.group().split()[-1])
            if any(start <= cue_start < end for start, end in claimed):
                continue
            claimed.append((match.start(), match.end()))
            count = int(match.group("count")) if match.group("count") else None
            previous = found.get(item)
            found[item] = max(filter(None, (previous, count)), default=None)
    items = []
    for item, count in found.items():
        power = _POWER.search(folded)
        label = item
        if item == "generators" and power:
            unit = "kVA" if power.group(2) in {"ква", "kva"} else "kW"
            label = f"generators ({power.group(1)} {unit})"
        items.append(AidItem(item=label, quantity=count))
    return items
