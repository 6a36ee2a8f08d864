"""A partnership answers several needs and offers: the single need and offer it had become the
first of its lists, so no link is lost."""

from django.db import migrations, models


def lists_from_single_links(apps, schema_editor):
    Partnership = apps.get_model("partnerships", "Partnership")
    for partnership in Partnership.objects.exclude(need=None, offer=None).iterator():
        if partnership.need_id is not None:
            partnership.needs.add(partnership.need_id)
        if partnership.offer_id is not None:
            partnership.offers.add(partnership.offer_id)


def single_links_from_lists(apps, schema_editor):
    # Going back keeps the first need and offer of each list (the one it started from).
    Partnership = apps.get_model("partnerships", "Partnership")
    for partnership in Partnership.objects.all().iterator():
        first_need = Partnership.needs.through.objects.filter(partnership_id=partnership.pk)
        first_offer = Partnership.offers.through.objects.filter(partnership_id=partnership.pk)
        partnership.need_id = first_need.order_by("pk").values_list("need_id", flat=True).first()
        partnership.offer_id = first_offer.order_by("pk").values_list("offer_id", flat=True).first()
        partnership.save(update_fields=["need", "offer"])


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0003_search_key_indexes"),
        ("partnerships", "0001_initial"),
    ]

    operations = [
        # The old links give up their reverse names first, so the lists can take them.
        migrations.AlterField(
            model_name="partnership",
            name="need",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="+",
                to="exchange.need",
                verbose_name="the need it answers",
            ),
        ),
        migrations.AlterField(
            model_name="partnership",
            name="offer",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="+",
                to="exchange.offer",
                verbose_name="the offer it takes up",
            ),
        ),
        migrations.AddField(
            model_name="partnership",
            name="needs",
            field=models.ManyToManyField(
                blank=True,
                related_name="partnerships",
                to="exchange.need",
                verbose_name="the needs it answers",
            ),
        ),
        migrations.AddField(
            model_name="partnership",
            name="offers",
            field=models.ManyToManyField(
                blank=True,
                related_name="partnerships",
                to="exchange.offer",
                verbose_name="the offers it takes up",
            ),
        ),
        migrations.RunPython(lists_from_single_links, single_links_from_lists),
        migrations.RemoveField(model_name="partnership", name="need"),
        migrations.RemoveField(model_name="partnership", name="offer"),
    ]
