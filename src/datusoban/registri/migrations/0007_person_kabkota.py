"""Each person's kab/kota beside them, kept by the database from their household.

``registry_person.kode_kabkota`` is the current household's ``kode_kabkota`` (null
without a household), whoever writes: triggers set it when a person is inserted,
when their household changes (or anyone writes the column itself), and when a
household moves to another kab/kota. Code never writes it; a bulk loader that knows
the households' regions may pass the right value, which the insert check then leaves
alone (on PostgreSQL the check is one join per statement, so a COPY of a million
people costs no row-by-row work when their values are right).
"""

from django.db import migrations, models

_PG = [
    # Inserts: one check per statement over its new rows (a transition table).
    """
    CREATE FUNCTION registry_person_kabkota_baru() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE registry_person p SET kode_kabkota = h.kode_kabkota
        FROM baru n LEFT JOIN registry_household h ON h.id = n.household_id
        WHERE p.id = n.id AND n.kode_kabkota IS DISTINCT FROM h.kode_kabkota;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER registry_person_kabkota_baru AFTER INSERT ON registry_person
    REFERENCING NEW TABLE AS baru FOR EACH STATEMENT
    EXECUTE FUNCTION registry_person_kabkota_baru()
    """,
    # Updates: per row, and only when the household or the column itself changes
    # (PostgreSQL allows no transition tables on a trigger with a column list).
    """
    CREATE FUNCTION registry_person_kabkota() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.kode_kabkota := (
            SELECT kode_kabkota FROM registry_household WHERE id = NEW.household_id
        );
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER registry_person_kabkota BEFORE UPDATE OF household_id, kode_kabkota
    ON registry_person FOR EACH ROW
    WHEN (OLD.household_id IS DISTINCT FROM NEW.household_id
          OR OLD.kode_kabkota IS DISTINCT FROM NEW.kode_kabkota)
    EXECUTE FUNCTION registry_person_kabkota()
    """,
    """
    CREATE FUNCTION registry_household_kabkota() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE registry_person SET kode_kabkota = NEW.kode_kabkota WHERE household_id = NEW.id;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER registry_household_kabkota AFTER UPDATE OF kode_wilayah
    ON registry_household FOR EACH ROW
    WHEN (OLD.kode_kabkota IS DISTINCT FROM NEW.kode_kabkota)
    EXECUTE FUNCTION registry_household_kabkota()
    """,
]
_PG_DROP = [
    "DROP TRIGGER registry_household_kabkota ON registry_household",
    "DROP FUNCTION registry_household_kabkota()",
    "DROP TRIGGER registry_person_kabkota ON registry_person",
    "DROP FUNCTION registry_person_kabkota()",
    "DROP TRIGGER registry_person_kabkota_baru ON registry_person",
    "DROP FUNCTION registry_person_kabkota_baru()",
]

# SQLite has row triggers only, and no BEFORE trigger can change NEW: the row is
# corrected after it is written, and only when it is wrong (a lookup per row).
_SQLITE_RIGHT = "(SELECT kode_kabkota FROM registry_household WHERE id = NEW.household_id)"
_SQLITE_FIX = (
    f"WHEN NEW.kode_kabkota IS NOT {_SQLITE_RIGHT} BEGIN "  # noqa: S608 (constants only)
    f"UPDATE registry_person SET kode_kabkota = {_SQLITE_RIGHT} WHERE id = NEW.id; END"
)
_SQLITE = [
    f"CREATE TRIGGER registry_person_kabkota_baru AFTER INSERT ON registry_person {_SQLITE_FIX}",
    "CREATE TRIGGER registry_person_kabkota AFTER UPDATE OF household_id, kode_kabkota "
    f"ON registry_person {_SQLITE_FIX}",
    "CREATE TRIGGER registry_household_kabkota AFTER UPDATE OF kode_wilayah "
    "ON registry_household WHEN OLD.kode_kabkota IS NOT NEW.kode_kabkota BEGIN "
    "UPDATE registry_person SET kode_kabkota = NEW.kode_kabkota "
    "WHERE household_id = NEW.id; END",
]
_SQLITE_DROP = [
    "DROP TRIGGER registry_household_kabkota",
    "DROP TRIGGER registry_person_kabkota",
    "DROP TRIGGER registry_person_kabkota_baru",
]

_FILL = {
    "postgresql": (
        "UPDATE registry_person p SET kode_kabkota = h.kode_kabkota "
        "FROM registry_household h WHERE h.id = p.household_id"
    ),
    "sqlite": (
        "UPDATE registry_person SET kode_kabkota = (SELECT kode_kabkota FROM "
        "registry_household h WHERE h.id = registry_person.household_id) "
        "WHERE household_id IS NOT NULL"
    ),
}


def _forwards(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # Nobody writes people or moves households between the fill and the
        # triggers (SQLite's write lock already says so).
        schema_editor.execute(
            "LOCK TABLE registry_person, registry_household IN SHARE ROW EXCLUSIVE MODE"
        )
    # Filled before the triggers exist: they would check each of these rows again.
    schema_editor.execute(_FILL[vendor])
    for statement in _PG if vendor == "postgresql" else _SQLITE:
        schema_editor.execute(statement)


def _backwards(apps, schema_editor) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for statement in _PG_DROP if postgres else _SQLITE_DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_covering_indexes_for_scoped_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="kode_kabkota",
            field=models.CharField(blank=True, editable=False, max_length=5, null=True),
        ),
        migrations.RunPython(_forwards, _backwards),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["nama_kunci", "kode_kabkota", "id"], name="person_nama_kunci_kabkota"
            ),
        ),
    ]
