"""The enrolment lifecycle table: every allowed change passes, every other one is refused."""

from __future__ import annotations

from itertools import product

import pytest

from datusoban.program import rules
from datusoban.reference import catalogue
from datusoban.refusal import RefusedError

STATUSES = [rules.DIUSULKAN, rules.DIVERIFIKASI, rules.TERDAFTAR, rules.DITANGGUHKAN, rules.KELUAR]
ALLOWED = {
    (rules.DIUSULKAN, rules.DIVERIFIKASI),
    (rules.DIUSULKAN, rules.KELUAR),
    (rules.DIVERIFIKASI, rules.TERDAFTAR),
    (rules.DIVERIFIKASI, rules.KELUAR),
    (rules.TERDAFTAR, rules.DITANGGUHKAN),
    (rules.DITANGGUHKAN, rules.TERDAFTAR),
    (rules.TERDAFTAR, rules.KELUAR),
    (rules.DITANGGUHKAN, rules.KELUAR),
}


def _arguments(dari: str, ke: str) -> dict:
    """What a valid request for this change carries."""
    if ke == rules.KELUAR:
        return {"alasan": "graduasi_mandiri" if dari in rules.RECEIVING else "ganda"}
    if ke == rules.DITANGGUHKAN:
        return {"keterangan": "Tidak hadir P2K2 tiga bulan berturut-turut"}
    return {}


def test_the_table_is_exactly_the_lifecycle():
    assert set(rules.transitions()) == ALLOWED


@pytest.mark.parametrize(("dari", "ke"), sorted(ALLOWED))
def test_every_allowed_change_passes_with_what_it_needs(dari, ke):
    rule = rules.check_transition("PKH", dari, ke, **_arguments(dari, ke))
    assert (rule.dari, rule.ke) == (dari, ke)


@pytest.mark.parametrize(("dari", "ke"), sorted(set(product(STATUSES, STATUSES)) - ALLOWED))
def test_every_other_change_is_refused_in_indonesian(dari, ke):
    with pytest.raises(RefusedError) as refused:
        rules.check_transition("PKH", dari, ke, **_arguments(dari, ke))
    assert refused.value.kode == "transisi_ditolak"
    assert "tidak dapat diubah" in refused.value.pesan


@pytest.mark.parametrize("dari", [rules.DIUSULKAN, rules.DIVERIFIKASI, *rules.RECEIVING])
def test_an_exit_needs_a_reason_from_the_programmes_list(dari):
    with pytest.raises(RefusedError, match="memerlukan alasan") as refused:
        rules.check_transition("PKH", dari, rules.KELUAR)
    assert refused.value.kode == "alasan_wajib"
    with pytest.raises(RefusedError, match="tidak berlaku untuk program PKH"):
        rules.check_transition("PKH", dari, rules.KELUAR, alasan="bosan")


def test_a_suspension_needs_a_written_reason():
    with pytest.raises(RefusedError, match="memerlukan keterangan"):
        rules.check_transition("PKH", rules.TERDAFTAR, rules.DITANGGUHKAN, keterangan="  ")


def test_a_reason_is_refused_where_no_exit_happens():
    with pytest.raises(RefusedError) as refused:
        rules.check_transition("PKH", rules.DIUSULKAN, rules.DIVERIFIKASI, alasan="mampu")
    assert refused.value.kode == "alasan_tidak_perlu"


@pytest.mark.parametrize("alasan", ["graduasi_alamiah", "graduasi_mandiri", "graduasi_paksa"])
def test_graduation_only_for_families_that_received_pkh(alasan):
    for dari in rules.RECEIVING:
        rules.check_transition("PKH", dari, rules.KELUAR, alasan=alasan)
        assert rules.exit_kind("PKH", alasan) == alasan
    with pytest.raises(RefusedError) as refused:
        rules.check_transition("PKH", rules.DIUSULKAN, rules.KELUAR, alasan=alasan)
    assert refused.value.kode == "graduasi_belum_menerima"


def test_pkh_reasons_come_from_the_catalogue_and_others_from_the_general_list():
    assert rules.exit_reasons("PKH") == tuple(rules.parameters("PKH")["alasan_keluar"])
    assert "graduasi_mandiri" not in rules.exit_reasons("BPNT")
    assert "meninggal" in rules.exit_reasons("BPNT")
    with pytest.raises(RefusedError, match="tidak berlaku untuk program BPNT"):
        rules.check_transition("BPNT", rules.TERDAFTAR, rules.KELUAR, alasan="graduasi_mandiri")
    assert rules.exit_kind("BPNT", "pindah") == "lainnya"


def test_every_reason_code_has_an_indonesian_label():
    codes = set(rules.exit_reasons("PKH")) | set(rules.exit_reasons("BPNT"))
    assert all(rules.reason_label(code) != code for code in codes)


def test_exclusions_name_catalogue_programmes():
    known = {k for v in catalogue.programme_versions() for k in v.program}
    pairs = rules.exclusions()
    assert pairs
    assert all(p.a in known and p.b in known and p.tingkat in ("orang", "keluarga") for p in pairs)
