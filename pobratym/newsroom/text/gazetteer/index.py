"""The directory as data: the entries, merged with the reference bodies and indexed by every key
they may be written with (stems, centres, skeletons, acronyms, concepts)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from ..model import GazetteerEntry
from ..normalise import Token, fold, is_cyrillic, name_key, stem, tokenize
from ..reference import BODIES, OBLASTS
from .matching import Mention, _Matcher
from .spelling import _concepts, _latin, _loose, _skeleton

_ORGANISATION_KINDS = frozenset({"association", "international_body", "national_body", "ngo"})
_FOREIGN_SKELETON_POPULATION = 150_000
_HROMADA_KIND_WORDS = ("громад", "отг", "тг", "територіальн", "общин")
_OBLAST_KIND_WORDS = (
    "област",
    "обласн",
    "областн",
    "ода",
    "ова",
    "oblast",
    "region",
    "obwod",
    "srit",
)


def _with_reference(entries: Iterable[GazetteerEntry]) -> list[GazetteerEntry]:
    """The directory's entries, each reference body merged into its directory entry if any."""
    merged = list(entries)
    by_name = {fold(entry.name_en): index for index, entry in enumerate(merged) if entry.name_en}
    by_acronym = {
        acronym: index for index, entry in enumerate(merged) for acronym in entry.acronyms
    }
    for body in BODIES:
        index = by_name.get(fold(body.name_en))
        if index is None:
            index = next((by_acronym[a] for a in body.acronyms if a in by_acronym), None)
        if index is None:
            merged.append(body)
            continue
        entry = merged[index]
        merged[index] = replace(
            entry,
            names=tuple(dict.fromkeys((*entry.names, *body.names))),
            acronyms=tuple(dict.fromkeys((*entry.acronyms, *body.acronyms))),
        )
    return merged


def _oblast_keys(entry: GazetteerEntry) -> tuple[str, list[tuple[str, ...]]]:
    adjective = entry.names[0].split()[0] if entry.names else ""
    english, nickname, russian, polish = OBLASTS.get(adjective, ("", "", "", ""))
    base = english or _latin(adjective)
    keys: list[tuple[str, ...]] = []
    for word in filter(None, (adjective, russian)):
        keys += [(stem(fold(word)), kind_word) for kind_word in _OBLAST_KIND_WORDS]
    if nickname:
        keys.append(name_key(nickname))
    latin = stem(fold(base))
    keys += [(latin, "oblast"), ("oblast", latin), (latin, "region"), (latin, "srit")]
    if polish:
        keys.append(("obwod", stem(fold(polish))))
    return f"{base} Oblast", keys


def _hromada_keys(entry: GazetteerEntry) -> tuple[str, list[tuple[str, ...]]]:
    words = entry.names[0].split() if entry.names else []
    keys: list[tuple[str, ...]] = [name_key(name) for name in entry.names]
    if len(words) >= 2:
        adjective = stem(fold(words[0]))
        keys += [(adjective, stem(fold(words[1])))]
        keys += [(adjective, kind_word) for kind_word in _HROMADA_KIND_WORDS]
    name_en = _latin(entry.centre) if entry.centre else entry.name_en
    return name_en, keys


def _largest_sets_only(
    concept_sets: list[tuple[frozenset[str], int, bool]],
) -> list[tuple[frozenset[str], int, bool]]:
    """Drop an entry's concept set contained in a larger one of the same entry: a name whose
    country word the concepts missed ("Ukrainos miestų asociacija") must not match text that
    names no country."""
    by_entry: dict[int, list[frozenset[str]]] = defaultdict(list)
    for concepts, index, _has_country in concept_sets:
        by_entry[index].append(concepts)
    return [
        (concepts, index, has_country)
        for concepts, index, has_country in dict.fromkeys(concept_sets)
        if not any(concepts < other for other in by_entry[index])
    ]


class Gazetteer:
    """Entries indexed for matching; build once and reuse, it is read-only."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self.entries: list[GazetteerEntry] = []
        self._by_key: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self._by_centre: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self._by_skeleton: dict[str, list[int]] = defaultdict(list)
        self._by_loose: dict[str, list[int]] = defaultdict(list)
        self._by_acronym: dict[str, list[int]] = defaultdict(list)
        self._concept_sets: list[tuple[frozenset[str], int, bool]] = []
        for entry in _with_reference(entries):
            self._add(entry)
        self._concept_sets = _largest_sets_only(self._concept_sets)
        self.max_key_length = max((len(key) for key in self._by_key), default=1)

    def _add(self, entry: GazetteerEntry) -> None:
        keys: list[tuple[str, ...]]
        if entry.kind == "oblast":
            name_en, keys = _oblast_keys(entry)
            entry = replace(entry, name_en=name_en)
        elif entry.kind == "hromada":
            name_en, keys = _hromada_keys(entry)
            entry = replace(entry, name_en=name_en)
        elif entry.kind == "raion":
            adjective = stem(fold(entry.names[0])) if entry.names else ""
            keys = [(adjective, "район"), (adjective, "раион")]
        else:
            keys = [name_key(name) for name in entry.names]
            keys += [name_key(_latin(name)) for name in entry.names if is_cyrillic(name)]
        index = len(self.entries)
        self.entries.append(entry)
        for key in dict.fromkeys(keys):
            if key:
                self._by_key[key].append(index)
        if entry.centre:
            latin_centre = _latin(entry.centre)
            for key in {name_key(entry.centre), name_key(latin_centre)}:
                self._by_centre[key].append(index)
            self._by_skeleton[_skeleton(latin_centre)].append(index)
            self._by_loose[_loose(latin_centre)].append(index)
        if entry.kind == "city":
            for name in entry.names:
                self._by_loose[_loose(_latin(name))].append(index)
        if entry.kind == "city" or (
            entry.kind == "municipality" and entry.population >= _FOREIGN_SKELETON_POPULATION
        ):
            # Large foreign cities too: Russian and Bulgarian spell them their own way (Люблин).
            for name in entry.names:
                if not is_cyrillic(name):
                    self._by_skeleton[_skeleton(name)].append(index)
        for acronym in entry.acronyms:
            self._by_acronym[acronym].append(index)
        if entry.kind in _ORGANISATION_KINDS:
            for name in entry.names:
                concepts = _concepts(tokenize(name), "en")
                if len(concepts) >= 2:
                    has_country = any(concept.startswith("country:") for concept in concepts)
                    self._concept_sets.append((concepts, index, has_country))

    def find(self, text: str, tokens: list[Token], language: str) -> list[Mention]:
        return _Matcher(self, text, tokens, language).run()
