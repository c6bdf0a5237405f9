"""Models renamed by the naming rule (docs/GLOSSARY.md): programme and legal terms in
Indonesian. Each table keeps its name first (``db_table``), so the renames touch no
data; only the programme version's column follows its field (programme -> program)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    # After every migration of the other apps: those name the old models, and a rename
    # placed before one of them in the plan would leave that one pointing at the old name.
    dependencies = [
        ("reference", "0002_reference_load"),
        ("accounts", "0005_audit_no_replace"),
        ("cases", "0005_grievance_registry_change"),
        ("ingest", "0005_quarantine_region_birth"),
        ("linkage", "0001_link_runs_review_queue_decisions"),
        ("programs", "0004_enrolment_counts"),
        ("registry", "0009_source_record_quality_flags"),
        ("services", "0004_nonaktif_sejak"),
        ("targeting", "0003_alokasi_ketepatan"),
    ]

    operations = [
        migrations.AlterModelTable(name="ppkscategory", table="reference_ppkscategory"),
        migrations.AlterModelTable(name="pskstype", table="reference_pskstype"),
        migrations.AlterModelTable(name="programme", table="reference_programme"),
        migrations.AlterModelTable(name="programmeversion", table="reference_programmeversion"),
        migrations.RenameModel(old_name="PPKSCategory", new_name="KategoriPPKS"),
        migrations.RenameModel(old_name="PSKSType", new_name="JenisPSKS"),
        migrations.RenameModel(old_name="Programme", new_name="Program"),
        migrations.RenameModel(old_name="ProgrammeVersion", new_name="VersiProgram"),
        # The unique constraint names the field: off before the rename, on again after.
        migrations.RemoveConstraint(model_name="versiprogram", name="programme_version_unique"),
        migrations.RenameField(model_name="versiprogram", old_name="programme", new_name="program"),
        migrations.AlterModelOptions(
            name="versiprogram",
            options={
                "ordering": ["program", "-berlaku_mulai"],
                "verbose_name": "versi program",
                "verbose_name_plural": "versi program",
            },
        ),
        migrations.AddConstraint(
            model_name="versiprogram",
            constraint=models.UniqueConstraint(
                fields=("program", "versi"), name="programme_version_unique"
            ),
        ),
    ]
