"""Words that make up organisation names, mapped to language-independent concepts.

"Асоціація органів місцевого самоврядування Литви", "Ассоциация органов местного
самоуправления Литвы" and "Association of Local Authorities of Lithuania" share the concepts
{association, authority, local, self-government, LT}: comparing concept sets links an
association named in any language to the directory entry stored in Ukrainian or English.
Prefixes are folded (lower case, no accents).
"""

from .normalise import Token, fold

_CONCEPT_PREFIXES: dict[str, tuple[str, ...]] = {
    "association": (
        "асоціац",
        "ассоциац",
        "асоциац",
        "сдружени",
        "associat",
        "asociac",
        "associaz",
        "zwiaz",
        "stowarzysz",
        "verband",
        "vereinigung",
        "forening",
        "sdruzen",
        "svaz",
        "zveza",
        "udruz",
        "szovetseg",
        "liitto",
        "союз",
        "спілк",
        "union",
        "unia",
        "sajung",
        "forbund",
    ),
    "council": ("рада", "ради", "раді", "радою", "совет", "съвет", "council", "conseil", "rady"),
    "committee": ("комітет", "комитет", "committee", "comite", "komitet", "ausschuss", "kommitt"),
    "alliance": ("альянс", "алианс", "allian", "aljans", "alleanz", "alianz", "sojusz"),
    "network": ("мереж", "сеть", "network", "netzwerk", "siec", "reseau", "nettverk", "tinkl"),
    "congress": ("конгрес", "congres", "kongres"),
    "european": ("європ", "европ", "europ", "evrop", "eiropas"),
    "city": (
        "міст",
        "город",
        "градов",
        "градо",
        "cities",
        "city",
        "miast",
        "stadt",
        "stadte",
        "ville",
        "miest",
        "mesta",
        "citta",
        "ciudad",
        "cidade",
        "byer",
        "miestu",
    ),
    "municipality": (
        "муніципал",
        "муниципал",
        "municipal",
        "kommun",
        "gemeind",
        "gmin",
        "commune",
        "savivald",
        "obec",
        "comun",
    ),
    "community": ("громад", "общин", "communit", "hromad", "spolecz", "bendruomen"),
    "region": ("регіон", "регион", "region", "областей", "obwod"),
    "local": ("місцев", "местн", "local", "lokal", "vietos", "mistn", "locaux", "místn"),
    "authority": (
        "влад",
        "власт",
        "authorit",
        "органів",
        "органов",
        "органи",
        "organy",
        "organe",
        "behord",
        "autorit",
        "valdz",
    ),
    "self_government": (
        "самоврядув",
        "самоуправл",
        "samorzad",
        "selbstverwalt",
        "samosprav",
        "self",
    ),
    "frontline": ("прифронтов", "frontline", "front", "przyfront", "frontov"),
    "recovery": (
        "відбудов",
        "відновл",
        "възстанов",
        "восстанов",
        "reconstruct",
        "recover",
        "wiederaufbau",
        "odbudow",
        "atstat",
        "gjenoppbygg",
        "rebuild",
    ),
    "development": ("розвит", "развит", "develop", "rozwoj", "entwickl", "developp", "pletr"),
    "cooperation": (
        "співпрац",
        "співробітн",
        "сотрудн",
        "сътрудн",
        "cooperat",
        "wspolprac",
        "zusammenarb",
        "bendradarb",
        "samarbeid",
    ),
    "international": ("міжнарод", "международ", "internation", "miedzynarod", "tarptaut"),
    "society": ("товариств", "обществ", "society", "gesellschaft", "agenc", "агентств", "agentur"),
    "ministry": (
        "міністерств",
        "министерств",
        "ministry",
        "ministerstw",
        "ministerium",
        "ministere",
    ),
    "embassy": ("посольств", "посолств", "embassy", "ambasad", "botschaft", "ambassad"),
    "programme": ("програм", "program"),
    "foreign_affairs": ("закордон", "иностран", "foreign", "zagranic", "auswart", "etranger"),
}
# Concepts that open an organisation's name (after at most two adjectives).
HEAD_CONCEPTS = frozenset(
    {
        "association",
        "council",
        "committee",
        "alliance",
        "network",
        "congress",
        "society",
        "ministry",
        "embassy",
    }
)
_LOOKUP = sorted(
    (
        (fold(prefix), concept)
        for concept, prefixes in _CONCEPT_PREFIXES.items()
        for prefix in prefixes
    ),
    key=lambda item: len(item[0]),
    reverse=True,
)


def concept_of(token: Token) -> str | None:
    folded = token.folded
    for prefix, concept in _LOOKUP:
        if folded.startswith(prefix):
            return concept
    return None
