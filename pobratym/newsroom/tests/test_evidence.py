import random

from pobratym.newsroom.text import extract
from pobratym.newsroom.text.evidence import evidence
from pobratym.newsroom.text.normalise import Sentence, sentences

from .gazetteer_data import small_gazetteer

GAZETTEER = small_gazetteer()
# One sentence of 757 characters, the sides named after its 500th.
PREAMBLE = (
    "Після тривалої підготовки, кількох робочих нарад, обміну листами та консультацій з "
    "фахівцями у сферах водопостачання, енергетики, освіти, охорони здоров'я, соціального "
    "захисту, культури, молодіжної політики, цифрових послуг, громадського транспорту, "
    "поводження з відходами, відновлення житла, підтримки малого бізнесу, туризму та спорту, а "
    "також після обговорення з депутатами, старостами, керівниками комунальних підприємств, "
    "директорами шкіл, лікарень і бібліотек, представниками громадських організацій і "
    "волонтерських ініціатив, "
)
ACT = (
    "15 квітня 2024 року представники Коростенської міської територіальної громади та "
    "муніципалітету Бурж (Франція) підписали меморандум про співпрацю, який передбачає обмін "
    "досвідом, спільні проєкти та навчальні візити фахівців."
)
AFTER = "Французькі колеги розповіли про модернізацію станції очищення води."


def _sentences(*texts: str) -> list[Sentence]:
    return sentences("\n".join(texts))


def test_evidence_joins_the_whole_sentences_that_fit():
    first, second = "Перше речення " + "а" * 186 + ".", "Друге речення " + "б" * 236 + "."

    text = evidence(_sentences(first, second), [])

    assert text == f"{first} … {second}"
    assert len(text) == 455


def test_evidence_leaves_out_a_sentence_with_too_little_room_left():
    first, second = "Перше " + "а" * 393 + ".", "Друге " + "б" * 293 + "."

    assert evidence(_sentences(first, second), []) == f"{first} …"


def test_evidence_cuts_a_long_sentence_between_words_from_its_start():
    words = " ".join(f"слово{number}" for number in range(150))  # 1,039 characters

    text = evidence(_sentences(words + "."), [(0, 6)])

    assert len(text) <= 500
    assert text.endswith("…")
    kept = text.removesuffix("…")
    assert words.startswith(kept)
    assert words[len(kept)] == " "
    assert len(kept) > 450


def test_evidence_of_a_long_sentence_shows_the_sides_named_late():
    (sentence,) = _sentences(PREAMBLE + ACT)
    start = sentence.text.index("Коростенської")
    end = sentence.text.index("(Франція)")

    text = evidence([sentence], [(start, start + 13), (end - 5, end)])

    assert len(text) == 497
    assert text.startswith("…з відходами, відновлення житла")
    assert text.endswith(ACT)


def test_evidence_cuts_a_word_longer_than_the_room():
    url = "https://example.org/" + "x" * 2000

    text = evidence(_sentences(f"Джерело: {url}"), [])

    assert text == f"Джерело: {url}"[:499] + "…"


def test_evidence_never_exceeds_its_limit_on_random_sentences():
    generator = random.Random(22)
    for _ in range(300):
        texts = [
            " ".join(
                "".join(generator.choices("абвгд ", k=generator.randint(1, 30)))
                for _ in range(generator.randint(1, 80))
            ).strip()
            + "."
            for _ in range(generator.randint(1, 4))
        ]
        found = _sentences(*texts)
        names = [(s.start, s.start + 3) for s in found if generator.random() < 0.5]

        text = evidence(found, names)

        assert 0 < len(text) <= 500, texts


def test_pipeline_evidence_of_a_headline_and_a_long_sentence_shows_both_within_500():
    article = f"Коростень і Бурж підписали меморандум\n\n{PREAMBLE}{ACT}\n\n{AFTER}"

    (event,) = extract(article, gazetteer=GAZETTEER).events

    assert len(event.evidence) == 494
    assert event.evidence.startswith("Коростень і Бурж підписали меморандум … малого бізнесу,")
    assert event.evidence.endswith(ACT)
    assert AFTER not in event.evidence


def test_pipeline_evidence_of_a_short_event_is_its_sentences_whole():
    article = f"Коростень і Бурж підписали меморандум\n\n{ACT}\n\n{AFTER}"

    (event,) = extract(article, gazetteer=GAZETTEER).events

    assert event.evidence == f"Коростень і Бурж підписали меморандум … {ACT}"
