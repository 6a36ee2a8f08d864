# The copy runs in a migration of its own: on PostgreSQL the rows it updates leave deferred
# foreign-key checks pending, and a table cannot be altered in the same transaction (undoing
# 0004 drops a column that refers to the partnerships).

from django.db import migrations


def link_from_the_partnerships(apps, schema_editor):
    """Each partnership made from a proposal becomes the proposal's partnership (the link was
    the partnership's round_proposal; partnerships 0005 drops it once this has run)."""
    Partnership = apps.get_model("partnerships", "Partnership")
    RoundProposal = apps.get_model("allocation", "RoundProposal")
    made = Partnership.objects.filter(round_proposal__isnull=False).values_list(
        "round_proposal_id", "pk"
    )
    for proposal_id, partnership_id in made:
        RoundProposal.objects.filter(pk=proposal_id).update(partnership_id=partnership_id)


def link_from_the_proposals(apps, schema_editor):
    """Back: each proposal's partnership names the proposal again."""
    Partnership = apps.get_model("partnerships", "Partnership")
    RoundProposal = apps.get_model("allocation", "RoundProposal")
    made = RoundProposal.objects.filter(partnership__isnull=False).values_list(
        "pk", "partnership_id"
    )
    for proposal_id, partnership_id in made:
        Partnership.objects.filter(pk=partnership_id).update(round_proposal_id=proposal_id)


class Migration(migrations.Migration):

    dependencies = [
        ('allocation', '0004_proposal_partnership'),
    ]

    operations = [
        migrations.RunPython(link_from_the_partnerships, link_from_the_proposals),
    ]
