"""A page read looks up the viewer's roles once; a role that changes meanwhile still counts,
and outside a page every check reads the database."""

from pobratym.accounts import services
from pobratym.accounts.role_memo import remembering
from pobratym.accounts.rules import (
    acts_for,
    associations_of,
    has_verified_membership,
    is_editor_of,
    is_facilitator_for,
)
from pobratym.accounts.tests.factories import claim, editor_of, facilitator_of, secretariat
from pobratym.directory.tests.factories import (
    AssociationFactory,
    AuthorityFactory,
    MembershipFactory,
)


def test_a_page_looks_up_the_viewers_roles_and_an_organisations_associations_once(
    db, django_assert_num_queries
):
    korosten, other = AuthorityFactory(), AuthorityFactory(name="Інша громада")
    auc = AssociationFactory(slug="auc")
    MembershipFactory(association=auc, authority=korosten)
    user = facilitator_of(auc)

    with remembering(), django_assert_num_queries(2):
        for _ in range(3):
            assert has_verified_membership(user)
            assert is_facilitator_for(user, korosten)
            assert not is_editor_of(user, korosten)
            assert not is_editor_of(user, other)
            assert associations_of(korosten) == {auc.pk}


def test_a_claim_verified_during_a_page_counts_at_once(db):
    korosten = AuthorityFactory()
    user = editor_of(AuthorityFactory(name="Інша громада"))
    pending = claim(korosten, user=user)

    with remembering():
        assert not is_editor_of(user, korosten)
        services.membership_decide(membership=pending, approve=True, actor=secretariat())
        assert is_editor_of(user, korosten)


def test_an_association_joined_during_a_page_counts_at_once(db):
    korosten = AuthorityFactory()
    auc = AssociationFactory(slug="auc")
    user = facilitator_of(auc)

    with remembering():
        assert not is_facilitator_for(user, korosten)
        MembershipFactory(association=auc, authority=korosten)
        assert is_facilitator_for(user, korosten)


def test_outside_a_page_every_check_reads_the_database(db, django_assert_num_queries):
    korosten = AuthorityFactory()
    user = editor_of(korosten)

    with django_assert_num_queries(3):
        for _ in range(3):
            assert is_editor_of(user, korosten)


def test_an_access_rules_query_looks_up_the_viewers_roles_once_outside_a_page(
    db, django_assert_num_queries
):
    auc = AssociationFactory(slug="auc")
    user = facilitator_of(auc)

    # Building the condition reads the roles once (own organisations and facilitated
    # associations alike); the members of the facilitated association stay a subquery.
    with django_assert_num_queries(1):
        acts_for.q(user, authority="authority_id", association="association_id")


def test_an_access_rules_query_in_a_page_reuses_the_roles_the_page_looked_up(
    db, django_assert_num_queries
):
    korosten = AuthorityFactory()
    user = editor_of(korosten)

    with remembering():
        assert is_editor_of(user, korosten)
        with django_assert_num_queries(0):
            acts_for.q(user, authority="authority_id", association="association_id")
            assert acts_for.check(user, korosten)
