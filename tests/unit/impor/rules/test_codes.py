"""rules.toml: the policy file behind RULES, and severity driving the status."""

from __future__ import annotations

from dataclasses import replace

import pytest

from datusoban.impor.rules import CANONICAL, RULES, STATUSES, Rule, load_rules, validate

INTENDED_ERRORS = {
    "record_id_kosong", "record_id_ganda", "nama_kosong", "nik_notasi_ilmiah", "nik_format",
    "nik_tanggal", "nik_serial", "kk_format", "tanggal_format", "tanggal_masa_depan",
    "tanggal_terlalu_lama", "jk_tidak_dikenal", "wilayah_tidak_ada", "wilayah_luar_kabkota",
    "ppks_kode", "ppks_usia", "ppks_jenis_kelamin", "rumus_sel",
    *(f"rumus_excel_{field}" for field in (*CANONICAL, "lain")),
    # limits.toml: a value longer than its field allows is quarantined, never cut.
    *(f"terlalu_panjang_{field}" for field in (
        "record_id", "nama", "tempat_lahir", "nama_ibu_kandung", "hubungan_keluarga", "alamat",
        "rt", "rw", "lain",
    )),
}  # fmt: skip
INTENDED_WARNINGS = {
    "nik_kosong", "nik_wilayah", "nik_tanggal_beda", "nik_jk_beda", "kk_kosong", "kk_wilayah",
    "tanggal_lahir_kosong", "tanggal_perkiraan", "jk_kosong", "wilayah_kosong",
    "nik_berulang", "tanggal_usia_tidak_wajar",
}  # fmt: skip


def test_shipped_rules_have_the_intended_codes_and_severities():
    assert {c for c, r in RULES.items() if r.severity == "error"} == INTENDED_ERRORS
    assert {c for c, r in RULES.items() if r.severity == "warning"} == INTENDED_WARNINGS


def test_every_rule_has_a_field_and_an_indonesian_sentence():
    fields = {*CANONICAL, "*"}
    for code, rule in RULES.items():
        assert rule == Rule(code, rule.severity, rule.message, rule.field)
        assert rule.field in fields, code
        assert rule.message[0].isupper() and rule.message.endswith("."), code


def test_statuses_are_the_four_of_the_interface():
    assert STATUSES == ("diterima", "peringatan", "karantina", "duplikat")


@pytest.mark.parametrize(
    ("toml", "complaint"),
    [
        ('[[rule]]\ncode="a"\nseverity="fatal"\nfield="nik"\nmessage="X."', "severity"),
        ('[[rule]]\ncode="a"\nseverity="error"\nfield="nik"\nmessage="X."\n' * 2, "twice"),
        ('[[rule]]\ncode="a"\nseverity="error"\nfield="nik"', "keys"),
        ('[[rule]]\ncode="a"\nseverity="error"\nfield=""\nmessage="X."', "field"),
    ],
)
def test_load_rules_refuses_a_broken_policy_file(toml, complaint):
    with pytest.raises(ValueError, match=complaint):
        load_rules(toml)


def test_severity_comes_from_the_policy_not_the_code(check, monkeypatch):
    assert check(nik=None)["status"] == "peringatan"
    monkeypatch.setitem(RULES, "nik_kosong", replace(RULES["nik_kosong"], severity="error"))
    row = check(nik=None)
    assert row["status"] == "karantina"
    assert "nik_kosong" in row["errors"]


def test_a_rule_without_a_check_is_reported(context, frame_of, monkeypatch):
    monkeypatch.setitem(RULES, "tidak_ada", Rule("tidak_ada", "error", "X.", "nik"))
    with pytest.raises(RuntimeError, match="tidak_ada"):
        validate(frame_of({}), context)
