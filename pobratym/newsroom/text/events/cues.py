"""The words that say what a sentence reports: the cues of each event type, most specific
first, and those of what is no event (the future, a source line), of facilitation and of venues."""

import re
from functools import cache

from ..normalise import fold

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
