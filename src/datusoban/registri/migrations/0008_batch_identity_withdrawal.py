from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0007_person_kabkota"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="alasan_tarik",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="ditarik_oleh",
            field=models.CharField(blank=True, max_length=150),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="ditarik_pada",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="status",
            field=models.CharField(
                choices=[
                    ("berjalan", "Sedang berjalan"),
                    ("selesai", "Selesai"),
                    ("gagal", "Gagal"),
                    ("ditarik", "Ditarik"),
                ],
                default="berjalan",
                max_length=10,
            ),
        ),
        migrations.AddConstraint(
            model_name="importbatch",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "selesai")),
                fields=("source", "profil", "sha256"),
                name="import_batch_identity",
            ),
        ),
    ]
