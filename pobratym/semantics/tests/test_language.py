"""One detector for every caller: the caller's languages, decoys, threshold and answer for
"cannot tell"."""

from pobratym.semantics import detect_language

NORWEGIAN = "Kommunen tilbyr opplæring i beredskap og sivilforsvar for ukrainske kommuner"
VIETNAMESE = "Thành phố Hà Nội đã ký biên bản ghi nhớ hợp tác với thành phố"


def test_norwegian_is_reported_as_no_whichever_written_form_is_asked_for():
    assert detect_language(NORWEGIAN, languages=["no", "en"], unknown="") == "no"
    assert detect_language(NORWEGIAN, languages=["nb", "nn", "en"], unknown=None) == "no"


def test_a_decoy_is_reported_as_unknown_not_as_the_closest_language():
    found = detect_language(VIETNAMESE, languages=["en", "fr"], decoys=["vi"], unknown=None)

    assert found is None


def test_below_the_threshold_or_without_letters_the_answer_is_unknown():
    # As much Bulgarian as Ukrainian: without a threshold the detector guesses.
    assert detect_language("Генератори", languages=["uk", "bg"], unknown="") in ("uk", "bg")
    assert (
        detect_language("Генератори", languages=["uk", "bg"], min_confidence=0.9, unknown="") == ""
    )
    assert detect_language("12345 — 67", languages=["uk", "en"], unknown=None) is None


def test_only_the_start_is_read_when_asked():
    text = "Потрібні генератори для лікарні. " + "We offer training for towns. " * 20

    assert detect_language(text, languages=["uk", "en"], read_up_to=30, unknown="") == "uk"
