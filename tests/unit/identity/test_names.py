"""Name normalisation: tables of real-looking names, and properties on any text."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from datusoban.identity import COMMON_TOKENS, NormalName, given_name, name_key, normalise_name
from datusoban.identity import name_tables as tables
from datusoban.identity.spelling import CANONICAL, modernise, split_joined

# (as written, own tokens, father, titles)
NAMES = [
    ("H. MUHAMMAD RIZKI, S.Pd", "MUHAMMAD RIZKI", "", "H SPD"),
    ("Moh. Rizky", "MUHAMMAD RIZKI", "", ""),
    ("H. M. Rizki", "MUHAMMAD RIZKI", "", "H"),
    ("Hj. Siti Noorhayati", "SITI NUR HAYATI", "", "HJ"),
    ("SITI NURHAYATI", "SITI NUR HAYATI", "", ""),
    ("Siti Nor Hayati", "SITI NUR HAYATI", "", ""),
    ("Gusti Abdul Rahman", "ABDUL RAHMAN", "", "GUSTI"),
    ("Abd. Rahman", "ABDUL RAHMAN", "", ""),
    ("Gt. Abd Rahman", "ABDUL RAHMAN", "", "GUSTI"),
    ("Soekarno", "SUKARNO", "", ""),
    ("Ir. Soekarno", "SUKARNO", "", "IR"),
    ("Tjokro", "COKRO", "", ""),
    ("Djoko", "JOKO", "", ""),
    ("Sjarifuddin", "SYARIFUDDIN", "", ""),
    ("Chairul Anwar", "KHAIRUL ANWAR", "", ""),
    ("Soedjono", "SUJONO", "", ""),
    ("Tjahjono", "CAHYONO", "", ""),  # J is Y in a token that shows old spelling
    ("Djojohadikusumo", "JOYOHADIKUSUMO", "", ""),
    ("Joesoef", "YUSUF", "", ""),
    ("Jusuf", "YUSUF", "", ""),
    ("Juhri", "JUHRI", "", ""),  # no old-spelling marker: J stays J
    ("Achmad Noer", "AHMAD NUR", "", ""),
    ("Mochammad Hatta", "MUHAMMAD HATTA", "", ""),
    ("MUHAMMADRIZKI", "MUHAMMAD RIZKI", "", ""),
    ("Abdullah", "ABDULLAH", "", ""),
    ("Abdulah", "ABDULLAH", "", ""),
    ("ABDULRAHMAN", "ABDUL RAHMAN", "", ""),
    ("Nurul Huda", "NURUL HUDA", "", ""),
    ("Nurulhuda", "NURUL HUDA", "", ""),
    ("Norma", "NORMA", "", ""),  # rest shorter than 3: one name
    ("Norlaila", "NUR LAILA", "", ""),
    ("SITINURBAYA", "SITI NUR BAYA", "", ""),
    ("Ahmad bin Saleh", "AHMAD", "SALEH", ""),
    ("AHMAD B. SALEH", "AHMAD", "SALEH", ""),
    ("Ahmad B Saleh", "AHMAD B SALEH", "", ""),  # bare B is an initial
    ("Nur Aini binti Jamal", "NUR AINI", "JAMAL", ""),
    ("Siti Aminah bt. H. Abdul Gani", "SITI AMINAH", "ABDUL GANI", ""),
    ("Fatimah bte Alm. Yusuf", "FATIMAH", "YUSUF", ""),
    ("Ahmad bin Saleh bin Umar", "AHMAD", "SALEH", ""),
    ("Bin Saleh", "BIN SALEH", "", ""),  # nothing before: not a marker
    ("Ahmad Bin", "AHMAD BIN", "", ""),  # nothing after
    ("BUDI SANTOSO, S.PD., M.SI", "BUDI SANTOSO", "", "SPD MSI"),
    ("Budi Santoso S. Pd", "BUDI SANTOSO", "", "SPD"),
    ("Budi Santoso, S.Pd.I", "BUDI SANTOSO", "", "SPDI"),
    ("Budi Santoso SPd", "BUDI SANTOSO", "", "SPD"),
    ("Siti Aminah, A.Md.Keb", "SITI AMINAH", "", "AMDKEB"),
    ("Siti Aminah, A. Md. Keb.", "SITI AMINAH", "", "AMDKEB"),
    ("Rina Wati, Amd", "RINA WATI", "", "AMD"),
    ("Dra. Hj. Siti Aminah, M.Pd", "SITI AMINAH", "", "DRA HJ MPD"),
    ("Drs. H. Ahmad Yani, M.M", "AHMAD YANI", "", "DRS H MM"),
    ("Prof. Dr. Ir. H. Gusti Muhammad Hatta, MS", "MUHAMMAD HATTA", "", "PROF DR IR H GUSTI MS"),
    ("KH. Muhammad Zaini Abdul Ghani", "MUHAMMAD ZAINI ABDUL GHANI", "", "KH"),
    ("Ustadz Ahmad", "AHMAD", "", "UST"),
    ("Hadji Ahmad", "AHMAD", "", "H"),
    ("HAJJAH FATIMA", "FATIMAH", "", "HJ"),
    ("Antung Fatimah", "FATIMAH", "", "ANTUNG"),
    ("Andin Rahmah", "RAHMAH", "", "ANDIN"),
    ("R. Soeprapto", "SUPRAPTO", "", "RADEN"),
    ("Rd. Budi", "BUDI", "", "RADEN"),
    ("Raden Mas Said", "MAS SAID", "", "RADEN"),
    ("Budi Rd", "BUDI RD", "", ""),  # RD only counts before the name
    ("Budi H. Saleh", "BUDI H SALEH", "", ""),  # H. later in the name is an initial
    ("H Budi", "H BUDI", "", ""),  # no dot: not Haji
    ("M. Yusuf", "MUHAMMAD YUSUF", "", ""),
    ("M Yusuf", "MUHAMMAD YUSUF", "", ""),
    ("Budi M.", "BUDI M", "", ""),
    ("St. Aminah", "SITI AMINAH", "", ""),
    ("Sitti Aminah", "SITI AMINAH", "", ""),
    ("M.H. Thamrin", "MUHAMMAD H THAMRIN", "", ""),  # initials, not the degree M.H.
    ("Ma'ruf Amin", "MARUF AMIN", "", ""),
    ("Ma\u2019ruf Amin", "MARUF AMIN", "", ""),
    ("Syafi'i", "SYAFII", "", ""),
    ("Siti-Aminah", "SITI AMINAH", "", ""),
    ("  siti   aminah  ", "SITI AMINAH", "", ""),
    ("Muh.Rizki", "MUHAMMAD RIZKI", "", ""),
    ("H.M.Rizki", "MUHAMMAD RIZKI", "", "H"),
    ("Zaenal Abidin", "ZAENAL ABIDIN", "", ""),
    ("Dedy Irawan", "DEDI IRAWAN", "", ""),
    ("Sri Wahyuni", "SRI WAHYUNI", "", ""),
    ("José Müller", "JOSE MULLER", "", ""),
    ("GUSTI", "GUSTI", "", ""),  # a man called Gusti keeps his name
    ("H. Gusti", "GUSTI", "", "H"),
    ("Haji", "HAJI", "", ""),
    ("H.", "H", "", ""),
    ("", "", "", ""),
    ("   ", "", "", ""),
    ("., -'", "", "", ""),
    ("123", "", "", ""),
]


@pytest.mark.parametrize(("raw", "tokens", "father", "titles"), NAMES)
def test_normalise_name(raw, tokens, father, titles):
    name = normalise_name(raw)
    assert name == NormalName(
        tokens=tuple(tokens.split()), father=tuple(father.split()), titles=tuple(titles.split())
    )
    assert name.text == tokens
    assert name_key(raw) == tokens


@pytest.mark.parametrize("missing", [None, float("nan"), 0])
def test_missing_values_give_an_empty_name(missing):
    assert normalise_name(missing) == NormalName((), (), ())


# Different writings of one person: same key.
SAME_PERSON = [
    ("H. MUHAMMAD RIZKI, S.Pd", "Moh. Rizky"),
    ("Hj. Siti Noorhayati", "SITI NURHAYATI"),
    ("Gusti Abdul Rahman", "Abd. Rahman"),
    ("Soekarno", "Sukarno"),
    ("Tjokroaminoto", "Cokroaminoto"),
    ("Djoko Widodo", "Joko Widodo"),
    ("Sjahrir", "Syahrir"),
    ("Chairul Anwar", "Khairul Anwar"),
    ("Mohammad Hatta", "Muhamad Hatta"),
    ("Mhd. Yusuf", "Muhammad Yusup"),
    ("Noor Aini", "Nur Aini"),
    ("Nuraini", "NUR AINI"),
    ("Ahmad bin Saleh", "H. Ahmad"),
    ("Nur Aini binti Jamal", "Nur Aini"),
    ("Abdoel Moeis", "Abdul Muis"),
    ("M. Noor", "Muhammad Nur"),
]


@pytest.mark.parametrize(("left", "right"), SAME_PERSON)
def test_variant_writings_share_a_key(left, right):
    assert name_key(left) == name_key(right)


# Different names that must stay apart.
DIFFERENT = [
    ("Abdullah", "Abdul Lah"),
    ("Budi M.", "Budi Muhammad"),
    ("Siti Aminah", "Siti Amanah"),
    ("Juhri", "Yuhri"),
    ("Rd. Budi", "Rudi"),
]


@pytest.mark.parametrize(("left", "right"), DIFFERENT)
def test_different_names_keep_different_keys(left, right):
    assert name_key(left) != name_key(right)


@pytest.mark.parametrize(
    ("raw", "given"),
    [
        ("Muhammad Rizki", "RIZKI"),
        ("Siti Nur Hayati", "HAYATI"),
        ("Hj. Siti Noorhayati", "HAYATI"),
        ("Ahmad Yani", "YANI"),
        ("Budi Santoso", "BUDI"),
        ("Muhammad", "MUHAMMAD"),
        ("Siti Nur", "SITI"),
        ("", None),
    ],
)
def test_given_name_skips_low_evidence_tokens(raw, given):
    assert given_name(normalise_name(raw)) == given


def test_common_tokens_are_canonical():
    assert {"MUHAMMAD", "SITI", "NUR", "AHMAD", "ABDUL"} <= COMMON_TOKENS
    assert all(name_key(token) == token for token in COMMON_TOKENS)


# --- the tables stay consistent ------------------------------------------

_PLAIN = re.compile(r"[A-Z]+")


def test_table_entries_are_plain_uppercase():
    entries = [
        *tables.TITLES,
        *tables.DEGREES,
        *tables.FATHER_MARKERS,
        *tables.CANONICAL_SPELLINGS,
        *(v for variants in tables.CANONICAL_SPELLINGS.values() for v in variants),
        *tables.FIRST_TOKEN_EXPANSIONS,
        *(prefix for prefix, _ in tables.JOINED_PREFIXES),
    ]
    assert [entry for entry in entries if not _PLAIN.fullmatch(entry)] == []


def test_canonical_forms_are_fixed_points():
    # Otherwise name_key would not be idempotent.
    targets = set(CANONICAL.values()) | set(tables.FIRST_TOKEN_EXPANSIONS.values())
    for target in targets:
        assert modernise(target) == target
        assert split_joined(target) == [target]
        assert CANONICAL.get(target, target) == target
        assert target not in tables.TITLES
        assert target not in tables.DEGREES
        assert target not in tables.FATHER_MARKERS


@pytest.mark.parametrize(
    ("token", "modern"),
    [
        ("SOEKARNO", "SUKARNO"),
        ("DJAJADININGRAT", "JAYADININGRAT"),
        ("SJECH", "SYEKH"),
        ("TJUT", "CUT"),
        ("JAJA", "JAJA"),  # no old marker
        ("DDJJ", "JJ"),  # repeated until nothing old is left
        ("RIZKY", "RIZKI"),
        ("ROY", "ROY"),  # vowel before Y
        ("KY", "KY"),
    ],
)
def test_modernise(token, modern):
    assert modernise(token) == modern
    assert modernise(modern) == modern


# --- properties -----------------------------------------------------------


@given(st.text())
@example("H. GUSTI")
@example("GUSTI H.")
@example("AHMAD BIN")
@example("ǆ")
def test_normalise_name_never_raises_and_is_idempotent(raw):
    name = normalise_name(raw)
    key = name.text
    assert normalise_name(key).text == key
    assert normalise_name(key).tokens == name.tokens
    assert all(_PLAIN.fullmatch(token) for token in name.tokens + name.father + name.titles)


# Pieces chosen to hit the rules: titles, markers, degrees and their parts,
# initials, glued prefixes, old spelling.
HAZARDS = [
    "H", "HJ", "HAJI", "GUSTI", "GT", "R", "RD", "M", "ST", "B", "BIN", "BINTI", "BT",
    "S", "PD", "SPD", "I", "A", "MD", "KEB", "MA", "SI", "SE", "NUR", "NOOR", "NURUL",
    "NURHAYATI", "ABDULLAH", "ABDULRAHMAN", "MOH", "SOEDJONO", "TJAHJONO", "DJ", "OE",
    "RIZKY", "SITI", "ALM", "DR", "Y", "J", "CH",
]  # fmt: skip
SEPARATORS = [" ", ". ", ".", ", ", ",", " - ", "'", " . "]


@given(st.lists(st.tuples(st.sampled_from(HAZARDS), st.sampled_from(SEPARATORS)), max_size=8))
def test_name_key_is_idempotent_on_rule_heavy_names(parts):
    raw = "".join(token + sep for token, sep in parts)
    key = name_key(raw)
    assert name_key(key) == key


NAME_TOKENS = [
    "MUHAMMAD", "MOH", "ABD", "ABDUL", "NOOR", "NUR", "SITI", "AHMAD", "ACHMAD", "RIZKY",
    "HAYATI", "NOORHAYATI", "SALEH", "JAMAL", "AINI", "ABDULLAH", "GUSTI", "HAJI", "HJ",
    "SOEKARNO", "DJOKO", "TJOKRO", "BIN", "BINTI", "SPD", "RAHMAN", "FATIMAH", "YUSUF",
    "ZAINI", "ANTUNG",
]  # fmt: skip


@st.composite
def decorated(draw: st.DrawFn) -> tuple[str, str]:
    """A plain name and the same name with random case, dots, commas and apostrophes."""
    tokens = draw(st.lists(st.sampled_from(NAME_TOKENS), min_size=1, max_size=6))
    out = []
    for token in tokens:
        case = draw(st.sampled_from([str.upper, str.lower, str.title, str.swapcase]))
        word = case(token)
        if draw(st.booleans()):
            cut = draw(st.integers(min_value=1, max_value=len(word)))
            word = word[:cut] + "'" + word[cut:]
        out.append(word + draw(st.sampled_from(["", ".", ","])))
        out.append(draw(st.sampled_from([" ", "  ", " , ", ".", ". "])))
    return " ".join(tokens), "".join(out)


@given(decorated())
def test_name_key_ignores_case_and_punctuation(pair):
    plain, written = pair
    assert name_key(written) == name_key(plain)
