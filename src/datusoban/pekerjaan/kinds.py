"""The operator jobs, one entry each: who may start it, what makes two of them the same
job, the region it belongs to, and what it does and reports.

Each job is the service its command on the server's terminal calls, with the same
arguments; what it returns is its result page: a sentence, figures (each with how it is
formatted) and links to the pages that show what it changed. Links are kept as URL names
and arguments and resolved when the page is drawn, under the address the site is served at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import PROVINCE, Scope, scope_of
from datusoban.formatting import angka, rupiah
from datusoban.impor.authority import (
    ImportNotAllowedError,
    check_import,
    covers,
    source_region,
    visible_batches,
)
from datusoban.program.benefit import stage_periods
from datusoban.program.stages import create_stages
from datusoban.reference.models import Program
from datusoban.refusal import RefusedError
from datusoban.registri.models import ImportBatch, SourceRecord
from datusoban.sasaran.accuracy_services import run_accuracy
from datusoban.sasaran.allocation_services import (
    RUPIAH,
    compute_allocation,
    kabkota_codes,
    policy,
    store_allocation,
)
from datusoban.sasaran.eligibility_services import run_eligibility
from datusoban.sasaran.quota import parse_quota
from datusoban.sasaran.services import rank_registry
from datusoban.sasaran.stage_amounts import PROGRAM as PER_COMPONENT
from datusoban.sasaran.stage_amounts import pkh_stage_amounts

Params = dict[str, Any]
Result = dict[str, Any]


def figure(label: str, nilai: int | float | None, format: str = "angka") -> dict:
    """One figure of a result; ``format``: angka, rp (rupiah) or rasio (a share)."""
    return {"label": label, "nilai": nilai, "format": format}


def link(label: str, url: str, *args: Any, query: str = "") -> dict:
    """A link of a result: a URL name of the ``web`` namespace with its arguments."""
    return {"label": label, "url": url, "args": list(args), "query": query}


def result(ringkasan: str, angka_: list[dict], tautan: list[dict]) -> Result:
    return {"ringkasan": ringkasan, "angka": angka_, "tautan": tautan}


# --- who may --------------------------------------------------------------------------


def _writer(user) -> Scope:
    """The scope of a user whose role may change data; refused (403) otherwise."""
    scope = scope_of(user)
    if scope is None:
        raise RefusedError(
            "tanpa_peran", "Akun Anda belum diberi peran dan wilayah: Anda tidak dapat "
            "memulai pekerjaan ini.", 403,
        )  # fmt: skip
    if not scope.role.tulis:
        raise RefusedError(
            "hanya_baca", f"Peran Anda ({scope.role.label}) hanya boleh membaca: memulai "
            "pekerjaan yang mengubah data tidak diizinkan.", 403,
        )  # fmt: skip
    return scope


def _province_writer(user, params: Params) -> None:
    if _writer(user).wilayah != PROVINCE:
        raise RefusedError(
            "hanya_provinsi", "Pekerjaan ini mencakup seluruh provinsi: hanya pengguna "
            "tingkat provinsi yang boleh memulainya.", 403,
        )  # fmt: skip


def _paid_in_stages(params: Params) -> None:
    """A programme paid in stages (its job refused otherwise)."""
    if not Program.objects.filter(kode=params["program"]).exists():
        raise RefusedError("program_tidak_dikenal", f"Program {params['program']} tidak dikenal.")
    stage_periods(params["program"], int(params["tahun"]))  # refuses one without stages


def _batch(user, params: Params) -> ImportBatch:
    """The batch to link, when the user may see it (else 404) and import under its source
    (else 403: linking writes the registry as the import did)."""
    found = visible_batches(user, ImportBatch.objects.select_related("source"))
    batch = found.filter(pk=params.get("batch")).first()
    if batch is None:
        raise RefusedError("batch_tidak_ditemukan", "Batch impor tidak ditemukan.", 404)
    try:
        check_import(user, batch.source)
    except ImportNotAllowedError as exc:
        raise RefusedError("tidak_berwenang", str(exc), 403) from None
    return batch


def _linker(user, params: Params) -> None:
    _batch(user, params)


def _linkable(params: Params) -> None:
    """A batch imported whole and not withdrawn."""
    batch = ImportBatch.objects.filter(pk=params["batch"]).first()
    if batch is None:
        raise RefusedError("batch_tidak_ditemukan", "Batch impor tidak ditemukan.", 404)
    if batch.status != ImportBatch.Status.SELESAI:
        raise RefusedError(
            "batch_belum_selesai", f"Batch {batch.pk} belum selesai diimpor atau sudah ditarik: "
            "tidak ada yang dapat ditautkan.",
        )  # fmt: skip


def _allocator(user, params: Params) -> None:
    scope = _writer(user)
    if scope.wilayah.count(".") > 1:
        raise RefusedError(
            "alokasi_tidak_berwenang", "Alokasi disimpan oleh peran yang boleh mengubah data, "
            "di tingkat provinsi atau kab/kota.", 403,
        )  # fmt: skip
    kabkota = params.get("kabkota") or PROVINCE
    if not covers(scope.wilayah, kabkota):
        raise RefusedError(
            "alokasi_tidak_berwenang", f"Alokasi wilayah {kabkota} di luar wilayah Anda.", 403
        )


# --- what it does ---------------------------------------------------------------------


def _link(user, params: Params) -> Result:
    # Imported here: linkage brings Splink and sqlglot (a quarter of a second), which every
    # process that loads the pages would pay, while only the job's worker links.
    from datusoban.penautan.registry_link import link_registry

    batch = int(params["batch"])
    run = link_registry(user=user.get_username(), batches=[batch])
    figures = [
        figure("Rekaman baru", run.rekaman_baru),
        figure("Dibandingkan dengan rekaman tertaut", run.rekaman_pembanding),
        figure("Orang baru", run.orang_baru),
        figure("Rekaman ke orang yang sudah ada", run.rekaman_ke_orang_lama),
        figure("Rekaman ditahan", run.rekaman_ditahan),
        figure("Pasangan ke antrean tinjauan", run.pasangan_tinjauan),
        figure("Keluarga baru", run.keluarga_baru),
    ]
    links = [link(f"Laporan batch {batch}", "web:batch", batch)]
    if run.pasangan_tinjauan:
        links.append(link("Antrean tinjauan penautan", "web:penautan"))
    if not run.rekaman_baru:
        said = f"Tidak ada rekaman batch {batch} yang belum tertaut; registri tidak berubah."
    else:
        said = (
            f"{angka(run.rekaman_baru)} rekaman batch {batch} ditautkan ke registri: "
            f"{angka(run.orang_baru)} orang baru, {angka(run.rekaman_ke_orang_lama)} rekaman ke "
            f"orang yang sudah ada, {angka(run.pasangan_tinjauan)} pasangan menunggu tinjauan."
        )
    return result(said, figures, links)


def _rank(user, params: Params) -> Result:
    done = rank_registry()
    figures = [
        figure("Keluarga diberi peringkat", done.keluarga),
        figure("Dengan desil DTSEN", done.dengan_desil_dtsen),
        figure("Berbeda 2 desil atau lebih dari DTSEN", done.beda_desil_dtsen),
    ]
    said = f"Model {done.versi}: {angka(done.keluarga)} keluarga diberi peringkat kesejahteraan."
    return result(said, figures, [link("Ringkasan sasaran", "web:sasaran")])


def _eligibility(user, params: Params) -> Result:
    runs = run_eligibility(["SEMUA"], timezone.localdate(), user=user.get_username())
    figures = [
        figure(f"{r.program_id}: layak dari {angka(r.dinilai)} {r.sasaran} dinilai", r.layak)
        for r, _ in runs
    ]
    links = [
        link(f"Kelayakan {run.program_id}", "web:sasaran_kelayakan", run.program_id)
        for run, _ in runs
    ]
    said = f"{angka(len(runs))} program dinilai atas seluruh registri; hasilnya tersimpan."
    return result(said, figures, links)


def _accuracy(user, params: Params) -> Result:
    runs = run_accuracy(["SEMUA"], timezone.localdate(), user=user.get_username())
    figures = []
    for run in runs:
        for name, key in (("galat inklusi", "galat_inklusi"), ("galat eksklusi", "galat_eksklusi")):
            figures.append(figure(f"{run.program_id}: {name}", run.provinsi.get(key), "rasio"))
    said = f"Ketepatan sasaran {angka(len(runs))} program diukur; hasilnya tersimpan."
    return result(said, figures, [link("Ketepatan sasaran", "web:sasaran_ketepatan")])


def allocation_kwargs(params: Params) -> dict[str, Any]:
    """The arguments of ``compute_allocation`` from a job's parameters (the allocation
    page's form, kept as JSON): the quota file's text is read again here."""
    quota = None
    if params.get("kuota_teks"):
        quota = parse_quota(
            params["kuota_teks"], kabkota_codes(), name=params.get("kuota_nama") or "kuota",
            redistribusi=policy()["redistribusi"],
        )  # fmt: skip
    tanggal = params.get("tanggal")
    return {
        "as_of": date.fromisoformat(tanggal) if tanggal else date.today(),
        "anggaran": params.get("anggaran"),
        "jumlah": params.get("jumlah"),
        "kuota": quota,
        "banding": params.get("banding") or [],
        "peserta": params.get("peserta") or None,
        "kabkota": params.get("kabkota") or None,
    }


def _allocate(user, params: Params) -> Result:
    found = compute_allocation(params["program"], **allocation_kwargs(params))
    run = store_allocation(found, user=user.get_username(), usulkan=True)
    record(
        None, Aksi.UBAH, "alokasi", [(str(run.pk), None)], user=user,
        rincian={"program": run.program_id, "dipilih": run.dipilih, "diusulkan": run.diusulkan},
    )  # fmt: skip
    money = "rp" if run.satuan == RUPIAH else "angka"
    figures = [
        figure("Layak", run.layak),
        figure("Dipilih", run.dipilih),
        figure("Dipilih baru", run.dipilih_baru),
        figure("Diusulkan sebagai kepesertaan", run.diusulkan),
        figure("Orang", run.orang),
        figure("Biaya", run.biaya, money),
        figure("Sisa", run.sisa, money),
        figure("Tersisih", run.tersisih),
    ]
    said = (
        f"Alokasi #{run.pk} {run.program_id} disimpan; {angka(run.diusulkan)} penerima baru "
        "diusulkan sebagai kepesertaan (status diusulkan)."
    )
    return result(said, figures, [link(f"Alokasi #{run.pk}", "web:sasaran_alokasi_rinci", run.pk)])


def _stages(user, params: Params) -> Result:
    program, tahun = params["program"], int(params["tahun"])
    amounts = pkh_stage_amounts if program == PER_COMPONENT else None
    done = create_stages(program, tahun, amounts)
    figures = [
        figure("Tahap bayar baru", done.dibuat),
        figure("Peserta", done.keluarga),
        figure("Tahap yang sudah ada", done.sudah_ada),
        figure("Jatuh tempo", done.jumlah_jatuh_tempo, "rp"),
        figure("Keluarga tanpa komponen pada satu tahap atau lebih", len(done.tanpa_komponen)),
    ]
    said = (
        f"{program} {tahun}: {angka(done.dibuat)} tahap bayar baru untuk {angka(done.keluarga)} "
        f"peserta, jatuh tempo {rupiah(done.jumlah_jatuh_tempo)}; {angka(done.sudah_ada)} tahap "
        "sudah ada."
    )
    page = link(
        f"Tahap bayar {program} {tahun}", "web:program_tahap", program, query=f"tahun={tahun}"
    )
    return result(said, figures, [page])


# --- the table ------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    kode: str
    # What the job is called on its page and in the history, from its parameters.
    title: Callable[[Params], str]
    # What the worker is doing while it runs.
    tahap: str
    # Raises RefusedError unless the user may start it (asked again when it runs).
    check: Callable[[Any, Params], None]
    run: Callable[[Any, Params], Result]
    # Two jobs with the same key are the same job: the second waits for none, it is refused.
    key: Callable[[Params], str]
    # The job's region: who sees it (its kab/kota's users, or everyone for the province).
    region: Callable[[Params], str]
    # The page its button is on (URL name, arguments, query).
    back: Callable[[Params], tuple[str, list, str]]
    # Raises RefusedError (400) when the job cannot be done as asked, once ``check`` let
    # the user start it: the refusal is shown on the button's page.
    validate: Callable[[Params], None] = lambda p: None


def _batch_region(params: Params) -> str:
    batch = ImportBatch.objects.select_related("source").filter(pk=params["batch"]).first()
    return source_region(batch.source) if batch else PROVINCE


KINDS: dict[str, Kind] = {
    k.kode: k
    for k in (
        Kind(
            "tautkan",
            lambda p: f"Penautan batch {p['batch']} ke registri",
            "Menautkan rekaman batch ke orang di registri",
            _linker,
            _link,
            lambda p: f"tautkan:{p['batch']}",
            _batch_region,
            lambda p: ("web:batch", [p["batch"]], ""),
            _linkable,
        ),
        Kind(
            "peringkat",
            lambda p: "Peringkat kesejahteraan seluruh registri",
            "Menghitung skor dan desil semua keluarga",
            _province_writer,
            _rank,
            lambda p: "peringkat",
            lambda p: PROVINCE,
            lambda p: ("web:sasaran", [], ""),
        ),
        Kind(
            "kelayakan",
            lambda p: "Penilaian kelayakan semua program",
            "Menilai kelayakan semua program atas seluruh registri",
            _province_writer,
            _eligibility,
            lambda p: "kelayakan",
            lambda p: PROVINCE,
            lambda p: ("web:sasaran", [], ""),
        ),
        Kind(
            "ketepatan",
            lambda p: "Ketepatan sasaran semua program",
            "Mengukur galat inklusi dan eksklusi kepesertaan",
            _province_writer,
            _accuracy,
            lambda p: "ketepatan",
            lambda p: PROVINCE,
            lambda p: ("web:sasaran_ketepatan", [], ""),
        ),
        Kind(
            "alokasi",
            lambda p: f"Alokasi {p['program']} dan usulan penerima",
            "Menghitung alokasi dan mengusulkan penerima baru",
            _allocator,
            _allocate,
            lambda p: f"alokasi:{p['program']}:{p.get('kabkota') or PROVINCE}",
            lambda p: p.get("kabkota") or PROVINCE,
            lambda p: ("web:sasaran_alokasi", [], ""),
        ),
        Kind(
            "tahap",
            lambda p: f"Tahap bayar {p['program']} {p['tahun']}",
            "Membuat tahap bayar untuk semua peserta",
            _province_writer,
            _stages,
            lambda p: f"tahap:{p['program']}:{p['tahun']}",
            lambda p: PROVINCE,
            lambda p: ("web:program_tahap", [p["program"]], f"tahun={p['tahun']}"),
            _paid_in_stages,
        ),
    )
}


def unlinked(batch: ImportBatch) -> int:
    """Records of ``batch`` not yet linked to a person of the registry."""
    return SourceRecord.objects.filter(batch=batch, person__isnull=True).count()
