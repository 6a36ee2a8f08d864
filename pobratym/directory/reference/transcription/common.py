"""What every table of rules shares: letter classes, the look-arounds the patterns use, the
rules for j and l, and the base table that applies after a language's own rules."""

VOWELS = "aeiouyáàâäãåæéèêëíìîïóòôöõøœúùûüýÿąęėįųūāēīōőűəı"
V = f"[{VOWELS}]"
C = f"[^{VOWELS}\\s'’\\-]"  # a consonant letter
START_OR_VOWEL = f"(?<![^{VOWELS}\\s'’\\-])"  # at a word's start or after a vowel
AFTER_CONSONANT = f"(?<={C})"
BEFORE_CONSONANT_OR_END = f"(?={C}|$|[\\s\\-’])"

Rules = list[tuple[str, str]]


def j_rules(letter: str = "j") -> Rules:
    """A consonant j (or y) before a vowel: я, є, ю after a vowel or at the start, ’я after a
    consonant; before a consonant or at the end й."""
    return [
        (f"{START_OR_VOWEL}{letter}a", "я"),
        (f"{START_OR_VOWEL}{letter}[eé]", "є"),
        (f"{START_OR_VOWEL}{letter}[uú]", "ю"),
        (f"{START_OR_VOWEL}{letter}o", "йо"),
        (f"{START_OR_VOWEL}{letter}i", "ї"),
        (f"{AFTER_CONSONANT}{letter}a", "’я"),
        (f"{AFTER_CONSONANT}{letter}[eé]", "’є"),
        (f"{AFTER_CONSONANT}{letter}[uú]", "’ю"),
        (f"{AFTER_CONSONANT}{letter}o", "’йо"),
        (letter, "й"),
    ]


def soft_l(light: bool = True) -> Rules:
    if not light:
        return [("ll", "лл"), ("l", "л")]
    return [
        ("ll(?=[aou])", "лл"),
        (f"ll{BEFORE_CONSONANT_OR_END}", "ль"),
        ("ll", "лл"),
        ("l(?=[aáàâ])", "л"),
        ("l(?=[uúùû])", "л"),
        ("l(?=[oóòô])", "л"),
        (f"l{BEFORE_CONSONANT_OR_END}", "ль"),
        ("l", "л"),
    ]


BASE: Rules = [
    ("a", "а"),
    ("b", "б"),
    ("c", "к"),
    ("d", "д"),
    (f"{START_OR_VOWEL}e", "е"),
    ("e", "е"),
    ("f", "ф"),
    ("g", "г"),
    ("h", "г"),
    ("i", "і"),
    ("j", "й"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("q", "к"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("v", "в"),
    ("w", "в"),
    ("x", "кс"),
    ("y", "і"),
    ("z", "з"),
]
