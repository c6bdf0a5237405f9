"""One small world for the route matrix: something of every kind a route can show, each in
Kota Banjarmasin (the "own" region of a kab/kota user) and in Kota Banjarbaru (the other
region), and the users who look at it: every role of roles.toml, in Kota Banjarmasin and
province-wide.

Built once per test module inside a transaction that is rolled back at the end
(test_route_matrix.py), so that some 200 routes are probed over the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from datusoban.accounts.models import Account, ApiToken
from datusoban.accounts.roles import roles

from .enrolments import Enrolments, make_enrolments
from .people import CHILD_NIK, OTHER_KK, OTHER_NIK, RIZKY_KK, RIZKY_NIK, People, make_people
from .review_pairs import Pairs, make_pairs
from .stored_runs import make_runs

# The regions the matrix's users work in: a kab/kota and the whole province.
KOTA, PROVINSI = "63.71", "63"
REGIONS = (KOTA, PROVINSI)
# Django permissions some routes ask for besides the role: every user holds them here,
# so that the role and the region decide, as everywhere else.

SITI_NIK = "6371015506900002"
WORKER_NIK = "6371014404850007"  # a TKSK in Kota Banjarmasin
OTHER_WORKER_NIK = "6372024404850008"  # a TKSK in Kota Banjarbaru
QUARANTINED_NIK = "6371016606060009"  # a child's row held in quarantine, Kota Banjarmasin
OTHER_QUARANTINED_NIK = "6372016606860010"  # an adult's row held in quarantine, Banjarbaru


@dataclass(frozen=True)
class Sentinel:
    """Someone whose appearance in a response the matrix looks for: by name or NIK (a
    person shown), or by their family's No KK (the family shown, whoever of it)."""

    key: str
    names: tuple[str, ...]
    nik: str
    kabkota: str
    child: bool = False
    no_kk: str | None = None

    @property
    def identifiers(self) -> tuple[str, ...]:
        return (self.nik, self.no_kk) if self.no_kk else (self.nik,)


SENTINELS = (
    Sentinel("rizky", ("Moh. Rizky", "MOH. RIZKY"), RIZKY_NIK, KOTA, no_kk=RIZKY_KK),
    Sentinel("siti", ("Siti Aminah",), SITI_NIK, KOTA),
    Sentinel("child", ("Ahmad Fauzan",), CHILD_NIK, KOTA, child=True),
    Sentinel("other", ("Muhammad Rizki",), OTHER_NIK, "63.72", no_kk=OTHER_KK),
    Sentinel("worker", ("Fitri Handayani",), WORKER_NIK, KOTA),
    Sentinel("other_worker", ("Rahmat Hidayat",), OTHER_WORKER_NIK, "63.72"),
    Sentinel("quarantined", ("Nabila Putri",), QUARANTINED_NIK, KOTA, child=True),
    Sentinel("other_quarantined", ("Yusuf Maulana",), OTHER_QUARANTINED_NIK, "63.72"),
)


@dataclass
class Pair:
    """A thing in Kota Banjarmasin and its counterpart in Kota Banjarbaru."""

    own: object
    other: object


@dataclass
class World:
    people: People
    pairs: Pairs
    enrolments: Enrolments
    cases: Pair = None
    case_files: Pair = None
    referrals: Pair = None
    grievances: Pair = None
    grievance_files: Pair = None
    events: Pair = None
    victims: Pair = None
    lks: Pair = None
    uptd: object = None
    clients: Pair = None
    child_client: object = None
    residents: Pair = None
    workers: Pair = None
    sessions: Pair = None
    participants: Pair = None
    certificates: Pair = None
    allocations: Pair = None
    batches: Pair = None
    quarantined: Pair = None  # a quarantined row of each batch
    jobs: Pair = None
    accounts: Pair = None  # users an administrator manages: a pendamping in each kab/kota
    partner_tokens: Pair = None  # an API token of each of those users (Sistem mitra)
    operator_jobs: Pair = None  # linking jobs of the two batches (pekerjaan)
    deaths: Pair = None  # the civil registry's death proposals: Siti's, and the other's
    births: Pair = None  # birth proposals: a child into Rizky's family, one in Banjarbaru
    proposals: Pair = None  # proposals to the national registry waiting for verification
    deliberations: Pair = None  # a musyawarah desa in each kab/kota, with its minutes
    shipments: Pair = None  # a batch sent to SIKS-NG from each kab/kota (usulan)
    public_proposals: Pair = None  # a citizen's proposal with a photo in each (usulpublik)
    field_visits: Pair = None  # a field visit of Rizky's family and of the other's (lapangan)
    p2k2_groups: Pair = None  # a P2K2 group of Rizky's family and of the other's, one session
    users: dict[tuple[str, str], User] = field(default_factory=dict)
    tokens: dict[int, str] = field(default_factory=dict)  # API bearer token per user id

    def user(self, role: str, wilayah: str) -> User:
        return self.users[(role, wilayah)]


def _users(world: World) -> None:
    from datusoban.layanan.models import StafLembaga

    for kode in roles():
        for wilayah in REGIONS:
            user = User.objects.create_user(f"{kode}.{wilayah}", first_name="Uji")
            Account.objects.create(user=user, peran=kode, wilayah_id=wilayah)
            if kode == "staf_layanan":  # staff of the Banjarmasin LKS and of the UPTD
                for own in (world.lks.own, world.uptd):
                    StafLembaga.objects.create(user=user, lembaga=own)
            world.users[(kode, wilayah)] = user
            world.tokens[user.pk] = ApiToken.issue(user, "matriks")[1]
    managed = []
    for wilayah in ("63.71.01", "63.72.02"):
        user = User.objects.create_user(f"pendamping.{wilayah}", first_name="Dikelola")
        Account.objects.create(user=user, peran="pendamping", wilayah_id=wilayah)
        managed.append(user)
    world.accounts = Pair(*managed)
    world.partner_tokens = Pair(*(ApiToken.issue(user, "OpenSPP")[0] for user in managed))


def _cases(world: World) -> None:
    from datusoban.bencana.models import Bencana, KorbanBencana, StokLogistik
    from datusoban.kasus.files import folder
    from datusoban.kasus.models import BerkasKasus, Persetujuan, Rujukan
    from datusoban.kasus.models import LaporanKasus as Kasus
    from datusoban.sanggahan.models import Sanggahan

    people = world.people
    reporter = User.objects.create_user("pelapor.kasus")
    now = timezone.now()

    def report(person, desa: str):
        return Kasus.objects.create(
            kategori_id=24, person=person, desa_id=desa, kode_kabkota=desa[:5],
            uraian="Tidak makan dua hari", urgensi="tinggi", pelapor=reporter,
            nama_pelapor=reporter.username, dilaporkan_pada=now - timedelta(days=5),
            batas_waktu=now - timedelta(days=2),
        )  # fmt: skip

    def photo(**owner) -> BerkasKasus:
        name = f"uji-{len(list(folder().iterdir()))}.png"
        (folder() / name).write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
        return BerkasKasus.objects.create(
            nama_berkas="foto.png", jalur=name, jenis="png", ukuran=24, diunggah_oleh="uji",
            **owner,
        )  # fmt: skip

    def referral(case) -> Rujukan:
        consent = Persetujuan.objects.create(
            kasus=case, nama_pemberi="Ibu Sari", hubungan="istri", cara="lisan",
            diberikan_pada=now, dicatat_oleh="uji",
        )  # fmt: skip
        case.status = "dirujuk"
        case.save(update_fields=["status"])
        return Rujukan.objects.create(
            kasus=case, jenis="lks", nama_penerima="LKS Harapan", persetujuan=consent,
            dirujuk_oleh="uji", dirujuk_pada=now,
        )  # fmt: skip

    def objection(person, desa: str):
        return Sanggahan.objects.create(
            kategori="inklusi", nama_pelapor="Pak RT", uraian="Punya toko", person=person,
            program_id="BPNT", wilayah_id=desa, kode_kabkota=desa[:5], diterima=now.date(),
            batas=now.date(), dicatat_oleh="uji",
        )  # fmt: skip

    def flood(victims, desa: str):
        event = Bencana.objects.create(
            nama="Banjir", jenis="banjir", tanggal=now.date(), kode_kabkota=desa[:5],
            dicatat_oleh="uji",
        )  # fmt: skip
        event.desa.set([desa])
        rows = [
            KorbanBencana.objects.create(
                bencana=event,
                person=person,
                household=person.household,
                nik=person.nik,
                nama=person.nama,
                desa_id=desa,
                kode_kabkota=desa[:5],
                kondisi="mengungsi",
                kunci_keluarga=f"k{person.household_id}",
                dicatat_oleh="uji",
            )
            for person in victims
        ]
        StokLogistik.objects.create(
            bencana=event,
            barang="sandang",
            jumlah=100,
            diterima_pada=now.date(),
            dicatat_oleh="uji",
        )
        return event, rows[0]

    cases = Pair(report(people.rizky, "63.71.01.1001"), report(people.other, "63.72.02.1003"))
    world.cases = cases
    world.case_files = Pair(photo(kasus=cases.own), photo(kasus=cases.other))
    world.referrals = Pair(referral(cases.own), referral(cases.other))
    grievances = Pair(
        objection(people.rizky, "63.71.01.1001"), objection(people.other, "63.72.02.1003")
    )
    world.grievances = grievances
    world.grievance_files = Pair(photo(sanggahan=grievances.own), photo(sanggahan=grievances.other))
    own_event, own_victim = flood([people.rizky, people.child], "63.71.01.1001")
    other_event, other_victim = flood([people.other], "63.72.02.1003")
    world.events = Pair(own_event, other_event)
    world.victims = Pair(own_victim, other_victim)


def _network(world: World) -> None:
    from datusoban.layanan import lembaga, panti, training
    from datusoban.layanan.models import Lembaga, Pilar

    people = world.people

    def institution(jenis: str, wilayah: str, kode: str) -> Lembaga:
        return Lembaga.objects.create(
            jenis=jenis, kode=kode, nama=f"Lembaga {kode}", wilayah_id=wilayah,
            kode_kabkota=wilayah[:5], kode_kecamatan=wilayah[:8], kapasitas=10,
            layanan=["terapi"],
        )  # fmt: skip

    def worker(nama: str, nik: str, kecamatan: str) -> Pilar:
        return Pilar.objects.create(
            peran="tksk", nama=nama, nik=nik, wilayah_id=kecamatan, kode_kabkota=kecamatan[:5],
            kode_kecamatan=kecamatan,
        )  # fmt: skip

    world.lks = Pair(
        institution("lks", "63.71.01", "LKS-A"), institution("lks", "63.72.02", "LKS-B")
    )
    world.uptd = institution("uptd", "63.72.02", "UPTD-A")
    start = date(2024, 1, 1)
    world.clients = Pair(
        lembaga.admit_client(world.lks.own, people.rizky, "terapi", start),
        lembaga.admit_client(world.lks.other, people.other, "terapi", start),
    )
    world.child_client = lembaga.admit_client(world.lks.own, people.child, "terapi", start)
    world.residents = Pair(
        panti.admit(world.uptd, people.rizky, start), panti.admit(world.uptd, people.other, start)
    )
    panti.admit(world.uptd, people.child, start)
    world.workers = Pair(
        worker("Fitri Handayani", WORKER_NIK, "63.71.01"),
        worker("Rahmat Hidayat", OTHER_WORKER_NIK, "63.72.02"),
    )
    course = training.create_course("dasar-tksk", "Pelatihan dasar TKSK", ["tksk"], 3)
    sessions, participants, certificates = [], [], []
    for pilar, kabkota in ((world.workers.own, "63.71"), (world.workers.other, "63.72")):
        sesi = training.create_session(
            course, mulai=start, selesai=start, tempat="Aula", penyelenggara="Dinsos",
            kode_kabkota=kabkota,
        )  # fmt: skip
        peserta = training.enrol(sesi, pilar)
        training.record_result(peserta, hadir=True, lulus=True, on=start)
        sessions.append(sesi)
        participants.append(peserta)
        certificates.append(training.certify(peserta, on=start))
    world.sessions = Pair(*sessions)
    world.participants = Pair(*participants)
    world.certificates = Pair(*certificates)


def _imports(world: World) -> None:
    from datusoban.impor.jobs import enqueue_import
    from datusoban.impor.models import QuarantinedRow
    from datusoban.impor.tasks import new_upload_path
    from datusoban.registri.models import ImportBatch, Source

    other_source = Source.objects.create(
        kode="dinsos-bjb", nama="Dinsos Kota Banjarbaru", jenis="dinsos_kabkota",
        wilayah_id="63.72",
    )  # fmt: skip
    other_batch = ImportBatch.objects.create(
        source=other_source, nama_berkas="ppks_bjb.csv", sha256="y", profil="ppks-kabkota",
        diimpor_oleh="uji", status="selesai", jumlah_baris=1, karantina=1,
    )  # fmt: skip
    rows = (
        (world.people.batch, QUARANTINED_NIK, "Nabila Putri", "2016-06-26", "63.71.01.1001"),
        (other_batch, OTHER_QUARANTINED_NIK, "Yusuf Maulana", "1986-06-26", "63.72.02.1003"),
    )
    held = []
    for batch, nik, nama, lahir, wilayah in rows:
        row = QuarantinedRow.objects.create(
            batch=batch, nomor_baris=9, record_id="q9", nik=nik, alasan=["nik_tidak_valid"],
            data={"NIK": nik, "Nama": nama, "Tanggal lahir": lahir, "Kode wilayah": wilayah,
                  "Disabilitas": "KURSI RODA"},
        )  # fmt: skip
        held.append(row)
    world.batches = Pair(world.people.batch, other_batch)
    world.quarantined = Pair(*held)
    jobs = []
    uploader = User.objects.create_user("pengunggah.uji")
    for source, wilayah in (("Dinsos Kota Banjarmasin", KOTA), ("Dinsos Kota Banjarbaru", "63.72")):
        path = new_upload_path(".csv")
        path.write_text("NIK,Nama\n")
        jobs.append(
            enqueue_import(
                path,
                file_name="ppks.csv",
                profile="ppks-kabkota",
                user=uploader,
                source=source,
                wilayah=wilayah,
            )
        )
    world.jobs = Pair(*jobs)
    from datusoban.pekerjaan.tasks import run_job

    linking = []
    for batch, wilayah in ((world.people.batch, KOTA), (other_batch, "63.72")):
        queued = run_job.enqueue(
            jenis="tautkan", params={"batch": batch.pk}, judul=f"Penautan batch {batch.pk}",
            kunci=f"tautkan:{batch.pk}", user="uji", user_id=None, wilayah=wilayah,
        )  # fmt: skip
        linking.append(str(queued.id))
    world.operator_jobs = Pair(*linking)


def _civil_registry(world: World) -> None:
    """Death and birth proposals of the civil registry, in each region."""
    from datusoban.crvs.models import UsulanKelahiran, UsulanKematian

    people = world.people

    def death(person) -> UsulanKematian:
        return UsulanKematian.objects.create(
            nomor_peristiwa=f"DRN:{person.pk}", nik=person.nik, nama=person.nama,
            tanggal_kematian=date(2026, 3, 1), person=person, padanan="nik",
            bukti={"death_place": "RSUD", "name": person.nama},
        )  # fmt: skip

    def birth(nik: str, nama: str, household) -> UsulanKelahiran:
        return UsulanKelahiran.objects.create(
            nomor_peristiwa=f"BRN:{nik}", nik=nik, nama=nama, tanggal_lahir=date(2026, 11, 20),
            household=household, padanan="ibu", bukti={"name": nama},
        )  # fmt: skip

    world.deaths = Pair(death(people.siti), death(people.other))
    world.births = Pair(
        birth(CHILD_NIK, "Ahmad Fauzan", people.rizky.household),
        birth(OTHER_NIK, "Muhammad Rizki", people.other.household),
    )


def _proposals(world: World) -> None:
    """Proposals about Rizky (Banjarmasin) and Muhammad Rizki (Banjarbaru): one each waiting
    for verification, one each agreed in a musyawarah desa with its minutes and sent to
    SIKS-NG in a batch of its kab/kota."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from datusoban.usulan import actions, deliberation, sending

    people = world.people
    actor = User.objects.create_superuser("penyusun.usulan")
    today = timezone.localdate()
    world.proposals = Pair(*(
        actions.propose(actor, actions.NewProposal(
            jenis="hapus", person_id=p.pk, alasan_hapus="pindah"))
        for p in (people.rizky, people.other)
    ))  # fmt: skip
    world.public_proposals = Pair(*(_public_proposal(desa) for desa in (
        people.rizky.household.wilayah_id, people.other.household.wilayah_id)))  # fmt: skip
    meetings, shipments = [], []
    for person in (people.rizky, people.other):
        household = person.household
        minutes = SimpleUploadedFile("notulen.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
        meeting, [made] = deliberation.record(
            actor, desa=household.wilayah_id, tanggal=today, jumlah_peserta=30,
            notulen="Disepakati", daftar=f"{household.no_kk}; desil", berkas=minutes,
        )  # fmt: skip
        actions.verify(
            actor, made.pk, hasil_kunjungan="sesuai", dikunjungi_oleh="Uji", dikunjungi_pada=today
        )
        shipments.append(
            sending.send(actor, household.kode_kabkota, today.strftime("%Y-%m"), "Uji")
        )
        meetings.append(meeting)
    world.deliberations = Pair(*meetings)
    world.shipments = Pair(*shipments)


def _public_proposal(desa: str):
    """A citizen's proposal of someone of ``desa`` (usulpublik), with its photo."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from datusoban.kasus import files
    from datusoban.usulan.actions import due_date
    from datusoban.usulan.models import Usulan

    today = timezone.localdate()
    photo = SimpleUploadedFile("rumah.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 16)
    stored, _ = files.store(photo, "jpg")
    return Usulan.objects.create(
        jenis="baru", data={"nama": "Warga Usulan", "alamat": "Gang Mawar", "kode_wilayah": desa},
        nama="Warga Usulan", wilayah_id=desa, kode_kabkota=desa[:5], keterangan="Lansia",
        diusulkan_oleh="publik", diusulkan_pada=today, batas=due_date(today), asal="publik",
        nama_pengusul="Rahmat", telepon_pengusul="081234567890", foto=stored, jenis_foto="jpg",
        kode_tanda_terima=f"ABCDEFGH2{desa[-1]}",
    )  # fmt: skip


def _field_visits(world: World) -> None:
    """A verification visit of Rizky's family (Banjarmasin) and of the other's (Banjarbaru),
    sent from the field app, waiting for the office."""
    import uuid

    from datusoban.kasus.files import folder
    from datusoban.lapangan.models import KunjunganLapangan, Unduhan

    worker = User.objects.create_user("petugas.lapangan")
    visits = []
    for person in (world.people.rizky, world.people.other):
        household = person.household
        download = Unduhan.objects.create(pengguna=worker, keluarga=[household.pk])
        photo = f"uji-kunjungan-{household.pk}.jpg"  # the office sees it (lapangan_foto)
        (folder() / photo).write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 16)
        visits.append(KunjunganLapangan.objects.create(
            kunci=uuid.uuid4(), petugas=worker, household=household,
            kode_kabkota=household.kode_kabkota, kode_kecamatan=household.wilayah.parent_id,
            unduhan=download, dikunjungi_pada=timezone.now(), status="ditemukan",
            sebelum={"luas_lantai": household.luas_lantai}, sesudah={"luas_lantai": 48},
            foto=photo,
        ))  # fmt: skip
    world.field_visits = Pair(*visits)


def _p2k2(world: World) -> None:
    """A P2K2 group of each kab/kota's worker holding Rizky's family and the other's, each
    with a session the family came to (sent from the field app)."""
    from datusoban.p2k2.models import KehadiranP2K2, KelompokP2K2, PertemuanP2K2

    recorder = User.objects.get(username="petugas.lapangan")
    groups = []
    for person, pilar in ((world.people.rizky, world.workers.own),
                          (world.people.other, world.workers.other)):  # fmt: skip
        household = person.household
        group = KelompokP2K2.objects.create(
            nama=f"Kelompok {household.wilayah.nama}", pendamping=pilar, desa=household.wilayah,
            kode_kabkota=household.kode_kabkota, kode_kecamatan=household.wilayah.parent_id,
        )  # fmt: skip
        group.keluarga.set([household])
        session = PertemuanP2K2.objects.create(
            kelompok=group, tanggal=date(2026, 12, 1), modul="kesehatan", dicatat_oleh=recorder
        )
        KehadiranP2K2.objects.create(pertemuan=session, household=household, hadir=True)
        groups.append(group)
    world.p2k2_groups = Pair(*groups)


def make_world() -> World:
    from datusoban.sasaran.allocation_services import compute_allocation, store_allocation
    from datusoban.sasaran.services import rank_registry

    people = make_people()
    world = World(people=people, pairs=make_pairs(people), enrolments=make_enrolments(people))
    _cases(world)
    _network(world)
    _imports(world)
    _civil_registry(world)
    _proposals(world)
    _field_visits(world)
    _p2k2(world)
    outside = make_runs().outside
    inside = store_allocation(
        compute_allocation("PKH", as_of=date.today(), jumlah=1, kabkota=KOTA), user="uji"
    )
    world.allocations = Pair(inside, outside)
    rank_registry()
    _users(world)
    return world
