"""Events: which sentences report an act between a Ukrainian and a foreign side, and who is who.

A sentence reports an event when it holds a cue of an event type, is not about the future, a
decision to sign, or long-standing ties, and names a Ukrainian local or regional actor and a
foreign counterpart. Cues are word starts, folded, across the supported languages; the most
specific type wins (a memorandum signed at a conference is a memorandum). A cue sentence that
names nobody ("Під час візиту сторони підписали…") takes its sides from the two sentences
before it and is folded into their event. Parties are the sides; an organisation named after a
facilitation cue ("за сприяння", "im Rahmen", "with the support of"), a programme or an
embassy is a facilitator; a place named as the venue ("у м. Берген") is dropped when another
foreign side is named; a place or oblast in parentheses only locates the name before it.
"""

import datetime
import re
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz

from .dates import DateMention, ResolvedDate, resolve
from .gazetteer import Mention
from .model import Party
from .normalise import Sentence, Token, fold, name_key

# Most specific first: the first type whose cue a sentence holds is its type.
TYPE_CUES: dict[str, tuple[str, ...]] = {
    "twinning": (
        "gemellagg", "hermanamiento", "ciudades hermanas", "geminacao", "cidades irmas",
        "stedenband", "zusterstad", "vanort", "venskabsby", "ystavyyskaupun", "druzobn",
        "družobn", "druzobne", "sadraudzib", "testvervaros", "testvertelepul", "pobratim",
        "bratim", "побратим", "породнен", "twin", "sister cit", "sister-cit", "miast partnersk",
        "miastem partnerskim", "miastami partnerskimi", "stadtepartnerschaft", "partnerstadt",
        "partnerstad", "jumel", "vennskapsby", "vennskapskommun", "susigiminiav", "побратими",
        "partnerské mesto", "partnerske mesto", "infratir",
    ),
    "memorandum": (
        "memorand", "protocollo d'intesa", "lettera d'intenti", "carta de intenciones",
        "declaracion de intenciones", "intentieverklaring", "avsiktsforklaring", "aiesopimus",
        "vyhlasen", "nodomu protokol", "szandeknyilatkozat", "pismo namjere", "меморандум",
        "протокол про намір", "протокол о намерен", "лист про намір", "intencyj",
        "absichtserklar", "letter of intent", "declaration of intent",
        "declaration d'intention", "lettre d'intention", "ketinim", "intensjonsavtal",
        "декларац", "декларация", "deklarac",
    ),
    "agreement": (
        "accordo di", "acuerdo de", "convenio", "acordo de", "overeenkomst",
        "samenwerkingsovereenkomst", "sopimus", "dohod", "ligum", "megallapodas", "sporazum",
        "угоду про", "угоди про", "угода про", "угоду між", "договір", "договор о",
        "договор про", "договора о", "договору", "договором", "подписали договор", "umow",
        "porozumieni", "vereinbarung", "abkommen", "kooperationsvertrag",
        "partnerschaftsvertrag", "accord de", "convention de", "avtale", "sutart", "agreement",
        "smlouv", "acord", "споразумени", "samarbeidsavtal", "samarbetsavtal",
        "samarbejdsaftal", "partnerskapsavtal", "kooperationsvereinbarung",
        "partnerschaftsvereinbarung", "cooperation agreement", "partnership agreement",
    ),
    "alliance_membership": (
        "aderito", "se ha adherido", "adesao", "toegetreden", "anslutit", "liittyi",
        "pristupil", "pievienoj", "csatlakoz", "асоційован", "ассоциирован", "асоцииран",
        "приєдна", "присоедин", "присъедин", "став член", "стала член", "стали член", "членств",
        "joined", "became a member", "dolaczy", "przystapi", "beigetreten", "beitritt", "adher",
        "prisijung", "ble medlem", "associate partner", "associated partner",
        "partenaire associe",
    ),
    "study_visit": (
        "visita di studio", "visita de estudio", "visita de estudo", "studiebezoek",
        "studiebesok", "opintomatk", "studijna navsteva", "studiju vizit", "pieredzes apmain",
        "tanulmanyut", "studijski posjet", "навчальн візит", "навчальним візит",
        "навчальн поїздк", "ознайомч", "study visit", "study tour", "wizyt studyjn",
        "wizyte studyjn", "studienreise", "studienbesuch", "visite d'etude", "voyage d'etude",
        "studietur", "учебн визит", "ознакомительн",
    ),
    "online_meeting": (
        "videochiamat", "videoconferenz", "videoconferenc", "videovergader", "etakokous",
        "videokonferenci", "tiessaist", "онлайн", "online", "відеоконференц", "видеоконференц",
        "videokonferenc", "wideokonferencj", "visioconf", "videomøte", "videomote", "nuotolin",
        "zoom", "дистанційн",
    ),
    "conference": (
        "conferenz", "conferencia", "congresso", "congreso", "conferentie", "konferens",
        "konferenssi", "konferencia", "konferenc", "konferencij", "конференц", "форум", "саміт",
        "самміт", "среща на върха", "conference", "forum", "summit", "szczyt", "gipfel",
        "sommet", "konferans", "toppmote",
    ),
    "aid_delivery": (
        "consegnat", "consegna", "donat", "entregad", "entrego", "doado", "overhandigd",
        "geschonken", "overlamn", "skankt", "lahjoitt", "luovutt", "odovzdal", "darovali",
        "nosutij", "nosut", "davinaj", "atadt", "adomany", "predal", "donirao", "uručil",
        "urucil", "передал", "передав", "передано", "передані", "передан", "отримал", "отримав",
        "отримала", "получил", "доставил", "доставлен", "дарува", "подарувал", "подарил",
        "надіслал", "handed over", "delivered", "donated", "przekaza", "dostarczy", "ubergeb",
        "ubergab", "geliefert", "gespendet", "remis", "livre", "offert", "overlevert",
        "overleverte", "donert", "donerte", "perdav", "padovanoj", "padovan", "dovanoj",
        "предаде", "дарен", "a remis", "a offert", "sent", "darowa", "гуманітарн допомог",
        "гуманитарн помощ", "humanitarian aid", "pomoc humanitarn", "humanitare hilfe",
        "aide humanitaire", "humanitarin", "humanitaer", "liefer", "изпрат", "изпрати", "дари",
        "sendt", "poslal", "poslalo", "daroval", "a donat", "au donat", "trimis",
    ),
    "project": (
        "progetto comune", "proyecto conjunto", "projeto conjunto", "gezamenlijk project",
        "gemensamt projekt", "yhteishank", "spolocny projekt", "kopig projekt", "kozos projekt",
        "zajednicki projekt", "спільн проєкт", "спільного проєкт", "спільний проєкт",
        "спільн проект", "совместн проект", "joint project", "wspoln projekt",
        "wspolny projekt", "gemeinsam projekt", "gemeinsames projekt", "projet commun",
        "felles prosjekt", "bendr projekt", "стартував проєкт", "розпочали проєкт",
        "launched a project", "project was launched",
    ),
    "meeting": (
        "incontr", "riunion", "reunio", "encuentro", "ontmoet", "bijeenkomst", "overleg",
        "mote", "traffade", "tapaami", "stretnut", "stretnuti", "tiksan", "talalkoz", "sastan",
        "sastanak", "visita", "bezoek", "besok", "vierail", "navstev", "apmekl", "latogat",
        "posjet", "зустріч", "зустрі", "засідан", "перемовин", "переговор", "встреч", "заседан",
        "среща", "срещ", "meeting", "met with", "spotka", "treffen", "traf ", "trafen",
        "rencontr", "reunion", "motte", "susitik", "posiedzen", "sitzung", "візит", "визит",
        "visit", "wizyt", "besuch", "visite", "vizit", "відвідал", "посетил", "посети",
        "odwiedzi", "besuchte", "lanke", "приймал", "приймав", "прийняв", "принял", "gosci",
        "empfing", "accueilli",
    ),
    "other": (
        "створен", "засновано", "заснован", "започатков", "създаден", "постави началото",
        "established", "founded", "utworzon", "gegrundet", "fonde", "grunnlagt", "isteigt",
    ),
}  # fmt: skip
_TYPE_PRIORITY = {event_type: rank for rank, event_type in enumerate(TYPE_CUES)}
# The visit is a study visit when the sentence says the visitors learnt from the hosts.
_EXPERIENCE = (
    "досвід",
    "опыт",
    "experience",
    "doswiadcz",
    "erfahrung",
    "experience",
    "patirt",
    "erfaring",
)

_NOT_DONE = (
    "планує", "планують", "плануєть", "запланован", "наступн", "буде підпис", "будуть", "готов",
    "надалі", "в подальшому", "має намір", "мають намір", "планир", "планируе", "будет", "будут",
    "следующ", "дальнейш", "предстоящ", "ще", "will ", "plan", "intend", "next ", "planuj",
    "zamierza", "bedzie", "beda", "wird ", "werden", "plant ", "beabsicht", "prevoit", "sera ",
    "seront", "prochain", "skal ", "planlegg", "planuoj", "ketina", "bus ", "kitais",
    "рішення про", "рішенням", "ухвалил", "ухвалив", "погодил", "дозвіл на", "uchwal",
    "beschlo", "beschluss", "deliberation", "vedtak", "sprendim", "решение о", "решением",
    "давн", "багаторічн", "многолетн", "long-standing", "longstanding", "od lat", "seit jahren",
    "od wielu lat", "wieloletn", "seit vielen jahren", "depuis longtemps", "for many years",
    "многих лет", "багатьох років", "вже багато років",
    "depuis des annees", "i mange ar", "jau daug metu",
)  # fmt: skip
# A sentence that only names its source ("Про це повідомляє…") lends no sides to its neighbours.
_SOURCE_CUES = (
    "повідомля", "сообща", "пише", "пишет", "со ссылкой", "з посиланням", "reports", "according to",
    "informuje", "berichtet", "selon", "ifolge", "фото", "photo", "foto",
)  # fmt: skip
_FACILITATION_CUES = (
    "за сприяння", "сприяння", "за підтримки", "підтримки", "організован", "організації",
    "у рамках", "в рамках", "фінансуєт", "фінансован", "у складі делегації", "складі делегації",
    "започатков", "ініціатив", "за посередництва", "завдяки", "при поддержке", "при содействии",
    "организован", "финансир", "благодаря", "по инициативе", "при посредничестве",
    "с подкрепата", "в рамките", "организиран", "финансиран", "по инициатива", "dzieki",
    "przy wsparciu", "wsparciu", "w ramach", "zorganizowan", "finansowan", "z inicjatywy",
    "za posrednictwem", "mit unterstutzung", "unterstutzt", "im rahmen", "organisiert",
    "finanziert", "gefordert", "vermittelt", "auf initiative", "avec le soutien", "soutenu",
    "dans le cadre", "organise", "finance", "grace a", "a l'initiative", "par l'intermediaire",
    "padedant", "remiant", "parama", "pagal program", "igyvendinant", "organizavo", "finansuoj",
    "tarpininkaujant", "med stotte", "stottet av", "i regi av", "organisert", "finansiert",
    "gjennom", "formidlet", "with the support", "supported by", "facilitated by",
    "organised by", "organized by", "within the framework", "funded by", "financed by",
    "as part of", "thanks to", "brokered by", "through the mediation", "s podporou", "v ramci",
    "cu sprijinul", "in cadrul", "prepare avec", "soutenu par",
)  # fmt: skip
_FOUNDED_BY = (
    "створен", "створений", "заснован", "започаткован", "създаден", "создан", "основан",
    "established by", "founded by", "created by", "launched by", "utworzon", "zalozon",
    "gegrundet", "geschaffen", "cree par", "creee par", "fonde par", "opprettet", "isteigt",
)  # fmt: skip
_PARTICIPATION_CUES = (
    "участь", "участие", "участі", "took part", "participat", "udzial", "teilgenommen",
    "nahmen", "participe", "deltok", "dalyvav", "zucastn",
)  # fmt: skip
_EVENT_WORDS = ("захід", "заход", "мероприят", "event", "wydarzen", "veranstaltung", "evenement")
_MEMBER_OF = ("член", "member", "czlon", "mitglied", "membre", "narys", "medlem", "clen")
_VENUE_PREPOSITIONS = frozenset(
    (
        "iš", "і", "у", "à", "en", "a", "во", "in", "в", "w", "im", "i", "we",
    )
)  # fmt: skip
_FACILITATION_WINDOW = 40
_BORROW_SENTENCES = 2


@dataclass
class SentenceInfo:
    sentence: Sentence
    mentions: list[Mention]
    dates: list[DateMention]
    folded: str
    event_type: str | None
    facilitators: list[Mention] = field(default_factory=list)
    sides: list[Mention] = field(default_factory=list)
    is_source_line: bool = False
    not_done: bool = False


@dataclass
class EventDraft:
    type: str
    parties: list[Party]
    facilitators: list[Party]
    date: ResolvedDate
    sentences: list[int]
    borrowed: bool = False


@cache
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(fold(cue)) for cue in cues) + ")")


def _has_cue(folded: str, cues: tuple[str, ...]) -> bool:
    return _cue_pattern(cues).search(folded) is not None


def event_type_of(folded: str) -> str | None:
    for event_type, cues in TYPE_CUES.items():
        if _has_cue(folded, cues):
            if event_type == "meeting" and _is_visit(folded) and _has_cue(folded, _EXPERIENCE):
                return "study_visit"
            return event_type
    return None


def _is_visit(folded: str) -> bool:
    return _has_cue(folded, ("візит", "визит", "visit", "wizyt", "besuch", "vizit", "відвідал"))


def side_of(party: Party) -> str | None:
    if party.country == "UA":
        return "UA" if party.kind != "national_body" else None
    if party.country is None:
        return (
            "UA" if "ukrain" in fold(party.name_en) or "украй" in fold(party.name_in_text) else None
        )
    return "foreign"


def party_of(mention: Mention, text: str) -> Party:
    entry = mention.entry
    return Party(
        name_en=entry.name_en,
        name_in_text=text[mention.char_start : mention.char_end],
        kind=mention.kind if mention.kind in _OUTPUT_KINDS else entry.kind,
        country=entry.country,
        entry_id=entry.id,
    )


_OUTPUT_KINDS = frozenset(
    {
        "hromada",
        "city",
        "municipality",
        "region",
        "oblast",
        "association",
        "national_body",
        "international_body",
        "company",
        "ngo",
    }
)


class EventFinder:
    def __init__(
        self,
        *,
        text: str,
        tokens: list[Token],
        sentences: list[Sentence],
        mentions: list[Mention],
        dates: list[DateMention],
        anchor: datetime.date | None,
    ) -> None:
        self.text = text
        self.tokens = tokens
        self.anchor = anchor
        self.infos = [self._info(sentence, mentions, dates) for sentence in sentences]

    def _info(
        self, sentence: Sentence, mentions: list[Mention], dates: list[DateMention]
    ) -> SentenceInfo:
        inside = [m for m in mentions if sentence.start <= m.char_start < sentence.end]
        folded = fold(sentence.text)
        info = SentenceInfo(
            sentence=sentence,
            mentions=inside,
            dates=[d for d in dates if sentence.start <= d.start < sentence.end],
            folded=folded,
            event_type=event_type_of(folded),
            is_source_line=_has_cue(folded, _SOURCE_CUES),
            not_done=_has_cue(folded, _NOT_DONE),
        )
        self._assign_roles(info)
        return info

    def _before(self, mention: Mention, width: int) -> str:
        start = max(0, mention.char_start - width)
        return fold(self.text[start : mention.char_start])

    def _assign_roles(self, info: SentenceInfo) -> None:
        sides: list[Mention] = []
        facilitators: list[Mention] = []
        for mention in info.mentions:
            before = self._before(mention, _FACILITATION_WINDOW)
            if mention.in_parentheses:
                continue
            if _is_programme_or_embassy(mention) or _has_cue(before, _FACILITATION_CUES):
                facilitators.append(mention)
            elif _has_cue(self._before(mention, 25), _MEMBER_OF):
                continue
            else:
                sides.append(mention)
        if info.event_type == "other":
            sides = [m for m in sides if not self._is_founded_thing(m)]
        sides = _drop_venues(sides, self.text)
        if all(_is_venue(mention, self.text) for mention in sides):
            # A sentence naming only where something happened names none of its sides.
            sides = []
        sides = _associations_over_their_leaders(sides)
        side_keys = {mention.entry for mention in sides}
        info.sides = sides
        info.facilitators = [m for m in facilitators if m.entry not in side_keys]

    def _is_founded_thing(self, mention: Mention) -> bool:
        """ "The alliance was created by X": the alliance is what was made, not a side."""
        after = fold(self.text[mention.char_end : mention.char_end + _FACILITATION_WINDOW])
        return _cue_pattern(_FOUNDED_BY).search(after) is not None

    def find(self) -> list[EventDraft]:
        drafts: list[EventDraft] = []
        for index, info in enumerate(self.infos):
            if info.event_type is None or info.not_done:
                continue
            draft = self._draft(index, info)
            if draft is None:
                continue
            if info.event_type == "alliance_membership" and not any(
                party.kind in {"international_body", "association"} for party in draft.parties
            ):
                continue
            _merge_or_append(drafts, draft)
        self._date_from_next_sentence(drafts)
        self._attach_background_facilitators(drafts)
        return drafts

    def _draft(self, index: int, info: SentenceInfo) -> EventDraft | None:
        """The event of a cue sentence, its missing sides taken from the sentences before:
        all of them when it names nobody, the other side when an earlier sentence with the
        same cue names it ("…took part in a forum. The forum was organised by X.")."""
        parties = self._parties(info.sides)
        sentences = [index]
        date = self._date(info)
        borrowed = False
        if not _has_both_sides(parties):
            # A body the article names as a facilitator elsewhere does not become a side by
            # being named next to an event told before.
            parties = [p for p in parties if p.key not in self._facilitator_keys()]
            source = self._source_sentence(index, info, parties)
            if source is None:
                return None
            borrowed = not parties
            parties = _union(parties, self._parties(self.infos[source].sides))
            sentences = [source, index] if not borrowed else [index]
            if date.date is None:
                date = self._date(self.infos[source])
        return EventDraft(
            type=info.event_type or "other",
            parties=parties,
            facilitators=self._parties(info.facilitators),
            date=date,
            sentences=sentences,
            borrowed=borrowed,
        )

    def _facilitator_keys(self) -> set[str]:
        return {party_of(m, self.text).key for info in self.infos for m in info.facilitators}

    def _source_sentence(self, index: int, info: SentenceInfo, parties: list[Party]) -> int | None:
        for previous in range(index - 1, max(-1, index - 1 - _BORROW_SENTENCES), -1):
            earlier = self.infos[previous]
            if earlier.is_source_line or earlier.not_done or not earlier.sides:
                continue
            if parties and earlier.event_type != info.event_type:
                continue
            if _has_both_sides(_union(parties, self._parties(earlier.sides))):
                return previous
        return None

    def _date_from_next_sentence(self, drafts: list[EventDraft]) -> None:
        """An undated event takes the date a following sentence gives, if that one is no event."""
        starts = {draft.sentences[0] for draft in drafts}
        for draft in drafts:
            for sentence in draft.sentences:
                following = sentence + 1
                if draft.date.date or following in starts or following >= len(self.infos):
                    continue
                info = self.infos[following]
                if not info.not_done:
                    draft.date = self._date(info)

    def _parties(self, mentions: list[Mention]) -> list[Party]:
        parties: list[Party] = []
        for mention in mentions:
            party = party_of(mention, self.text)
            if not any(_same_party(party, known) for known in parties):
                parties.append(party)
        return parties

    def _date(self, info: SentenceInfo) -> ResolvedDate:
        for mention in info.dates:
            resolved = resolve(mention, anchor=self.anchor)
            if resolved.date is not None or mention.year is None:
                return resolved
        return ResolvedDate(None, None)

    def _attach_background_facilitators(self, drafts: list[EventDraft]) -> None:
        """Facilitators named in sentences around the events ("Захід організовано…")."""
        if not drafts:
            return
        party_keys = {party.key for draft in drafts for party in draft.parties}
        for info in self.infos:
            if info.not_done:
                continue
            extra = list(info.facilitators)
            if _has_cue(info.folded, _PARTICIPATION_CUES) and info.event_type is None:
                extra += [
                    m
                    for m in info.sides
                    if m.entry.kind in {"association", "international_body", "national_body"}
                ]
            extra = [m for m in extra if party_of(m, self.text).key not in party_keys]
            if not extra:
                continue
            sentence_keys = {party_of(m, self.text).key for m in info.mentions}
            targets = [d for d in drafts if sentence_keys & {p.key for p in d.parties}]
            if not targets and (_has_cue(info.folded, _EVENT_WORDS) or len(drafts) == 1):
                targets = drafts[:1]
            for draft in targets[:1]:
                for party in self._parties(extra):
                    if not any(_same_party(party, known) for known in draft.facilitators):
                        draft.facilitators.append(party)


def _is_programme_or_embassy(mention: Mention) -> bool:
    name = fold(mention.entry.name_en)
    return any(word in name for word in ("embassy", "u-lead", "bridges of trust", "giz"))


def _drop_venues(sides: list[Mention], text: str) -> list[Mention]:
    """A place named as where it happened is no side when another side of its kind exists."""

    kept = []
    for mention in sides:
        is_foreign = mention.entry.country != "UA"
        others = [
            other
            for other in sides
            if other is not mention and (other.entry.country != "UA") == is_foreign
        ]
        if _is_venue(mention, text) and others:
            continue
        kept.append(mention)
    return kept


def _is_venue(mention: Mention, text: str) -> bool:
    if mention.entry.kind not in {"municipality", "city", "hromada", "region"}:
        return False
    before = text[max(0, mention.char_start - 8) : mention.char_start].split()
    words = [fold(word).rstrip(".") for word in before[-2:]]
    return bool(words) and (
        words[-1] in _VENUE_PREPOSITIONS
        or (len(words) == 2 and words[-1] in {"м", "г", "m"} and words[0] in _VENUE_PREPOSITIONS)
    )


def _associations_over_their_leaders(sides: list[Mention]) -> list[Mention]:
    """When associations stand on both sides, the mayors' cities named with them are no sides."""
    associations = [m for m in sides if m.entry.kind == "association"]
    countries = {m.entry.country == "UA" for m in associations}
    if countries != {True, False}:
        return sides
    return [m for m in sides if m.entry.kind not in {"hromada", "city", "municipality"}]


def _union(parties: list[Party], more: list[Party]) -> list[Party]:
    return parties + [p for p in more if not any(_same_party(p, known) for known in parties)]


def _has_both_sides(parties: list[Party]) -> bool:
    sides = {side_of(party) for party in parties}
    return "UA" in sides and "foreign" in sides


def _same_party(one: Party, other: Party) -> bool:
    if {one.kind, other.kind} == {"municipality", "region"} and one.country == other.country:
        # A city that is also a first-level region (Kauno miestas, Oslo) is one side.
        return name_key(one.name_en)[:1] == name_key(other.name_en)[:1]
    if one.entry_id or other.entry_id:
        return one.entry_id == other.entry_id and one.name_en == other.name_en
    return fuzz.ratio(fold(one.name_in_text), fold(other.name_in_text)) >= 85


def _dates_compatible(one: ResolvedDate, other: ResolvedDate) -> bool:
    if one.date is None or other.date is None:
        return True
    return one.date.startswith(other.date) or other.date.startswith(one.date)


def _merge_or_append(drafts: list[EventDraft], draft: EventDraft) -> None:
    """An act reported twice is one event; so is a sentence that only continues the last one."""
    for known in drafts:
        shared = [p for p in draft.parties if any(_same_party(p, q) for q in known.parties)]
        if not shared or not _dates_compatible(known.date, draft.date):
            continue
        if draft.borrowed and known.sentences[-1] >= draft.sentences[0] - _BORROW_SENTENCES:
            _merge(known, draft)
            return
        if known.type == draft.type and len(shared) == len(draft.parties) == len(known.parties):
            _merge(known, draft)
            return
    drafts.append(draft)


def _merge(known: EventDraft, draft: EventDraft) -> None:
    # A headline names the sides briefly ("Коростень"); the body's fuller form is kept.
    for position, party in enumerate(known.parties):
        for other in draft.parties:
            if _same_party(party, other) and len(other.name_in_text) > len(party.name_in_text):
                known.parties[position] = other
    if _TYPE_PRIORITY[draft.type] < _TYPE_PRIORITY[known.type]:
        known.type = draft.type
    if len(draft.date.date or "") > len(known.date.date or ""):
        known.date = draft.date
    for party in draft.facilitators:
        if not any(_same_party(party, other) for other in known.facilitators):
            known.facilitators.append(party)
    known.sentences.append(draft.sentences[0])
