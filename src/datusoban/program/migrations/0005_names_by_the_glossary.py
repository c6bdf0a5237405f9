"""The enrolment counts renamed by the naming rule (docs/GLOSSARY.md): a programme term
in Indonesian. The table keeps its name (``db_table``); no row is touched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0004_enrolment_counts"),
    ]

    operations = [
        migrations.AlterModelTable(name="enrolmentcount", table="programs_enrolmentcount"),
        migrations.RenameModel(old_name="EnrolmentCount", new_name="JumlahKepesertaan"),
    ]
