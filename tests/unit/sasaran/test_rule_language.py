"""The rule language: parsing, refusal of bad rules at load (naming the file and the
rule), and every operator evaluated, with unknown values kept unknown."""

from __future__ import annotations

import polars as pl
import pytest

from datusoban.reference.catalogue import programme_versions
from datusoban.sasaran.rules import ast
from datusoban.sasaran.rules.compiler import Context, RuleCompileError, compile_condition
from datusoban.sasaran.rules.loader import RuleFileError, parse_rules
from datusoban.sasaran.rules.parser import MAX_DEPTH, RuleSyntaxError, parse
from datusoban.sasaran.rules.vocabulary import KELUARGA, ORANG

CATALOGUE = next(v.program for v in programme_versions() if v.versi == "2025")
PROGRAMMES = frozenset(CATALOGUE)
PARAMS = {"usia": 60, "kategori": [8, 9], "jenjang": ["sd", "smp"], "kata": "P"}

# People with one unknown each: age (row 2), sex (row 3).
PEOPLE = pl.DataFrame(
    {
        "umur": [70, None, 10, 30],
        "jenis_kelamin": ["P", "L", None, "L"],
        "hamil": [False, False, False, True],
        "sekolah": [None, None, "sd", None],
        "ppks": [[8], [], [2, 9], []],
        "anggota": [1, 3, 4, 2],
        "pernah_menerima:PKH": [True, False, False, False],
        "tahun_sejak_menerima:PKH": [3, None, None, None],
    },
    schema_overrides={"umur": pl.Int16},
)


def evaluate(text: str, frame: pl.DataFrame = PEOPLE, level: str = ORANG) -> list:
    compiled = compile_condition(parse(text), Context(level, PARAMS, PROGRAMMES))
    return frame.select(compiled.expr.alias("x"))["x"].to_list()


def test_and_binds_tighter_than_or_and_tidak_tighter_than_and():
    tree = parse("hamil atau umur > 1 dan tidak disabilitas")
    assert tree == ast.Logic(
        "atau",
        ast.Fact("hamil"),
        ast.Logic(
            "dan",
            ast.Compare(">", ast.Fact("umur"), ast.Literal(1)),
            ast.Not(ast.Fact("disabilitas")),
        ),
    )


def test_arithmetic_precedence_numbers_texts_lists_params_and_calls():
    assert parse("1 + 2 * 3 == 7") == ast.Compare(
        "==",
        ast.Arithmetic("+", ast.Literal(1), ast.Arithmetic("*", ast.Literal(2), ast.Literal(3))),
        ast.Literal(7),
    )
    assert parse("luas_lantai >= 1_000.5") == ast.Compare(
        ">=", ast.Fact("luas_lantai"), ast.Literal(1000.5)
    )
    assert parse('x tidak dalam ["a", param.p]') == ast.InList(
        ast.Fact("x"), ast.ListLiteral((ast.Literal("a"), ast.Param("p"))), negated=True
    )
    assert parse('pernah_menerima("PKH")') == ast.Call("pernah_menerima", (ast.Literal("PKH"),))
    assert parse("ppks memuat param.k") == ast.Contains(ast.Fact("ppks"), ast.Param("k"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "umur >=",
        "umur >= 18 dan",
        "umur = 18",  # one '=' is no operator
        "umur >= 18; hapus",
        'jenis_kelamin == "P',
        "(umur > 1",
        "umur > 1)",
        "umur dalam 5",
        "Umur > 1",  # names are lowercase
        "umur >= 18 umur",
        "__import__('os')",
        "tidak " * (MAX_DEPTH + 1) + "hamil",
        "(" * (MAX_DEPTH + 1) + "hamil" + ")" * (MAX_DEPTH + 1),
        "umur > 1 dan " * 200 + "hamil",  # longer than MAX_LENGTH
    ],
)
def test_text_the_grammar_does_not_allow_is_refused(text):
    with pytest.raises(RuleSyntaxError):
        parse(text)


@pytest.mark.parametrize(
    ("text", "level", "message"),
    [
        ("kaya", ORANG, "fakta tidak dikenal: kaya"),
        ("eval(umur)", ORANG, "fungsi tidak dikenal: eval()"),
        ('umur == "tua"', ORANG, "membandingkan angka dengan teks"),
        ('jenis_kelamin >= "L"', ORANG, "hanya untuk angka"),
        ('status_lahan == "milik_sendri"', KELUARGA, "nilai 'milik_sendri' tidak dikenal"),
        ('sekolah dalam ["sd", "kuliah"]', ORANG, "nilai 'kuliah' tidak dikenal"),
        ("umur >= param.tidak_ada", ORANG, "parameter tidak dikenal: param.tidak_ada"),
        ('pernah_menerima("BLT")', ORANG, "program tidak dikenal 'BLT'"),
        ("pernah_menerima(umur)", ORANG, "menerima kode program"),
        ("umur >= 60", KELUARGA, "fakta umur adalah fakta orang"),
        ("jumlah_anggota(umur >= 60) > 0", ORANG, "hanya dalam aturan keluarga"),
        ("jumlah_anggota(umur) > 0", KELUARGA, "harus bertipe logika"),
        ("tidak umur", ORANG, "'tidak' harus bertipe logika"),
        ("hamil dan umur", ORANG, "sisi kanan 'dan' harus bertipe logika"),
        ('ppks memuat ["a"]', ORANG, "harus berisi angka"),
        ("umur memuat [1]", ORANG, "sisi kiri 'memuat'"),
        ("umur dalam [umur]", ORANG, "nilai tetap"),
        ("ppks == 1", ORANG, "tidak untuk daftar"),
        ("penerima_komponen > 0", KELUARGA, "hanya untuk program dengan [[komponen]]"),
    ],
)
def test_conditions_that_mean_nothing_are_refused_with_the_reason(text, level, message):
    with pytest.raises(RuleCompileError) as refused:
        compile_condition(parse(text), Context(level, PARAMS, PROGRAMMES))
    assert message in str(refused.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("umur >= 60", [True, None, False, False]),
        ("umur > 10", [True, None, False, True]),
        ("umur < 10", [False, None, False, False]),
        ("umur <= 10", [False, None, True, False]),
        ("umur == 30", [False, None, False, True]),
        ("umur != 30", [True, None, True, False]),
        ('jenis_kelamin == "P"', [True, False, None, False]),
        ("jenis_kelamin == param.kata", [True, False, None, False]),
        ("umur + 5 >= 35", [True, None, False, True]),
        ("umur - 5 * 2 == 20", [False, None, False, True]),
        ("umur / 2 == 5", [False, None, True, False]),
        ("-umur < -20", [True, None, False, True]),
        ("umur >= param.usia", [True, None, False, False]),
        ("hamil dan umur >= 18", [False, False, False, True]),
        # Kleene logic: unknown and false is false, unknown or true is true.
        ("umur >= 60 dan hamil", [False, False, False, False]),
        ("umur >= 60 dan anggota > 2", [False, None, False, False]),
        ("umur >= 60 atau anggota > 2", [True, True, True, False]),
        ("umur >= 60 atau hamil", [True, None, False, True]),
        ("tidak umur >= 60", [False, None, True, True]),
        ("umur dalam [10, 30]", [False, None, True, True]),
        ("umur tidak dalam [10, 30]", [True, None, False, False]),
        ("sekolah dalam param.jenjang", [None, None, True, None]),
        ("ppks memuat param.kategori", [True, False, True, False]),
        ("ppks memuat [2]", [False, False, True, False]),
        ("diketahui(umur)", [True, False, True, True]),
        ("diketahui(jenis_kelamin) dan benar", [True, True, False, True]),
        ('pernah_menerima("PKH")', [True, False, False, False]),
        ('tidak pernah_menerima("PKH") atau tahun_sejak_menerima("PKH") >= 5',
         [False, True, True, True]),
    ],
)  # fmt: skip
def test_each_operator(text, expected):
    assert evaluate(text) == expected


def test_member_functions_gather_a_person_condition_per_family():
    compiled = compile_condition(
        parse('jumlah_anggota(umur >= 60) >= 1 dan kepala(jenis_kelamin) == "P"'),
        Context(KELUARGA, PARAMS, PROGRAMMES),
    )
    kinds = sorted(d.kind for d in compiled.derived)
    assert kinds == ["jumlah_anggota", "kepala"]
    assert [i.label for i in compiled.inputs] == [
        "jumlah anggota dengan umur >= 60",
        "kepala keluarga: jenis_kelamin",
    ]


RULE_FILE = """
program = "BPNT"
katalog = "2025"
sasaran = "keluarga"
bila_tidak_diketahui = "gagal"

[[aturan]]
kode = "desil"
syarat = "desil <= param.desil_maks"
"""


def load(text: str):
    return parse_rules(text, file="aturan/uji/bpnt.toml", versi="uji", catalogue=CATALOGUE)


def test_a_good_file_loads_with_the_catalogue_parameters():
    rules = load(
        RULE_FILE.replace('kode = "desil"', 'kode = "desil"\nuraian = "desil 1-{desil_maks}"')
    )
    assert rules.params["desil_maks"] == 5 and rules.rules[0].kode == "desil"
    assert rules.rules[0].uraian == "desil 1-5"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("desil <= param.desil_maks", "kekayaan <= 5"), "aturan 'desil': fakta tidak dikenal"),
        (("desil <= param.desil_maks", "desil <="), "aturan 'desil': diharapkan"),
        (("desil <= param.desil_maks", "desil + 1"), "aturan 'desil': syarat harus bernilai"),
        (('kode = "desil"', 'kode = "desil"\nbobot = 3'), "aturan 'desil': kunci tidak dikenal"),
        (('program = "BPNT"', 'program = "BLT"'), "program 'BLT' tidak ada di katalog"),
        (('sasaran = "keluarga"', 'sasaran = "rumah"'), "sasaran harus"),
        (('bila_tidak_diketahui = "gagal"', 'bila_tidak_diketahui = "mungkin"'),
         "bila_tidak_diketahui harus"),
        (('katalog = "2025"', 'katalog = "2025"\ncatatan = 1'), "kunci tidak dikenal catatan"),
        (("[[aturan]]", "[parameter]\ndesil_maks = 3\n[[aturan]]"), "sudah ada di katalog"),
        (('kode = "desil"', 'kode = "desil"\nbila_tidak_diketahui = "lulus?"'),
         "aturan 'desil': bila_tidak_diketahui"),
        (("sasaran", "= ="), "TOML tidak sah"),
        (('kode = "desil"', 'kode = "desil"\nuraian = "sampai {desil_maksimal}"'),
         "uraian menyebut parameter tidak dikenal {desil_maksimal}"),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_naming_the_file_and_rule(change, message):
    text = RULE_FILE.replace(*change, 1)
    with pytest.raises(RuleFileError) as refused:
        load(text)
    assert "aturan/uji/bpnt.toml" in str(refused.value)
    assert message in str(refused.value)


def test_a_component_must_exist_in_the_catalogue_and_caps_name_parameters():
    base = (
        RULE_FILE.replace('"BPNT"', '"PKH"') + '[[komponen]]\nkode = "{kode}"\nsyarat = "hamil"\n'
    )
    with pytest.raises(RuleFileError, match="komponen 'kuliah': tidak ada di komponen katalog"):
        load(base.format(kode="kuliah"))
    with pytest.raises(RuleFileError, match="parameter tidak dikenal 'maks_entah'"):
        load(base.format(kode="ibu_hamil") + 'maks = "maks_entah"\n')
    assert load(base.format(kode="ibu_hamil") + 'maks = "maks_ibu_hamil"\n').components[0].maks == 2
