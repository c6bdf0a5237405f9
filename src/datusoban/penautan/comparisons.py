"""What the model compares, level by level: the structure of the person model.

String similarity goes through Splink's own levels (Jaro-Winkler,
Damerau-Levenshtein), which name each engine's function; the few plain
conditions are written in DuckDB SQL and marked as such, so Splink translates
them (sqlglot) for another engine: the same model runs on DuckDB and Spark.
The trained m and u of every level live in the model file, keyed by
comparison name and level label; change a label here and the model file must
be retrained (loading checks it).

Levels run from strongest to weakest; the first that holds decides.
"""

from __future__ import annotations

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink.internals.comparison_creator import ComparisonCreator

DIALECT = "duckdb"


def _level(sql: str, label: str, *, tf: str | None = None) -> cll.CustomLevel:
    level = cll.CustomLevel(sql, label_for_charts=label, base_dialect_str=DIALECT)
    if tf is not None:
        level.configure(tf_adjustment_column=tf, tf_minimum_u_value=0.001)
    return level


def _labelled(level: cll.ComparisonLevelCreator, label: str) -> cll.ComparisonLevelCreator:
    return level.configure(label_for_charts=label)


def _null(*columns: str) -> cll.CustomLevel:
    sql = " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in columns)
    return _level(sql, "null").configure(is_null_level=True)


def _comparison(name: str, levels: list[cll.ComparisonLevelCreator]) -> ComparisonCreator:
    return cl.CustomComparison(
        comparison_levels=[*levels, cll.ElseLevel().configure(label_for_charts="else")],
        output_column_name=name,
    )


def nama() -> ComparisonCreator:
    """Names as tokens: robust to order, a missing second name, joined prefixes, typos.

    Term frequencies make a common full name (MUHAMMAD RIZKI) or given name
    weaker evidence than a rare one.
    """
    return _comparison(
        "nama",
        [
            _null("nama_key"),
            _level("nama_key_l = nama_key_r", "exact"),
            _level(
                "nama_sorted_l = nama_sorted_r OR nama_joined_l = nama_joined_r",
                "same tokens, other order or joined",
            ),
            # Respelling (old spelling, CH -> KH) helps Indonesian names but
            # can push a foreign one further from its variants (FISCHER ->
            # FISKHER): a typo counts on the respelled or on the plain form,
            # whichever is nearer.
            _labelled(
                cll.Or(
                    cll.DamerauLevenshteinLevel("nama_joined", 1),
                    cll.DamerauLevenshteinLevel("nama_plain", 1),
                ),
                "one typo",
            ),
            _level(
                "array_length(array_intersect(nama_tokens_l, nama_tokens_r))"
                " = least(array_length(nama_tokens_l), array_length(nama_tokens_r))"
                " AND array_length(array_intersect(nama_rare_l, nama_rare_r)) >= 1",
                "one name within the other",
            ),
            # Typos in the telling part only: MUHAMMAD RIZKI / MUHAMMAD RAFI
            # (twins) share a long prefix that says nothing.
            _labelled(cll.JaroWinklerLevel("nama_rare_key", 0.92), "similar telling tokens"),
            _level("nama_given_l = nama_given_r", "same given name", tf="nama_given"),
            _labelled(cll.JaroWinklerLevel("nama_rare_key", 0.8), "loosely similar"),
        ],
    )


# A NIK its record explains fully: birth date, sex and kecamatan as the record
# states them. Two such NIKs one digit apart are two people born in
# neighbouring kecamatan (or a day apart), each with serial 0001, not a
# typo: the birth date and region comparisons already count that agreement.
_EXPLAINED = "coalesce(nik_ok_{side} AND nik_home_{side}, false)"


def nik() -> ComparisonCreator:
    """NIK with typo tolerance, and whether each NIK fits its own record.

    A NIK that does not encode its record's birth date and sex is often a
    family member's (the mother's NIK on a child's row), so an exact match of
    such a NIK is its own, weaker level. A one-digit difference that flips the
    encoded sex is no typo: it is how a boy and a girl twin's NIKs differ. Two
    NIKs with the same region and birth date but another serial or sex are
    twins (or a typo in the serial): the thresholds' never-link rules decide
    that case with the names.
    """
    return _comparison(
        "nik",
        [
            _null("nik"),
            _level(
                "nik_l = nik_r AND coalesce(nik_ok_l, true) AND coalesce(nik_ok_r, true)",
                "exact, fits both records",
            ),
            _level("nik_l = nik_r", "exact, does not fit a record"),
            # Exact is the level above, so "within one" here means exactly one.
            _labelled(
                cll.And(
                    cll.DamerauLevenshteinLevel("nik", 1),
                    cll.CustomLevel(
                        "substr(nik_l, 13, 4) = substr(nik_r, 13, 4)"
                        " AND coalesce(nik_jk_l = nik_jk_r, true)"
                        f" AND NOT ({_EXPLAINED.format(side='l')}"
                        f" AND {_EXPLAINED.format(side='r')})",
                        base_dialect_str=DIALECT,
                    ),
                ),
                "one typo outside the serial",
            ),
            _level("nik_birth_l = nik_birth_r", "same region and birth date, other serial or sex"),
            # Two valid NIKs, each fitting its own record, yet different: two
            # people far more often than a NIK mistyped into another valid one.
            _level("nik_ok_l AND nik_ok_r", "different, both fit their records"),
        ],
    )


def tgl() -> ComparisonCreator:
    """Birth date (stated, else from the NIK); 01-07 and 31-12 placeholders are weak."""
    return _comparison(
        "tgl",
        [
            _null("tgl"),
            _level("tgl_l = tgl_r AND NOT tgl_weak_l", "exact"),
            _level("tgl_l = tgl_r", "exact, an unknown-date convention"),
            _level(
                "tgl_year_l = tgl_year_r AND (tgl_weak_l OR tgl_weak_r)",
                "same year, one date unknown",
            ),
            _labelled(
                cll.Or(
                    cll.DamerauLevenshteinLevel("tgl", 1),
                    cll.CustomLevel(
                        "tgl_year_l = tgl_year_r"
                        " AND substr(tgl_l, 6, 2) = substr(tgl_r, 9, 2)"
                        " AND substr(tgl_l, 9, 2) = substr(tgl_r, 6, 2)",
                        base_dialect_str=DIALECT,
                    ),
                ),
                "one typo or day and month swapped",
            ),
            _level("abs(tgl_year_l - tgl_year_r) <= 1", "within a year"),
        ],
    )


def jk() -> ComparisonCreator:
    """Sex (stated, else from the NIK)."""
    return _comparison("jk", [_null("jk"), _level("jk_l = jk_r", "exact")])


def wilayah() -> ComparisonCreator:
    """Region hierarchy from kode_wilayah: desa, kecamatan, kab/kota.

    A register may only know the kab/kota, as docs/INTERCHANGE.md "kode_wilayah"
    allows: such a code against a full desa code of the same kab/kota agrees as
    far as it goes, so it sits with the kecamatan level, not with two people in
    different kecamatan of one kab/kota.
    """
    return _comparison(
        "wilayah",
        [
            _null("kab"),
            _level("desa_l = desa_r", "same desa"),
            _level(
                "kec_l = kec_r OR (kab_l = kab_r AND (kec_l IS NULL OR kec_r IS NULL))",
                "same kecamatan",
            ),
            _level("kab_l = kab_r", "same kab/kota"),
        ],
    )


def ibu() -> ComparisonCreator:
    """The mother's name, normalised like the person's own."""
    return _comparison(
        "ibu",
        [
            _null("ibu_key"),
            _level("ibu_key_l = ibu_key_r", "exact", tf="ibu_key"),
            _labelled(
                cll.Or(
                    cll.DamerauLevenshteinLevel("ibu_key", 2),
                    cll.ExactMatchLevel("ibu_given"),
                ),
                "typo or same given name",
            ),
        ],
    )


def tempat() -> ComparisonCreator:
    """Place of birth."""
    return _comparison(
        "tempat",
        [
            _null("tempat"),
            _level("tempat_l = tempat_r", "exact", tf="tempat"),
            _labelled(cll.JaroWinklerLevel("tempat", 0.9), "similar"),
        ],
    )


def hubungan() -> ComparisonCreator:
    """Relation to the head of family: tells a father from his namesake grandson."""
    return _comparison("hubungan", [_null("hubungan"), _level("hubungan_l = hubungan_r", "exact")])


def alamat() -> ComparisonCreator:
    """Street address text."""
    return _comparison(
        "alamat",
        [
            _null("alamat"),
            _level("alamat_l = alamat_r", "exact"),
            _labelled(cll.JaroWinklerLevel("alamat", 0.9), "similar"),
        ],
    )


def person_comparisons() -> list[ComparisonCreator]:
    """Every comparison of the person model, in model-file order."""
    return [nama(), nik(), tgl(), jk(), wilayah(), ibu(), tempat(), hubungan(), alamat()]
