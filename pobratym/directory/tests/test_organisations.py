import pytest

from pobratym.directory.organisations import (
    organisation_by_key,
    organisation_key,
    organisation_kind,
)
from pobratym.directory.tests.factories import AssociationFactory, AuthorityFactory


@pytest.mark.django_db
def test_organisation_key_tells_an_authority_from_an_association_with_the_same_id() -> None:
    authority = AuthorityFactory()
    association = AssociationFactory(pk=authority.pk)

    keys = (organisation_key(authority), organisation_key(association))

    assert keys == (f"authority:{authority.pk}", f"association:{authority.pk}")
    assert [organisation_by_key(key) for key in keys] == [authority, association]


@pytest.mark.django_db
def test_organisation_by_key_is_none_for_a_key_that_names_nothing() -> None:
    authority = AuthorityFactory()

    keys = ["", f"region:{authority.pk}", "authority:x", f"association:{authority.pk + 1}"]

    assert [organisation_by_key(key) for key in keys] == [None, None, None, None]


def test_organisation_kind_is_none_for_anything_else() -> None:
    assert organisation_kind(None) is None
