"""Reading pages as a browser would: what a form sends, and what a need's page recommends."""

import pytest
from page_reading import form_posting_to, forms_in, page_text, recommendations_in

NEED_FORM = """
<form method="post" action="/i18n/setlang/"><input type="hidden" name="language" value="en"></form>
<form method="post" enctype="multipart/form-data" novalidate>
  <input type="hidden" name="csrfmiddlewaretoken" value="TOKEN">
  <input type="hidden" name="submission" value="ONCE">
  <select name="organisation" id="id_organisation">
    <option value="authority:7">Korostenska city hromada</option>
  </select>
  <input type="text" name="title" maxlength="200" id="id_title">
  <textarea name="description" cols="40" rows="10">
First line</textarea>
  <input type="checkbox" name="sectors" value="energy" checked>
  <input type="checkbox" name="sectors" value="energy.generators">
  <select name="urgency"><option value="low">low</option><option value="medium" selected>medium</option></select>
  <select name="kind"><option> long-term
    twinning</option></select>
  <input type="radio" name="visibility" value="public"><input type="radio" name="visibility" value="verified" checked>
  <input type="hidden" name="items-TOTAL_FORMS" value="3">
  <input type="file" name="document">
  <button type="submit" name="add_rows" value="1" class="secondary">Add more rows</button>
  <button type="submit">Save</button>
</form>
"""


def test_an_unchanged_form_sends_what_a_browser_sends() -> None:
    form = form_posting_to(NEED_FORM, "/exchange/needs/new/", page_address="/exchange/needs/new/")

    assert form.filled({}) == [
        ("csrfmiddlewaretoken", "TOKEN"),
        ("submission", "ONCE"),
        ("organisation", "authority:7"),
        ("title", ""),
        ("description", "First line"),
        ("sectors", "energy"),
        ("urgency", "medium"),
        ("kind", "long-term twinning"),
        ("visibility", "verified"),
        ("items-TOTAL_FORMS", "3"),
    ]


def test_changes_replace_fields_in_place_and_a_group_takes_every_value_given() -> None:
    form = forms_in(NEED_FORM)[1]

    sent = form.filled(
        {"title": "Generators", "sectors": ["energy.generators"], "visibility": "public"},
        press=("add_rows", "1"),
    )

    assert sent[3] == ("title", "Generators")
    assert [value for name, value in sent if name == "sectors"] == ["energy.generators"]
    assert ("visibility", "public") in sent and ("visibility", "verified") not in sent
    assert sent[-1] == ("add_rows", "1")


def test_a_field_a_choice_or_a_button_the_form_lacks_is_refused_by_name() -> None:
    form = forms_in(NEED_FORM)[1]

    with pytest.raises(KeyError, match="titel"):
        form.filled({"titel": "Generators"})
    with pytest.raises(KeyError, match="organisation=authority:8"):
        form.filled({"organisation": "authority:8"})
    with pytest.raises(KeyError, match="sectors=water"):
        form.filled({"sectors": ["energy", "water"]})
    with pytest.raises(KeyError, match="to_state=accepted"):
        form.filled({}, press=("to_state", "accepted"))


def test_a_form_is_found_by_where_it_posts() -> None:
    page = "/partnerships/new/?need=5"
    itself = form_posting_to(NEED_FORM, page, page_address=page)
    language = form_posting_to(NEED_FORM, "/i18n/setlang/", page_address=page)

    assert ("csrfmiddlewaretoken", "TOKEN") in itself.fields
    assert language.fields == [("language", "en")]
    with pytest.raises(LookupError, match="/accounts/login/"):
        form_posting_to(NEED_FORM, "/accounts/login/", page_address=page)


RECOMMENDED = """
<section class="need"><h2>Items</h2><h3><a href="/exchange/offers/99/">Not a recommendation</a></h3></section>
<section aria-labelledby="recommendations-heading" class="recommendations">
  <h2 id="recommendations-heading">Recommended offers</h2>
  <ol class="recommendation-list">
    <li><article><header>
      <h3><a href="/exchange/offers/3/" lang="fr">Groupes   électrogènes</a></h3>
      <p><a href="/directory/authorities/2/">Bourges</a> · France</p>
      <p class="score" data-fit>Strong fit · <strong data-partner>Already partners</strong></p>
    </header><ul class="reasons"><li data-reason="sector">Same sector</li></ul></article></li>
    <li><article><header>
      <h3><a href="/exchange/offers/4/">Saulės elektrinės</a></h3>
      <p class="score" data-fit>Good fit</p>
    </header></article></li>
  </ol>
</section>
"""


def test_the_recommended_offers_are_read_in_order_with_their_partners() -> None:
    found = recommendations_in(RECOMMENDED)

    assert found is not None and not found.preparing
    assert [(o.offer_id, o.title, o.is_partner) for o in found.offers] == [
        (3, "Groupes électrogènes", True),
        (4, "Saulės elektrinės", False),
    ]
    assert found.titled("Saulės elektrinės") == found.offers[1]
    assert found.titled("Not a recommendation") is None


def test_recommendations_being_prepared_and_a_page_without_any() -> None:
    preparing = recommendations_in(
        '<section class="recommendations"><p data-preparing>Being prepared</p></section>'
    )

    assert preparing is not None and preparing.preparing and preparing.offers == ()
    assert recommendations_in("<main><p>Closed.</p></main>") is None


def test_page_text_is_what_a_person_reads() -> None:
    html = "<head><title>T</title><style>p{}</style></head><main><p>This code is\n not right.</p></main>"

    assert page_text(html) == "This code is not right."
    assert page_text("<p>" + "word " * 50 + "</p>", limit=20) == "word word word word …"
