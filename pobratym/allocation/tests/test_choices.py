"""Starting a round lists the oblasts alphabetically in the reader's language."""

import pytest
from django.urls import reverse

from pobratym.accounts.tests.factories import secretariat, sign_in_verified
from pobratym.directory.tests.alphabet import (
    OBLASTS_IN_ORDER,
    countries_and_oblasts,
    select_options,
)


@pytest.mark.parametrize("language", ["uk", "en"])
def test_round_scope_lists_oblasts_alphabetically(client, db, language):
    countries_and_oblasts()
    sign_in_verified(client, secretariat(language=language))

    html = client.get(reverse("allocation:round_create")).content.decode()

    assert select_options(html, "oblast") == OBLASTS_IN_ORDER[language]
