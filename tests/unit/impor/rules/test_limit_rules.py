"""limits.toml: a value longer than its field allows quarantines the row, named by field."""

from __future__ import annotations

import polars as pl
import pytest

from datusoban.impor.rules import CANONICAL, RULES, RuleContext, validate
from datusoban.impor.rules.limits import OTHER, limits

LIMITED = {f: limit.max for f, limit in limits().items() if limit.max is not None}


def test_every_interchange_field_has_a_limit_or_the_rule_that_bounds_its_shape():
    assert set(limits()) == {*CANONICAL, OTHER}
    for field, limit in limits().items():
        assert (limit.max is None) != (limit.checked is None), field
        if limit.checked is not None:
            assert RULES[limit.checked].severity == "error", field


def test_the_limits_keep_every_value_inside_its_database_column():
    from datusoban.impor.models import QuarantinedRow
    from datusoban.registri.models import Household, Person, SourceRecord

    width = {
        "record_id": SourceRecord._meta.get_field("record_id").max_length,
        "nama": min(m._meta.get_field("nama").max_length for m in (Person, SourceRecord)),
        "tempat_lahir": Person._meta.get_field("tempat_lahir").max_length,
        "nama_ibu_kandung": Person._meta.get_field("nama_ibu_kandung").max_length,
        "alamat": Household._meta.get_field("alamat").max_length,
        "rt": Household._meta.get_field("rt").max_length,
        "rw": Household._meta.get_field("rw").max_length,
    }
    assert QuarantinedRow._meta.get_field("record_id").max_length >= LIMITED["record_id"]
    for field, columns in width.items():
        assert LIMITED[field] <= columns, field


@pytest.mark.parametrize("field", sorted(set(LIMITED) - {OTHER}))
def test_one_character_over_the_limit_quarantines_and_at_the_limit_does_not(check, field):
    limit = LIMITED[field]
    code = f"terlalu_panjang_{field}"
    filler = "1" if field in ("rt", "rw") else "A"
    at = check(**{field: filler * limit})
    assert code not in at["codes"]
    over = check(**{field: filler * (limit + 1)})
    assert code in over["errors"] and over["status"] == "karantina"
    assert str(limit) in RULES[code].message


def test_a_name_of_eighteen_thousand_characters_is_quarantined_whole(check):
    name = "MUHAMMAD " * 2_000
    row = check(nama=name)
    assert row["errors"] == ["terlalu_panjang_nama"]
    assert row["nama"] == name  # the row keeps the value as written
    assert "Nama lebih dari 150 karakter" in RULES["terlalu_panjang_nama"].message


def test_the_profile_s_own_fields_share_one_limit(frame_of, context):
    frame = frame_of({}, {}, {}).with_columns(
        layanan=pl.Series(["Pendampingan", "x" * 201, None]), desil=pl.lit("3")
    )
    counted = RuleContext.default(context.as_of, extra_fields=("layanan", "desil"))
    checked = validate(frame, counted)
    assert checked["errors"].to_list() == [[], ["terlalu_panjang_lain"], []]
    # Without the profile saying which columns are its fields, other columns pass through.
    assert validate(frame, context)["errors"].to_list() == [[], [], []]
