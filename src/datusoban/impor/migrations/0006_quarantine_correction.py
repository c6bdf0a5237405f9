"""Quarantined rows corrected or dismissed on screen: who closed a row and when, and why a
dismissed row (status ``ditolak``) could not be fixed. The text columns default in the
database too, since the import writes quarantined rows in bulk without them."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0005_quarantine_region_birth"),
        ("registry", "0009_source_record_quality_flags"),
    ]

    operations = [
        migrations.AddField(
            model_name="quarantinedrow",
            name="alasan_tolak",
            field=models.CharField(blank=True, db_default="", default="", max_length=500),
        ),
        migrations.AddField(
            model_name="quarantinedrow",
            name="ditangani_oleh",
            field=models.CharField(blank=True, db_default="", default="", max_length=150),
        ),
        migrations.AddField(
            model_name="quarantinedrow",
            name="ditangani_pada",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="quarantinedrow",
            name="diperbaiki_oleh",
            field=models.ForeignKey(
                blank=True,
                help_text="The later import that brought the corrected row (the row's own batch: corrected on screen)",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="registry.importbatch",
            ),
        ),
        migrations.AlterField(
            model_name="quarantinedrow",
            name="status",
            field=models.CharField(
                choices=[
                    ("terbuka", "Menunggu perbaikan"),
                    ("diperbaiki", "Sudah diperbaiki"),
                    ("ditolak", "Ditolak (tidak dapat diperbaiki)"),
                ],
                default="terbuka",
                max_length=12,
            ),
        ),
    ]
