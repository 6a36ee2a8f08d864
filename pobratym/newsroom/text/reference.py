"""Reference names the directory does not store: oblasts' English and colloquial names, and the
international bodies, programmes and national associations that news names in many languages.

Entries here are merged into the gazetteer handed in (by acronym or English name), so a body
the directory holds keeps its directory id and gains these spellings; one it does not hold is
proposed with a proper English name.
"""

from .model import GazetteerEntry

# Ukrainian oblast adjective → English name, region nickname, Russian adjective, Polish adjective.
OBLASTS: dict[str, tuple[str, str, str, str]] = {
    "Вінницька": ("Vinnytsia", "Вінниччина", "Винницкая", "winnicki"),
    "Волинська": ("Volyn", "Волинь", "Волынская", "wołyński"),
    "Дніпропетровська": (
        "Dnipropetrovsk",
        "Дніпропетровщина",
        "Днепропетровская",
        "dniepropietrowski",
    ),
    "Донецька": ("Donetsk", "Донеччина", "Донецкая", "doniecki"),
    "Житомирська": ("Zhytomyr", "Житомирщина", "Житомирская", "żytomierski"),
    "Закарпатська": ("Zakarpattia", "Закарпаття", "Закарпатская", "zakarpacki"),
    "Запорізька": ("Zaporizhzhia", "Запоріжжя", "Запорожская", "zaporoski"),
    "Івано-Франківська": ("Ivano-Frankivsk", "Прикарпаття", "Ивано-Франковская", "iwanofrankiwski"),
    "Київська": ("Kyiv", "Київщина", "Киевская", "kijowski"),
    "Кіровоградська": ("Kirovohrad", "Кіровоградщина", "Кировоградская", "kirowohradzki"),
    "Луганська": ("Luhansk", "Луганщина", "Луганская", "ługański"),
    "Львівська": ("Lviv", "Львівщина", "Львовская", "lwowski"),
    "Миколаївська": ("Mykolaiv", "Миколаївщина", "Николаевская", "mikołajowski"),
    "Одеська": ("Odesa", "Одещина", "Одесская", "odeski"),
    "Полтавська": ("Poltava", "Полтавщина", "Полтавская", "połtawski"),
    "Рівненська": ("Rivne", "Рівненщина", "Ровенская", "rówieński"),
    "Сумська": ("Sumy", "Сумщина", "Сумская", "sumski"),
    "Тернопільська": ("Ternopil", "Тернопільщина", "Тернопольская", "tarnopolski"),
    "Харківська": ("Kharkiv", "Харківщина", "Харьковская", "charkowski"),
    "Херсонська": ("Kherson", "Херсонщина", "Херсонская", "chersoński"),
    "Хмельницька": ("Khmelnytskyi", "Хмельниччина", "Хмельницкая", "chmielnicki"),
    "Черкаська": ("Cherkasy", "Черкащина", "Черкасская", "czerkaski"),
    "Чернівецька": ("Chernivtsi", "Буковина", "Черновицкая", "czerniowiecki"),
    "Чернігівська": ("Chernihiv", "Чернігівщина", "Черниговская", "czernihowski"),
}


def _body(
    kind: str, name_en: str, country: str | None, names: str, acronyms: str = ""
) -> GazetteerEntry:
    return GazetteerEntry(
        id="",
        kind=kind,
        name_en=name_en,
        names=(name_en, *filter(None, (name.strip() for name in names.split("|")))),
        country=country,
        acronyms=tuple(acronyms.split()),
    )


BODIES = (
    _body(
        "international_body",
        "European Committee of the Regions",
        "EU",
        "Європейський комітет регіонів|Европейский комитет регионов|Европейски комитет на "
        "регионите|Комитет на регионите|Europejski Komitet Regionów|Europäischer Ausschuss der "
        "Regionen|Comité européen des régions|Europos regionų komitetas|Regionkomiteen|Evropský "
        "výbor regionů|Comitetul European al Regiunilor|Comitato europeo delle regioni",
        "CoR КР AdR CdR EKR VR",
    ),
    _body(
        "association",
        "Council of European Municipalities and Regions",
        "INT",
        "Рада європейських муніципалітетів і регіонів|Совет европейских муниципалитетов и "
        "регионов|Rada Gmin i Regionów Europy|Rat der Gemeinden und Regionen Europas|Conseil des "
        "communes et régions d'Europe|Europos savivaldybių ir regionų taryba",
        "CEMR CCRE RGRE",
    ),
    _body(
        "international_body",
        "Congress of Local and Regional Authorities of the Council of Europe",
        "INT",
        "Конгрес місцевих і регіональних влад Ради Європи|Конгресс местных и региональных "
        "властей Совета Европы|Kongres Władz Lokalnych i Regionalnych Rady Europy|Kongress der "
        "Gemeinden und Regionen des Europarates|Congrès des pouvoirs locaux et régionaux",
    ),
    _body(
        "international_body",
        "European Commission",
        "EU",
        "Європейська комісія|Єврокомісія|Европейская комиссия|Европейската комисия|Komisja "
        "Europejska|Europäische Kommission|Commission européenne|Europos Komisija|"
        "Europakommisjonen",
    ),
    _body(
        "international_body",
        "European Union",
        "EU",
        "Європейський Союз|Евросоюз|Европейский союз|Европейския съюз|Unia Europejska|"
        "Europäische Union|Union européenne|Europos Sąjunga|Den europeiske union|Evropská unie|"
        "Uniunea Europeană",
    ),
    _body(
        "international_body",
        "U-LEAD with Europe",
        "EU",
        "U-LEAD з Європою|U-LEAD с Европой|U-LEAD mit Europa|U-LEAD z Europą",
        "U-LEAD",
    ),
    _body(
        "international_body",
        "Bridges of Trust",
        "EU",
        "Мости довіри|Мосты доверия|Mosty zaufania|Brücken des Vertrauens|Ponts de confiance|"
        "Pasitikėjimo tiltai|Tillitsbroer",
    ),
    _body(
        "international_body",
        "Covenant of Mayors",
        "EU",
        "Угода мерів|Соглашение мэров|Porozumienie Burmistrzów|Konvent der Bürgermeister|"
        "Convention des maires|Merų paktas|Ordførerpakten",
    ),
    _body(
        "national_body",
        "GIZ",
        "DE",
        "Deutsche Gesellschaft für Internationale Zusammenarbeit|Німецьке товариство "
        "міжнародного співробітництва|Германское общество по международному сотрудничеству",
        "GIZ",
    ),
    _body(
        "association",
        "Association of Ukrainian Cities",
        "UA",
        "Асоціація міст України|Ассоциация городов Украины|Związek Miast Ukrainy|Ukrainischer "
        "Städteverband|Association des villes d'Ukraine|Ukrainos miestų asociacija",
        "АМУ AUC",
    ),
    _body(
        "association",
        "Association of Amalgamated Territorial Communities",
        "UA",
        "Асоціація об'єднаних територіальних громад|Ассоциация объединенных территориальных общин",
        "ОТГ-асоціація",
    ),
    _body(
        "association",
        "Ukrainian Association of District and Regional Councils",
        "UA",
        "Українська асоціація районних та обласних рад|Украинская ассоциация районных и "
        "областных советов",
        "УАРОР",
    ),
    _body(
        "association",
        "Association of Polish Cities",
        "PL",
        "Związek Miast Polskich|Асоціація міст Польщі|Спілка польських міст|Союз польских городов",
        "ZMP",
    ),
    _body(
        "association",
        "Association of Polish Counties",
        "PL",
        "Związek Powiatów Polskich|Спілка польських повітів",
        "ZPP",
    ),
    _body(
        "association",
        "Association of German Cities",
        "DE",
        "Deutscher Städtetag|Асоціація міст Німеччини|Німецька асоціація міст",
    ),
    _body(
        "association",
        "German Association of Towns and Municipalities",
        "DE",
        "Deutscher Städte- und Gemeindebund|Німецька спілка міст і громад",
        "DStGB",
    ),
    _body(
        "association",
        "Swedish Association of Local Authorities and Regions",
        "SE",
        "Sveriges Kommuner och Regioner|Шведська асоціація місцевих влад і регіонів",
        "SKR SALAR",
    ),
    _body(
        "association",
        "Local Government Denmark",
        "DK",
        "Kommunernes Landsforening|Асоціація місцевих влад Данії",
        "KL",
    ),
    _body(
        "association",
        "Association of Netherlands Municipalities",
        "NL",
        "Vereniging van Nederlandse Gemeenten|Асоціація муніципалітетів Нідерландів",
        "VNG",
    ),
    _body(
        "association",
        "Union of Towns and Municipalities of the Czech Republic",
        "CZ",
        "Svaz měst a obcí České republiky|Спілка міст і громад Чеської Республіки",
        "SMO",
    ),
    _body(
        "association",
        "Latvian Association of Local and Regional Governments",
        "LV",
        "Latvijas Pašvaldību savienība|Асоціація місцевих і регіональних урядів Латвії",
        "LPS",
    ),
    _body(
        "association",
        "Association of Finnish Municipalities",
        "FI",
        "Suomen Kuntaliitto|Асоціація муніципалітетів Фінляндії",
        "Kuntaliitto",
    ),
)
