"""The organisations an article names: the matcher walks the article's tokens and looks each
run up in the gazetteer's indexes, by name, by word, by concepts, or as a new entry to propose."""

import itertools
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from unidecode import unidecode

from ..countries import country_adjective, country_at
from ..lexicon import HEAD_CONCEPTS, concept_of
from ..model import GazetteerEntry
from ..normalise import FUNCTION_WORDS, Token, fold, is_cyrillic, stem, tokenize
from .spelling import _NATIONAL_SPELLING, _SPELLINGS, _concepts, _lemmas, _loose, _morph, _skeleton

if TYPE_CHECKING:
    from .index import Gazetteer

# Places this large are linked without a kind word or their country named next to them.
_WELL_KNOWN_POPULATION = 100_000
_SKELETON_MIN_POPULATION = 50_000
_SKELETON_MIN_LENGTH = 4
# A three-consonant skeleton ("lvv") is trusted only for a large city.
_WELL_KNOWN_CITY_POPULATION = 200_000
# A name matched by concepts must share this share of its concepts with the words in the text.
_CONCEPT_MIN_SCORE = 0.75
# Two concepts ("European" + "union") describe too many bodies to link a name by them.
_CONCEPT_MIN_SHARED = 3
# Word starts that name a kind of place: "муніципалітетом Бурж", "gminą Kórnik", "Stadt Celle".
_PLACE_CUES = (
    "муніципал", "муниципал", "міст", "город", "град", "gmin", "miast", "mieście", "stadt",
    "gemeind", "kommun", "commun", "ville", "city", "town", "municipal", "savivald", "miest",
    "община", "obec", "mest", "municip", "comun", "byen", "kommune", "hromad", "громад",
)  # fmt: skip
# German compounds end with the kind word: Landeshauptstadt, Partnerstadt, Hansestadt.
_PLACE_CUE_ENDINGS = ("stadt", "kommune", "gemeinde")
_PLACE_CUE_STARTS = tuple(fold(cue) for cue in _PLACE_CUES)
_PLACE_CUE_EXACT = frozenset({"м", "г", "m"})
_NAME_BREAK = re.compile(r"[^ \t\xa0\-'’ʼ]")
_MAX_ORGANISATION_TOKENS = 14
# Heads that open the name of an organisation worth proposing; a council ("міською радою") is
# most often the hromada itself.
_NEW_ORGANISATION_HEADS = frozenset(
    {"association", "alliance", "network", "committee", "congress", "embassy", "ministry"}
)


@dataclass(frozen=True, slots=True)
class Mention:
    """An organisation named in the text, tokens [start, end)."""

    start: int
    end: int
    char_start: int
    char_end: int
    entry: GazetteerEntry
    kind: str
    in_parentheses: bool = False


class _Matcher:
    def __init__(self, gazetteer: "Gazetteer", text: str, tokens: list[Token], language: str):
        self.gazetteer = gazetteer
        self.text = text
        self.tokens = tokens
        self.language = language
        # A word also written in lower case in this article is a common word, not a name.
        self.common_words = {token.folded for token in tokens if token.text.islower()}
        self.countries = self._countries()
        self.joined = [
            index + 1 < len(tokens)
            and not _NAME_BREAK.search(text[tokens[index].end : tokens[index + 1].start])
            for index in range(len(tokens))
        ]

    def _countries(self) -> set[str]:
        found = set()
        for index, token in enumerate(self.tokens):
            country = country_at(self.tokens, index, self.language)
            if country is not None and token.is_capitalised:
                found.add(country[0])
        return found

    def run(self) -> list[Mention]:
        mentions: list[Mention] = []
        index = 0
        while index < len(self.tokens):
            if self.tokens[index].folded in FUNCTION_WORDS:
                index += 1
                continue
            country = country_at(self.tokens, index, self.language)
            if country is not None:
                index += country[1]
                continue
            mention = self._longest(self._by_name(index), self._organisation(index))
            mention = mention or self._by_word(index) or self._new_place(index)
            if mention is None:
                index += 1
                continue
            mention = self._with_parenthetical(mention)
            mentions.append(mention)
            index = max(mention.end, index + 1)
        return self._drop_repeated_acronyms(mentions)

    @staticmethod
    def _longest(exact: Mention | None, by_concepts: Mention | None) -> Mention | None:
        """The stored name read exactly, unless the concepts cover more of the text."""
        if exact is None or by_concepts is None:
            return exact or by_concepts
        if not by_concepts.entry.id and by_concepts.entry.kind != exact.entry.kind:
            return exact
        return by_concepts if by_concepts.end > exact.end else exact

    # --- helpers -------------------------------------------------------------------------
    def _run_length(self, index: int, limit: int) -> int:
        length = 1
        while length < limit and self.joined[index + length - 1]:
            length += 1
        return length

    def _mention(self, start: int, end: int, entry: GazetteerEntry, kind: str = "") -> Mention:
        char_start = self.tokens[start].start
        if entry.kind in {"municipality", "region"} and start > 0 and self._is_place_cue(start - 1):
            char_start = self.tokens[start - 1].start
        return Mention(start, end, char_start, self.tokens[end - 1].end, entry, kind or entry.kind)

    def _is_place_cue(self, index: int) -> bool:
        """Whether tokens[index] is a kind-of-place word joined to the word after it."""
        if not self.joined[index]:
            return False
        folded = self.tokens[index].folded
        return (
            folded in _PLACE_CUE_EXACT
            or folded.startswith(_PLACE_CUE_STARTS)
            or folded.endswith(_PLACE_CUE_ENDINGS)
        )

    def _choose(self, candidates: list[int]) -> GazetteerEntry:
        entries = [self.gazetteer.entries[index] for index in candidates]
        in_named_country = [entry for entry in entries if entry.country in self.countries]
        return max(in_named_country or entries, key=lambda entry: entry.population)

    def _acceptable_place(self, entry: GazetteerEntry, start: int, end: int) -> bool:
        """A foreign place name is linked only with some evidence that a place is meant."""
        if entry.kind not in {"municipality", "region"}:
            return True
        token = self.tokens[start]
        if end - start == 1 and self._is_person_name(start):
            return False
        cued = (start > 0 and self._is_place_cue(start - 1)) or (
            end < len(self.tokens) and self._is_place_cue(end)
        )
        if cued:
            return True
        if token.folded in self.common_words or not token.is_capitalised:
            return False
        return entry.population >= _WELL_KNOWN_POPULATION or entry.country in self.countries

    # --- matchers ------------------------------------------------------------------------
    def _by_name(self, index: int) -> Mention | None:
        by_key = self.gazetteer._by_key
        limit = self._run_length(index, self.gazetteer.max_key_length)
        for length in range(limit, 0, -1):
            window = self.tokens[index : index + length]
            if window[-1].folded in FUNCTION_WORDS or (length == 1 and len(window[0].text) < 3):
                continue
            key = tuple(token.stem for token in window if token.folded not in FUNCTION_WORDS)
            if length > 1 and key in self.gazetteer._by_centre and window[0].is_capitalised:
                entry = self._choose(self.gazetteer._by_centre[key])
                return self._mention(index, index + length, entry, kind="city")
            if key not in by_key or (not window[0].is_capitalised and length < 3):
                continue
            entry = self._choose(by_key[key])
            if self._acceptable_place(entry, index, index + length):
                return self._mention(index, index + length, entry)
        return None

    def _by_word(self, index: int) -> Mention | None:
        """One capitalised word: a centre, a lemma, a transliteration or an acronym."""
        token = self.tokens[index]
        if token.text in self.gazetteer._by_acronym:
            entry = self._choose(self.gazetteer._by_acronym[token.text])
            return self._mention(index, index + 1, entry)
        if not token.is_capitalised or len(token.text) < 3:
            return None
        keys = [(token.stem,)]
        if is_cyrillic(token.text):
            if self.language in {"uk", "ru"}:
                keys += [(stem(fold(lemma)),) for lemma in _lemmas(token.text, self.language)]
            keys.append((stem(fold(unidecode(token.text))),))
        if self._is_person_name(index):
            return None
        for key in keys:
            centres = self.gazetteer._by_centre.get(key)
            if centres:
                return self._mention(index, index + 1, self._choose(centres), kind="city")
        for key in keys[1:]:
            candidates = self.gazetteer._by_key.get(key)
            if candidates:
                entry = self._choose(candidates)
                if self._acceptable_place(entry, index, index + 1):
                    return self._mention(index, index + 1, entry)
        if self.language == "uk" or token.folded in self.common_words or concept_of(token):
            return None
        latin = fold(unidecode(token.text))
        spellings: list[tuple[tuple[str, str], ...]] = [_NATIONAL_SPELLING]
        if not is_cyrillic(token.text) and self.language in _SPELLINGS:
            spellings.insert(0, _SPELLINGS[self.language])
        # Case endings are mostly vowels, which the skeleton drops; the stem covers the rest.
        for form, spelling in itertools.product((latin, stem(latin)), spellings):
            skeleton = _skeleton(form, spelling)
            candidates = [
                candidate
                for candidate in self.gazetteer._by_skeleton.get(skeleton, [])
                if is_cyrillic(token.text) or self.gazetteer.entries[candidate].country == "UA"
            ]
            if not candidates:
                continue
            entry = self._choose(candidates)
            cued = index > 0 and self._is_place_cue(index - 1)
            if (entry.population >= _SKELETON_MIN_POPULATION or cued) and (
                len(skeleton) >= _SKELETON_MIN_LENGTH
                or entry.population >= _WELL_KNOWN_CITY_POPULATION
            ):
                kind = "city" if entry.country == "UA" else entry.kind
                return self._mention(index, index + 1, entry, kind)
        for form in (latin, stem(latin)):
            loose = [
                c
                for c in self.gazetteer._by_loose.get(_loose(form), [])
                if self.gazetteer.entries[c].country == "UA"
            ]
            if loose:
                entry = self._choose(loose)
                if entry.population >= _WELL_KNOWN_CITY_POPULATION:
                    return self._mention(index, index + 1, entry, "city")
        return None

    def _is_person_name(self, index: int) -> bool:
        """A first name or surname next to another one: "Олена Петренко", "Ola Nordmann"."""
        neighbours = [
            position
            for position, joined in (
                (index - 1, index > 0 and self.joined[index - 1]),
                (index + 1, self.joined[index]),
            )
            if joined and self.tokens[position].is_capitalised
        ]
        if not neighbours:
            return False
        if self.language == "de":
            return False  # every German noun is capitalised
        if self.language not in {"uk", "ru"}:
            return index - 1 in neighbours and not self._is_place_cue(index - 1)
        return any(
            {"Name", "Surn", "Patr"} & set(str(parse.tag).replace(" ", ",").split(","))
            for position in (index, *neighbours)
            for parse in _morph(self.language).parse(self.tokens[position].text)[:3]
        )

    def _organisation(self, index: int) -> Mention | None:
        """An organisation opening with a head word, matched by concepts or else proposed."""
        head = next(
            (
                offset
                for offset in range(3)
                if index + offset < len(self.tokens)
                and (offset == 0 or self.joined[index + offset - 1])
                and concept_of(self.tokens[index + offset]) in HEAD_CONCEPTS
            ),
            None,
        )
        if head is None:
            return None
        if head and not all(
            concept_of(token) or country_adjective(token, self.language)
            for token in self.tokens[index : index + head]
        ):
            return None
        limit = self._run_length(index, _MAX_ORGANISATION_TOKENS)
        head_concept = concept_of(self.tokens[index + head])
        best: tuple[float, int, int] | None = None
        for length in range(head + 1, limit + 1):
            window = self.tokens[index : index + length]
            last = window[-1]
            if not (concept_of(last) or country_at(window, length - 1, self.language)):
                continue
            concepts = _concepts(window, self.language)
            has_country = any(concept.startswith("country:") for concept in concepts)
            for entry_concepts, entry_index, entry_has_country in self.gazetteer._concept_sets:
                shared = len(concepts & entry_concepts)
                if (
                    shared < _CONCEPT_MIN_SHARED
                    or head_concept not in entry_concepts
                    or (entry_has_country and not has_country)
                ):
                    continue
                score = shared / len(concepts | entry_concepts)
                if score >= _CONCEPT_MIN_SCORE and (best is None or score > best[0]):
                    best = (score, length, entry_index)
        if best is not None:
            entry = self.gazetteer.entries[best[2]]
            return self._mention(index, index + best[1], entry)
        return self._new_organisation(index + head, limit - head)

    def _new_organisation(self, index: int, limit: int) -> Mention | None:
        head = self.tokens[index]
        concept = concept_of(head)
        if concept not in _NEW_ORGANISATION_HEADS:
            return None
        length = 1
        while length < limit:
            token = self.tokens[index + length]
            if not (
                token.is_capitalised
                or fold(token.text) in {"of", "and", "і", "та", "и", "на", "от", "de", "des"}
                or concept_of(token)
                or country_at(self.tokens, index + length, self.language)
            ):
                break
            length += 1
        while (
            length > 1
            and self.tokens[index + length - 1].text.islower()
            and not concept_of(self.tokens[index + length - 1])
        ):
            length -= 1
        if length < 2:
            return None
        window = self.tokens[index : index + length]
        countries = {c[4:] for c in _concepts(window, self.language) if c.startswith("country:")}
        country = next(iter(countries)) if len(countries) == 1 else None
        kind = "national_body" if concept in {"embassy", "ministry"} else "association"
        name = self.text[window[0].start : window[-1].end]
        entry = GazetteerEntry(
            id="", kind=kind, name_en=unidecode(name), names=(name,), country=country
        )
        return self._mention(index, index + length, entry)

    def _new_place(self, index: int) -> Mention | None:
        """A capitalised word after a foreign place's kind word that the gazetteer lacks."""
        token = self.tokens[index]
        if index == 0 or not token.is_capitalised or not self._is_place_cue(index - 1):
            return None
        cue = self.tokens[index - 1].folded
        if not cue.startswith(("муніципал", "муниципал", "gmin", "kommun", "commun", "savivald")):
            return None
        if country_at(self.tokens, index, self.language):
            return None
        name = token.text
        if is_cyrillic(name) and self.language in {"uk", "ru"}:
            morph = _morph(self.language)
            # pymorphy's guesses for words outside its dictionary are no better than the word.
            if morph.word_is_known(name.lower()):
                name = morph.parse(name)[0].normal_form.capitalize()
        entry = GazetteerEntry(
            id="", kind="municipality", name_en=unidecode(name), names=(token.text,), country=None
        )
        return self._mention(index, index + 1, entry)

    def _with_parenthetical(self, mention: Mention) -> Mention:
        """Take in a following "(Франція)" or "(AFCCRE)" as the gold names do."""
        rest = self.text[mention.char_end : mention.char_end + 60]
        match = re.match(r"\s*\(([^()]{1,40})\)", rest)
        if match is None:
            return mention
        inner = tokenize(match.group(1))
        if not inner:
            return mention
        country = country_at(inner, 0, self.language)
        if country is not None and country[1] == len(inner):
            entry = mention.entry
            if entry.country is None:
                entry = replace(entry, country=country[0])
            return replace(mention, entry=entry, char_end=mention.char_end + match.end())
        if match.group(1).strip() in mention.entry.acronyms:
            return replace(mention, char_end=mention.char_end + match.end())
        return mention

    def _drop_repeated_acronyms(self, mentions: list[Mention]) -> list[Mention]:
        kept: list[Mention] = []
        for mention in mentions:
            previous = kept[-1] if kept else None
            if (
                previous is not None
                and previous.entry == mention.entry
                and mention.char_start <= previous.char_end
            ):
                continue
            if self.text[max(0, mention.char_start - 1) : mention.char_start] == "(" and (
                previous is not None and previous.end == mention.start
            ):
                mention = replace(mention, in_parentheses=True)
            kept.append(mention)
        return kept
