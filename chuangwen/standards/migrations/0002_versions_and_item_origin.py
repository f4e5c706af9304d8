import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("standards", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="standard",
            name="previous",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="next_versions",
                to="standards.standard",
                verbose_name="previous version",
            ),
        ),
        migrations.AddField(
            model_name="historicalstandard",
            name="previous",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="standards.standard",
                verbose_name="previous version",
            ),
        ),
        migrations.AddField(
            model_name="item",
            name="based_on_item",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="standards.item",
                verbose_name="copied from item",
            ),
        ),
        migrations.AddField(
            model_name="historicalitem",
            name="based_on_item",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="standards.item",
                verbose_name="copied from item",
            ),
        ),
    ]
