"""A small directory as plain data for the pure pipeline's tests, spelled as the import spells it
(GeoNames' Ukrainian names included, odd ones too: "Келце", "Реґенсбурґ")."""

from pobratym.newsroom.text import Gazetteer, GazetteerEntry


def _hromada(number: int, name: str, english: str, centre: str, population: int) -> GazetteerEntry:
    return GazetteerEntry(
        id=f"authority:{number}",
        kind="hromada",
        name_en=english,
        names=(name, english),
        country="UA",
        population=population,
        centre=centre,
    )


def _oblast(number: int, name: str, english: str) -> GazetteerEntry:
    return GazetteerEntry(
        id=f"authority:{number}", kind="oblast", name_en=english, names=(name,), country="UA"
    )


def _municipality(
    number: int, name: str, name_uk: str, country: str, population: int
) -> GazetteerEntry:
    return GazetteerEntry(
        id=f"authority:{number}",
        kind="municipality",
        name_en=name,
        names=tuple(filter(None, (name, name_uk))),
        country=country,
        population=population,
    )


def _association(
    number: int, kind: str, name: str, name_uk: str, name_en: str, acronym: str, country: str
) -> GazetteerEntry:
    return GazetteerEntry(
        id=f"association:{number}",
        kind=kind,
        name_en=name_en,
        names=(name, name_uk, name_en),
        country=country,
        acronyms=(acronym,) if acronym else (),
    )


ENTRIES = [
    _hromada(1, "Вінницька міська територіальна громада", "Vinnytska city hromada", "Вінниця", 430091),
    _hromada(2, "Тростянецька міська територіальна громада", "Trostianetska city hromada", "Тростянець", 19544),
    _hromada(3, "Тростянецька селищна територіальна громада", "Trostianetska settlement hromada", "Тростянець", 7584),
    _hromada(4, "Ірпінська міська територіальна громада", "Irpinska city hromada", "Ірпінь", 65167),
    _hromada(5, "Полтавська міська територіальна громада", "Poltavska city hromada", "Полтава", 279593),
    _hromada(6, "Хмельницька міська територіальна громада", "Khmelnytska city hromada", "Хмельницький", 274452),
    _hromada(7, "Івано-Франківська міська територіальна громада", "Ivano-Frankivska city hromada", "Івано-Франківськ", 238196),
    _hromada(8, "Дніпровська міська територіальна громада", "Dniprovska city hromada", "Дніпро", 968502),
    _hromada(9, "Одеська міська територіальна громада", "Odeska city hromada", "Одеса", 1010537),
    _hromada(10, "Херсонська міська територіальна громада", "Khersonska city hromada", "Херсон", 66000),
    _hromada(11, "Тернопільська міська територіальна громада", "Ternopilska city hromada", "Тернопіль", 225238),
    _hromada(12, "Чортківська міська територіальна громада", "Chortkivska city hromada", "Чортків", 28393),
    _hromada(13, "Харківська міська територіальна громада", "Kharkivska city hromada", "Харків", 1421125),
    _hromada(14, "Чернігівська міська територіальна громада", "Chernihivska city hromada", "Чернігів", 282747),
    _hromada(15, "Криворізька міська територіальна громада", "Kryvorizka city hromada", "Кривий Ріг", 603904),
    _hromada(16, "Львівська міська територіальна громада", "Lvivska city hromada", "Львів", 717273),
    _hromada(17, "Миколаївська міська територіальна громада", "Mykolaivska city hromada", "Миколаїв", 470011),
    _hromada(18, "Миколаївська міська територіальна громада", "Mykolaivska city hromada", "Миколаїв", 14498),
    _hromada(19, "Коростенська міська територіальна громада", "Korostenska city hromada", "Коростень", 61496),
    _hromada(20, "Олександрійська міська територіальна громада", "Oleksandriiska city hromada", "Олександрія", 80000),
    _oblast(101, "Львівська область", "Lvivska oblast"),
    _oblast(102, "Луганська область", "Luhanska oblast"),
    _oblast(103, "Сумська область", "Sumska oblast"),
    _oblast(104, "Житомирська область", "Zhytomyrska oblast"),
    _municipality(201, "Kielce", "Келце", "PL", 192468),
    _municipality(202, "Ludwigsburg", "Людвігсбург", "DE", 87603),
    _municipality(203, "Lublin", "Люблін", "PL", 336339),
    _municipality(204, "Regensburg", "Реґенсбурґ", "DE", 151389),
    _municipality(205, "Rzeszów", "Ряшів", "PL", 198317),
    _municipality(206, "Bremen", "Бремен", "DE", 546501),
    _municipality(207, "Varna", "Варнæ", "BG", 318737),
    _municipality(208, "Gabrovo", "Габрово", "BG", 48133),
    _municipality(209, "Darmstadt", "Дармштадт", "DE", 167029),
    _municipality(210, "Schwerin", "Шверін", "DE", 96641),
    _municipality(211, "Kaunas", "Каунас", "LT", 289380),
    _municipality(212, "Šiauliai", "Шяуляй", "LT", 99462),
    _municipality(213, "Grenoble", "Гренобль", "FR", 158552),
    _municipality(214, "Nancy", "Нанси", "FR", 105058),
    _municipality(215, "Bergen", "Берген", "NO", 294029),
    _municipality(216, "Bergen", "Берген", "DE", 13609),
    _municipality(217, "Trondheim", "Тронгейм", "NO", 216518),
    _municipality(218, "Mainz", "Майнц", "DE", 222889),
    _municipality(219, "Brno", "Брно", "CZ", 379466),
    _municipality(220, "Suceava", "Сучава", "RO", 84308),
    _municipality(221, "Bourges", "Бурж", "FR", 67987),
    _municipality(222, "Plungė", "Плунге", "LT", 18904),
    _municipality(223, "Oslo", "Осло", "NO", 1082575),
    # Names that are also common words or first names: never to be linked by accident.
    _municipality(224, "Nice", "Ніцца", "FR", 342669),
    _municipality(225, "Bar", "Бар", "ME", 13719),
    _municipality(226, "Brest", "Брест", "FR", 139386),
    _municipality(227, "Taranto", "Таранто", "IT", 198283),
    _municipality(228, "Lille", "Лілль", "FR", 238695),
    _association(1, "alliance", "European Alliance of Cities and Regions for the Reconstruction of Ukraine", "Європейський альянс міст і регіонів з питань відбудови України", "European Alliance of Cities and Regions for the Reconstruction of Ukraine", "", "EU"),
    _association(2, "international_body", "European Committee of the Regions", "Європейський комітет регіонів", "European Committee of the Regions", "CoR", "EU"),
    _association(3, "association", "Council of European Municipalities and Regions", "Рада європейських муніципалітетів і регіонів", "Council of European Municipalities and Regions", "CEMR", "INT"),
    _association(4, "association", "Асоціація міст України", "Асоціація міст України", "Association of Ukrainian Cities", "АМУ", "UA"),
    _association(5, "association", "Асоціація прифронтових міст та громад", "Асоціація прифронтових міст та громад", "Association of Frontline Cities and Communities", "", "UA"),
    _association(6, "association", "Association française du Conseil des Communes et Régions d'Europe", "Французька асоціація Ради європейських муніципалітетів і регіонів", "French Association of the Council of European Municipalities and Regions", "AFCCRE", "FR"),
    _association(7, "association", "Kommunesektorens organisasjon", "Асоціація місцевої та регіональної влади Норвегії", "Norwegian Association of Local and Regional Authorities", "KS", "NO"),
    _association(8, "association", "Lietuvos savivaldybių asociacija", "Асоціація органів місцевого самоврядування Литви", "Association of Local Authorities of Lithuania", "LSA", "LT"),
]  # fmt: skip


def small_gazetteer() -> Gazetteer:
    return Gazetteer(ENTRIES)
