"""Models renamed by the naming rule (docs/GLOSSARY.md): generic software terms in
English. Each table keeps its name (``db_table``), so the append-only triggers and the
database roles' grants, which name the tables, stay as they are; no row is touched."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_audit_no_replace"),
        ("reference", "0003_names_by_the_glossary"),
    ]

    operations = [
        migrations.AlterModelTable(name="akun", table="accounts_akun"),
        migrations.AlterModelTable(name="jejakaudit", table="accounts_jejakaudit"),
        migrations.AlterModelTable(name="tokenapi", table="accounts_tokenapi"),
        migrations.AlterModelTable(name="jedamasuk", table="accounts_jedamasuk"),
        migrations.RenameModel(old_name="Akun", new_name="Account"),
        migrations.RenameModel(old_name="JejakAudit", new_name="AuditEvent"),
        migrations.RenameModel(old_name="TokenAPI", new_name="ApiToken"),
        migrations.RenameModel(old_name="JedaMasuk", new_name="LoginThrottle"),
        migrations.AlterField(
            model_name="account",
            name="user",
            field=models.OneToOneField(
                on_delete=models.deletion.CASCADE,
                related_name="account",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
