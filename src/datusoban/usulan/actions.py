"""Proposals made, verified, refused and finished: each step refused when the role may not
take it (403), when the proposal is outside the user's region (404) or when it is out of
order (409); each taken in one transaction with its audit row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import Scope, scoped
from datusoban.kasus.access import in_region
from datusoban.reference.models import Region
from datusoban.refusal import RefusedError
from datusoban.registri.models import Household, Person
from datusoban.usulan import access, person_data, policy
from datusoban.usulan.models import MusyawarahDesa, Usulan

LENGKAPI_DULU = (
    "Usulan dari warga ini belum berisi data untuk SIKS-NG: lengkapi data orangnya (NIK, "
    "No. KK dan lainnya) lebih dulu."
)
# Statuses a proposal is still open in (a second one for the same subject is refused).
OPEN = ("diusulkan", "diverifikasi", "dikirim")


@dataclass
class NewProposal:
    jenis: str
    person_id: int | None = None
    household_id: int | None = None
    # A new person's data, or the values an update changes (person_data.FIELDS).
    data: dict = field(default_factory=dict)
    alasan_hapus: str = ""
    keterangan: str = ""
    musyawarah_id: int | None = None
    diusulkan_pada: date | None = None


class InvalidDataError(RefusedError):
    """The data a proposal carries broke the import's rules: every message, per field."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        lines = [
            f"{person_data.LABELS.get(f, 'Data')}: {m}" for f, ms in errors.items() for m in ms
        ]
        super().__init__("data_tidak_valid", " ".join(lines), 400)
        self.errors = errors


def due_date(proposed: date) -> date:
    return proposed + timedelta(days=policy.rules()["hari_verifikasi"])


def _subject(user, new: NewProposal) -> tuple[Person | None, Household | None]:
    if new.person_id is not None:
        person = scoped(user, Person.objects.filter(pk=new.person_id)).first()
        if person is None:
            raise RefusedError("orang_tidak_ditemukan", "Orang itu tidak ditemukan.", 404)
        if person.household_id is None:
            raise RefusedError("tanpa_keluarga", "Orang ini belum tercatat dalam keluarga.")
        return person, person.household
    if new.household_id is not None:
        household = scoped(user, Household.objects.filter(pk=new.household_id)).first()
        if household is None:
            raise RefusedError("keluarga_tidak_ditemukan", "Keluarga itu tidak ditemukan.", 404)
        return None, household
    return None, None


def _region(scope: Scope, kode: str) -> Region:
    region = Region.objects.filter(kode=kode, level=Region.Level.DESA).first()
    if region is None:
        raise RefusedError(
            "wilayah", "Pilih desa/kelurahan tempat tinggalnya.", field="kode_wilayah"
        )
    if not in_region(scope, region.kode):
        raise RefusedError("di_luar_cakupan", "Desa/kelurahan itu di luar cakupan Anda.", 403)
    return region


def _deliberation(user, pk: int | None, region: Region) -> MusyawarahDesa | None:
    if pk is None:
        return None
    found = access.deliberations_for(user).filter(pk=pk).first()
    if found is None:
        raise RefusedError("musdes_tidak_ditemukan", "Musyawarah desa itu tidak ditemukan.", 404)
    if found.desa_id != region.kode:
        raise RefusedError(
            "musdes_desa_lain",
            f"Musyawarah desa {found.pk} diadakan di desa lain; usulan ini untuk {region.nama}.",
        )
    return found


def propose(user, new: NewProposal, *, request=None) -> Usulan:
    """Record a proposal; the data a new person or an update carries is checked by the
    import's rules first, and nothing is stored when any of them refuses it."""
    scope = access.required(user, access.ADD, "Peran Anda tidak dapat membuat usulan.")
    rules = policy.rules()
    if new.jenis not in rules["jenis"]:
        raise RefusedError("jenis", f"Jenis usulan '{new.jenis}' tidak dikenal.", field="jenis")
    if new.jenis == "hapus" and new.alasan_hapus not in rules["alasan_hapus"]:
        raise RefusedError(
            "alasan_hapus", "Pilih alasan penghapusan (meninggal, pindah, mampu atau ganda).",
            field="alasan_hapus",
        )  # fmt: skip
    person, household = _subject(user, new)
    if new.jenis == "baru" and household is not None and person is not None:
        raise RefusedError("sudah_terdaftar", "Orang ini sudah ada di registri: usulkan perubahan.")
    if new.jenis != "baru" and household is None:
        raise RefusedError(
            "perlu_subjek", "Usulan perubahan, hapus atau desil dibuat dari halaman orang "
            "atau keluarga yang ada di registri.",
        )  # fmt: skip
    kode = new.data.get("kode_wilayah") or (household.wilayah_id if household else "")
    region = _region(scope, kode)
    today = timezone.localdate()
    given = {k: v for k, v in new.data.items() if k != "kode_wilayah"}
    # Someone in the registry is checked as they would stand after the change; only what
    # the operator typed can be wrong (the registry's own values were checked on import).
    merged = {**_registry_values(person, household), **given, "kode_wilayah": region.kode}
    fresh = new.jenis == "baru" and person is None
    checked = person_data.check(merged, region.kode[:5], today, new=fresh)
    errors = {f: m for f, m in checked.errors.items() if fresh or f in given or (f == "" and given)}
    if errors:
        raise InvalidDataError(errors)
    data = {}
    if new.jenis in ("baru", "perubahan"):
        kept = checked.data if fresh else {k: checked.data.get(k, v) for k, v in given.items()}
        data = {**kept, "kode_wilayah": region.kode}
    if new.jenis == "perubahan" and not given and not new.keterangan.strip():
        raise RefusedError("tanpa_perubahan", "Isi data yang berubah, atau jelaskan di keterangan.")
    nik = person.nik if person else data.get("nik")
    with transaction.atomic():
        deliberation = _deliberation(user, new.musyawarah_id, region)
        _refuse_open_twin(person, household, nik, new.jenis)
        proposed = new.diusulkan_pada or today
        if proposed > today:
            raise RefusedError("tanggal", "Tanggal usulan tidak boleh di masa depan.")
        usulan = Usulan.objects.create(
            jenis=new.jenis, alasan_hapus=new.alasan_hapus if new.jenis == "hapus" else "",
            person=person, household=household, data=data, nik=nik,
            nama=person.nama if person else data.get("nama", ""),
            tanggal_lahir=person.tanggal_lahir if person else _date(data.get("tanggal_lahir")),
            wilayah=region, kode_kabkota=region.kode[:5], musyawarah=deliberation,
            keterangan=new.keterangan.strip(), diusulkan_oleh=user.get_username(),
            diusulkan_pada=proposed, batas=due_date(proposed),
        )  # fmt: skip
        _audit(request, user, [usulan], "diusulkan")
    return usulan


def _registry_values(person: Person | None, household: Household | None) -> dict[str, str]:
    """What the registry holds of the subject, in the fields a proposal may carry."""
    values: dict[str, str] = {}
    if household is not None:
        values |= {"no_kk": household.no_kk or "", "alamat": household.alamat,
                   "rt": household.rt, "rw": household.rw, "nama": "keluarga"}  # fmt: skip
    if person is not None:
        values |= {
            "nama": person.nama, "nik": person.nik or "", "jenis_kelamin": person.jenis_kelamin,
            "tempat_lahir": person.tempat_lahir,
            "tanggal_lahir": person.tanggal_lahir.isoformat() if person.tanggal_lahir else "",
            "nama_ibu_kandung": person.nama_ibu_kandung,
            "hubungan_keluarga": person.hubungan_keluarga or "",
        }  # fmt: skip
    return values


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _refuse_open_twin(person, household, nik: str | None, jenis: str) -> None:
    """One open proposal of a kind per subject: a second would be sent twice."""
    queryset = Usulan.objects.filter(status__in=OPEN, jenis=jenis)
    if person is not None:
        twin = queryset.filter(person=person)
    elif household is not None and jenis != "baru":
        twin = queryset.filter(household=household, person__isnull=True)
    elif nik:
        twin = queryset.filter(nik=nik)
    else:
        return
    found = twin.values_list("pk", flat=True).first()
    if found is not None:
        raise RefusedError(
            "usulan_ganda", f"Sudah ada usulan {found} yang sama dan masih berjalan.", 409
        )


def subjects(proposals) -> list[tuple[str, str | None]]:
    """Audit subjects: one per proposal, with the NIK it is about."""
    return [(str(u.pk), u.nik) for u in proposals] or [("", None)]


def _audit(request, user, proposals, langkah: str) -> None:
    record(
        request, Aksi.UBAH, "usulan", subjects(proposals), user=user,
        rincian={"langkah": langkah},
    )  # fmt: skip


def visible_proposal(user, pk: int, *, for_update: bool = False) -> Usulan:
    queryset = access.proposals_for(user).filter(pk=pk)
    if for_update:
        queryset = queryset.select_for_update()
    found = queryset.first()
    if found is None:
        raise RefusedError("tidak_ditemukan", "Usulan tidak ditemukan.", 404)
    return found


def _take(user, pk: int, name: str) -> Usulan:
    """The proposal locked for step ``name``: the role first (403), then the region (404),
    then the order of the steps (409)."""
    step = policy.step(name)
    access.required(user, step["izin"], f"Peran Anda tidak dapat melakukan: {step['label']}.")
    usulan = visible_proposal(user, pk, for_update=True)
    if usulan.status not in step["dari"]:
        raise RefusedError(
            "urutan_langkah",
            f"Usulan ini berstatus “{policy.label('status', usulan.status)}”: langkah "
            f"“{step['label']}” hanya untuk usulan berstatus "
            + " atau ".join(f"“{policy.label('status', s)}”" for s in step["dari"])
            + ".",
            409,
        )
    return usulan


def verify(
    user, pk: int, *, hasil_kunjungan: str, dikunjungi_oleh: str, dikunjungi_pada: date,
    catatan: str = "", request=None,
) -> Usulan:  # fmt: skip
    """The kab/kota verification: the home visit's outcome, who visited, when, a note."""
    if hasil_kunjungan not in policy.rules()["hasil_kunjungan"]:
        raise RefusedError("hasil_kunjungan", "Pilih hasil kunjungan rumah.")
    if not dikunjungi_oleh.strip():
        raise RefusedError("petugas", "Tuliskan nama petugas yang berkunjung.")
    today = timezone.localdate()
    with transaction.atomic():
        usulan = _take(user, pk, "verifikasi")
        if not usulan.diusulkan_pada <= dikunjungi_pada <= today:
            raise RefusedError(
                "tanggal_kunjungan",
                "Tanggal kunjungan harus di antara tanggal usulan dan hari ini.",
            )
        if usulan.asal == "publik" and not usulan.nik:
            raise RefusedError("perlu_data", LENGKAPI_DULU, 409)
        if hasil_kunjungan == "tidak_ditemukan":
            raise RefusedError(
                "tidak_ditemukan_di_alamat",
                "Rumah tangga yang tidak ditemukan tidak dapat diverifikasi: tolak usulannya "
                "dengan alasan itu.",
            )
        usulan.status = "diverifikasi"
        usulan.hasil_kunjungan = hasil_kunjungan
        usulan.dikunjungi_oleh = dikunjungi_oleh.strip()[:150]
        usulan.dikunjungi_pada = dikunjungi_pada
        usulan.catatan_verifikasi = catatan.strip()
        usulan.diverifikasi_oleh = user.get_username()
        usulan.diverifikasi_pada = today
        usulan.save()
        _audit(request, user, [usulan], "diverifikasi")
    return usulan


def complete(user, pk: int, *, values: dict[str, str], request=None) -> Usulan:
    """A citizen's proposal (``asal`` publik) completed with the data SIKS-NG needs, as
    the kab/kota found it at the home visit: checked by the import's rules as a new
    person's are, nothing stored when any of them refuses it."""
    access.required(user, access.VERIFY, "Peran Anda tidak dapat melengkapi data usulan.")
    with transaction.atomic():
        usulan = visible_proposal(user, pk, for_update=True)
        if usulan.asal != "publik" or usulan.status != "diusulkan":
            raise RefusedError(
                "urutan_langkah", "Hanya usulan warga yang menunggu verifikasi dapat dilengkapi.",
                409,
            )  # fmt: skip
        region = usulan.wilayah_id
        merged = {**usulan.data, **values, "kode_wilayah": region}
        checked = person_data.check(merged, region[:5], timezone.localdate(), new=True)
        if checked.errors:
            raise InvalidDataError(checked.errors)
        _refuse_open_twin(None, None, checked.data.get("nik"), "baru")
        usulan.data = {**checked.data, "kode_wilayah": region}
        usulan.nik = checked.data.get("nik")
        usulan.nama = checked.data.get("nama", usulan.nama)
        usulan.tanggal_lahir = _date(checked.data.get("tanggal_lahir"))
        usulan.save()
        _audit(request, user, [usulan], "dilengkapi")
    return usulan


def refuse(user, pk: int, *, alasan: str, request=None) -> Usulan:
    """Refused at the kab/kota verification, with the reason."""
    if not alasan.strip():
        raise RefusedError("perlu_alasan", "Tuliskan alasan penolakan usulan.")
    with transaction.atomic():
        usulan = _take(user, pk, "tolak")
        usulan.status = "ditolak"
        usulan.alasan_tolak = alasan.strip()
        usulan.diverifikasi_oleh = user.get_username()
        usulan.diverifikasi_pada = timezone.localdate()
        usulan.save()
        _audit(request, user, [usulan], "ditolak")
    return usulan


def finish(user, pk: int, *, catatan: str = "", request=None) -> Usulan:
    """Closed after the national answer, with what the kab/kota did about it."""
    with transaction.atomic():
        usulan = _take(user, pk, "selesai")
        usulan.status = "selesai"
        usulan.catatan_selesai = catatan.strip()
        usulan.selesai_oleh = user.get_username()
        usulan.selesai_pada = timezone.localdate()
        usulan.save()
        _audit(request, user, [usulan], "selesai")
    return usulan
