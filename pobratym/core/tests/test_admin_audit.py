from pobratym.accounts.tests.factories import UserFactory
from pobratym.core.models import AuditRecord
from pobratym.directory.models import Authority


def test_admin_edit_leaves_an_audit_record_with_before_and_after(
    client, small_directory, sign_in_verified
):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    sign_in_verified(client, admin_user)
    bourges = small_directory["bourges"]
    url = f"/admin/directory/authority/{bourges.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "name_uk": "Бурж (Франція)",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "country": bourges.country_id,
            "region": "",
            "raion": "",
            "section_of": "",
            "merged_into": "",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Authority.objects.get(pk=bourges.pk).name_uk == "Бурж (Франція)"
    record = AuditRecord.objects.get(verb="authority.updated")
    assert record.actor == admin_user
    assert record.changes == {"name_uk": ["Бурж", "Бурж (Франція)"]}
    assert record.details == {"via": "admin"}


def test_nobody_can_edit_the_audit_in_the_admin(client, db, sign_in_verified):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    sign_in_verified(client, admin_user)
    record = AuditRecord.objects.create(verb="login.failed", actor_label="x@example.org")

    response = client.post(f"/admin/core/auditrecord/{record.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert AuditRecord.objects.filter(pk=record.pk).exists()
