"""SourceRecord.tanda_mutu: the quality flags of each field, filled for rows already stored.

Rows imported before this column existed get their flags from the warning codes
they were stored with, by the mapping rules.toml had when this was written
(frozen here: a migration must not change with later policy). Read and written
in chunks of ids, one UPDATE per distinct set of flags, never one per row.
"""

import json

from django.db import migrations
from django.db.models import TextField
from django.db.models.functions import Cast

import datusoban.registri.models.fields

# rules.toml [tanda_mutu] when this column was added: field -> warning codes.
_FIELD_FLAGS = {
    "jenis_kelamin": ["nik_jk_beda"],
    "nik": ["nik_berulang", "nik_jk_beda", "nik_tanggal_beda", "nik_wilayah"],
    "no_kk": ["kk_wilayah"],
    "tanggal_lahir": ["nik_tanggal_beda", "tanggal_perkiraan", "tanggal_usia_tidak_wajar"],
}
_CHUNK = 5000


def _flags(warnings: list[str]) -> str:
    flagged = {f: sorted(set(c) & set(warnings)) for f, c in _FIELD_FLAGS.items()}
    return json.dumps({f: c for f, c in flagged.items() if c}, separators=(",", ":"))


def fill_flags(apps, schema_editor):
    records = apps.get_model("registry", "SourceRecord").objects.using(
        schema_editor.connection.alias
    )
    warned = (
        records.alias(text=Cast("peringatan", TextField()))
        .exclude(text="[]")
        .order_by("pk")
        .values_list("pk", "peringatan")
    )
    after = 0
    while True:
        chunk = list(warned.filter(pk__gt=after)[:_CHUNK])
        if not chunk:
            return
        after = chunk[-1][0]
        by_flags: dict[str, list[int]] = {}
        for pk, warnings in chunk:
            flags = _flags(warnings if isinstance(warnings, list) else json.loads(warnings))
            if flags != "{}":
                by_flags.setdefault(flags, []).append(pk)
        for flags, pks in by_flags.items():
            records.filter(pk__in=pks).update(tanda_mutu=json.loads(flags))


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0008_batch_identity_withdrawal"),
    ]

    operations = [
        migrations.AddField(
            model_name="sourcerecord",
            name="tanda_mutu",
            field=datusoban.registri.models.fields.RowJSONField(
                blank=True, default=dict, help_text="Quality flags per field"
            ),
        ),
        migrations.RunPython(fill_flags, migrations.RunPython.noop, elidable=True),
    ]
