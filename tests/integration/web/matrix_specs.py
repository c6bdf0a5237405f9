"""Every route the resolver knows, with the probes that reach it and the rule it answers by.

Keys are the route names of the web app (``web:…``, ``admin:…``) and, for the API,
``METHOD /api/v1/…`` as the OpenAPI document lists them. A route added without an
entry here fails test_route_matrix.py's coverage test; its entry says what it reaches
(own region, the other region, a child) and which rule of matrix_rules.py it keeps.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from joserfc.jwk import ECKey

from . import matrix_rules as rules
from .matrix_rules import Probe, Rule
from .matrix_world import World
from .people import CHILD_NIK, OTHER_KK, OTHER_NIK, RIZKY_NIK

PURPOSE = {"tujuan": "verifikasi"}
CSV = "NIK,No KK,Nama,Jenis kelamin,Tanggal lahir,Kode wilayah\n"
# ODK Central's CSV of a submission under a download that does not exist.
ODK_SUBMISSION = (
    "SubmissionDate,unduhan,keluarga,status,meta-instanceID,KEY\n"
    "2026-12-01T02:00:00.000Z,999999,1,ditemukan,uuid:x,uuid:x\n"
)


@dataclass(frozen=True)
class Spec:
    probes: Callable[[World], list[Probe]]
    rule: Rule


def get(url: str, subject: str | None = None, **kw) -> Probe:
    return Probe(url, subject=subject, **kw)


def post(url: str, data: dict | None = None, subject: str | None = None, **kw) -> Probe:
    return Probe(url, "POST", data or {}, subject, **kw)


def api(method: str, url: str, data: dict | None = None, subject: str | None = None) -> Probe:
    return Probe("/api/v1" + url, method, data or {}, subject, json=method != "GET")


def both(template: str, own, other, method: str = "GET", data: dict | None = None):
    """The route for a thing of the own region and for its counterpart in the other."""
    return [
        Probe(template.format(own.pk), method, data or {}, "rizky"),
        Probe(template.format(other.pk), method, data or {}, "other"),
    ]


def _quarantined(template: str, w: World, method: str = "GET", data: dict | None = None):
    """A quarantined row of the own region's batch and of the other's, by batch and row id."""
    return [
        Probe(template.format(batch.pk, row.pk), method, data or {}, subject)
        for batch, row, subject in (
            (w.batches.own, w.quarantined.own, "quarantined"),
            (w.batches.other, w.quarantined.other, "other_quarantined"),
        )
    ]


def _pair(pair) -> tuple:
    return pair.own, pair.other


def _field_visit(w: World, household) -> dict:
    """A visit of ``household`` under a download the viewer does not hold."""
    return {
        "kunci": "6f1c2d9e-2b1a-4c55-9a41-1f0f3b7d2a10", "unduhan": w.field_visits.own.unduhan_id,
        "keluarga": household.pk, "waktu": "2026-12-01T09:30:00+08:00", "status": "ditemukan",
        "sebelum": {}, "sesudah": {"luas_lantai": 40},
    }  # fmt: skip


def _field_case(person) -> dict:
    """A case report about ``person`` as the field app sends it."""
    return {
        "jenis": "kasus", "kunci": "0b7e1f4a-9c2d-4e8b-a6f1-3d5c7e9a1b20", "kategori": 1,
        "urgensi": "tinggi", "desa": person.household.wilayah_id, "uraian": "Uji",
        "orang": person.pk,
    }  # fmt: skip


def one(probe: Probe) -> Callable[[World], list[Probe]]:
    return lambda w: [probe]


def _people(template: str, method: str = "GET", data: dict | None = None):
    def probes(w: World) -> list[Probe]:
        p = w.people
        return [
            Probe(template.format(p.rizky.pk), method, data or {}, "rizky"),
            Probe(template.format(p.child.pk), method, data or {}, "child"),
            Probe(template.format(p.other.pk), method, data or {}, "other"),
        ]

    return probes


def _families(template: str):
    return lambda w: both(template, w.people.rizky.household, w.people.other.household)


def _pairs(template: str, method: str = "GET", data: dict | None = None):
    def probes(w: World) -> list[Probe]:
        r = w.pairs
        return [
            Probe(template.format(r.inside.pk), method, data or {}, "rizky"),
            Probe(template.format(r.child.pk), method, data or {}, "child"),
            Probe(template.format(r.outside.pk), method, data or {}, "other"),
        ]

    return probes


def _merges(w: World) -> list[Probe]:
    p = w.people
    url = "/penautan/gabung/?tetap={}&digabungkan={}"
    return [
        get(url.format(p.rizky.pk, p.siti.pk), "rizky"),
        get(url.format(p.rizky.pk, p.child.pk), "child"),
        get(url.format(p.rizky.pk, p.other.pk), "other"),
    ]


NEW_USER = {"username": "baru.uji", "nama": "Uji Baru", "peran": "pendamping"}
NEW_TOKEN = {"nama": "OpenSPP uji", "hari": "90"}
# A partner system's signing public key, as an administrator pastes it.
KEY = json.dumps(ECKey.generate_key("P-256").as_dict(private=False))


def _users(template: str, method: str = "GET", data: dict | None = None):
    """A user of Kota Banjarmasin and one of Kota Banjarbaru, for an administrator to manage."""
    return lambda w: both(template, w.accounts.own, w.accounts.other, method, data)


def _nik_lookups(url: str, extra: dict | None = None):
    def probes(w: World) -> list[Probe]:
        return [
            post(url, {"nik": nik, **(extra or {})}, key)
            for nik, key in ((RIZKY_NIK, "rizky"), (CHILD_NIK, "child"), (OTHER_NIK, "other"))
        ]

    return probes


BJM_DESA = "63.71.01.1001"


def _public_query(desa: str, nama: str) -> dict:
    return {"kabkota": desa[:5], "kecamatan": desa[:8], "desa": desa, "nama": nama}


PROPOSER = {"nama_pengusul": "Rahmat Hidayat", "telepon": "081234567890"}


def _objection(w: World, **extra) -> dict:
    """A sanggah of Moh. Rizky as chosen from a Cek status result: by its token."""
    from datusoban.cekstatus.lookup import name_words
    from datusoban.usulpublik import token

    tanda = token.make(w.people.rizky.pk, BJM_DESA, name_words("Moh Rizky"))
    return {**_public_query(BJM_DESA, ""), "token": tanda, **extra}


WEB: dict[str, Spec] = {
    "web:beranda": Spec(one(get("/")), rules.public),
    "web:masuk": Spec(one(get("/masuk/")), rules.login),
    # The public status check: the same masked answer for anyone, logged in or not.
    "web:cek_status": Spec(
        lambda w: [
            get("/cek-status/"),
            get(f"/cek-status/?kabkota=63.71&kecamatan=63.71.01&desa={BJM_DESA}"),
            post("/cek-status/", _public_query(BJM_DESA, "Siti Aminah")),
            post("/cek-status/", _public_query(BJM_DESA, "Ahmad Fauzan")),
            post("/cek-status/", _public_query(BJM_DESA, "Moh Rizky")),
            post("/cek-status/", _public_query("63.72.02.1003", "Muhammad Rizki")),
        ],
        rules.public,
    ),
    # Usul and sanggah from the public, and tracking them: open to anyone, like Cek status.
    "web:usul_publik": Spec(
        lambda w: [
            get("/cek-status/usul/"),
            get(f"/cek-status/usul/?kabkota=63.71&kecamatan=63.71.01&desa={BJM_DESA}"),
            post(
                "/cek-status/usul/",
                {
                    **_public_query(BJM_DESA, "Aisyah Rahmawati"),
                    "alamat": "Gang Mawar",
                    "alasan": "Lansia sendirian",
                    **PROPOSER,
                },
            ),
        ],
        rules.public,
    ),
    "web:sanggah_publik": Spec(
        lambda w: [
            get("/cek-status/sanggah/"),
            post("/cek-status/sanggah/", _objection(w)),
            post("/cek-status/sanggah/", _objection(w, kirim="ya", alasan="mampu", **PROPOSER)),
        ],
        rules.public,
    ),
    "web:lacak": Spec(
        lambda w: [get("/cek-status/lacak/"), post("/cek-status/lacak/", {"kode": "ABCDE-FGHJK"})],
        rules.public,
    ),
    "web:keluar": Spec(one(post("/keluar/")), rules.redirect),
    "web:dasbor": Spec(one(get("/dasbor/")), rules.listing),
    "web:tugas": Spec(one(get("/tugas/")), rules.listing),
    "web:cari": Spec(
        lambda w: [
            get("/cari/?nama=Muhammad+Rizky", shows=("rizky", "other")),
            post("/cari/", {"nik": RIZKY_NIK}, follow=True, shows=("rizky",)),
            post("/cari/", {"nik": CHILD_NIK}, follow=True, shows=("child",)),
            post("/cari/", {"no_kk": OTHER_KK}, follow=True, shows=("other",)),
            # An old bookmark with a NIK in it: the page and a message, no search.
            get("/cari/?nik=" + OTHER_NIK),
        ],
        rules.listing,
    ),
    "web:cari_ekspor": Spec(
        lambda w: [
            get("/cari/ekspor/?nama=Muhammad+Rizky"),
            post("/cari/ekspor/", {"nik": RIZKY_NIK, "langkah": "tujuan"}),
            post("/cari/ekspor/", {"nik": CHILD_NIK, **PURPOSE}),
            post("/cari/ekspor/", {"no_kk": OTHER_KK, **PURPOSE}),
        ],
        rules.export,
    ),
    "web:laporan": Spec(one(get("/laporan/")), rules.listing),
    "web:pengguna": Spec(one(get("/pengguna/?cari=pendamping&status=aktif")), rules.user_admins),
    "web:pengguna_baru": Spec(
        lambda w: [
            get("/pengguna/baru/"),
            *(
                post("/pengguna/baru/", {**NEW_USER, "wilayah": wilayah}, key)
                for wilayah, key in (("63.71.01", "rizky"), ("63.72.02", "other"))
            ),
        ],
        rules.user_create,
    ),
    "web:pengguna_rinci": Spec(
        lambda w: [
            *_users("/pengguna/{}/")(w),
            *_users("/pengguna/{}/", "POST", {**NEW_USER, "wilayah": "63"})(w),
        ],
        rules.managed_user,
    ),
    "web:pengguna_status": Spec(
        _users("/pengguna/{}/status/", "POST", {"aktif": "0"}), rules.managed_user
    ),
    "web:pengguna_sandi": Spec(
        lambda w: [*_users("/pengguna/{}/sandi/")(w), *_users("/pengguna/{}/sandi/", "POST")(w)],
        rules.managed_user,
    ),
    "web:pengguna_buka_kunci": Spec(_users("/pengguna/{}/buka-kunci/", "POST"), rules.managed_user),
    "web:ganti_sandi": Spec(one(get("/pengguna/ganti-sandi/")), rules.listing),
    # Sistem mitra: tokens and signing keys of the users an administrator manages.
    "web:mitra": Spec(
        lambda w: [
            get("/pengguna/mitra/"),
            *(
                post("/pengguna/mitra/", {"pengguna": str(user.pk), **NEW_TOKEN}, key)
                for user, key in ((w.accounts.own, "rizky"), (w.accounts.other, "other"))
            ),
        ],
        rules.user_create,
    ),
    "web:mitra_cabut": Spec(
        lambda w: both(
            "/pengguna/mitra/{}/cabut/", w.partner_tokens.own, w.partner_tokens.other, "POST"
        ),
        rules.managed_user,
    ),
    "web:mitra_kunci": Spec(
        lambda w: [
            *_users("/pengguna/{}/kunci/")(w),
            *_users("/pengguna/{}/kunci/", "POST", {"sender_id": "matriks", "kunci": KEY})(w),
        ],
        rules.managed_user,
    ),
    "web:mitra_kunci_hapus": Spec(_users("/pengguna/{}/kunci/hapus/", "POST"), rules.managed_user),
    "web:ringkasan_xlsx": Spec(one(get("/laporan/ringkasan-kabkota.xlsx")), rules.listing),
    "web:ringkasan_pdf": Spec(
        lambda w: [
            get("/laporan/kabkota/63.71/ringkasan.pdf", "rizky"),
            get("/laporan/kabkota/63.72/ringkasan.pdf", "other"),
        ],
        rules.region,
    ),
    "web:subjek": Spec(
        lambda w: [get("/subjek/"), *_nik_lookups("/subjek/")(w)], rules.subject_report
    ),
    "web:subjek_xlsx": Spec(
        _nik_lookups("/subjek/unduh.xlsx", {"tujuan": "audit"}), rules.subject_report
    ),
    "web:orang": Spec(_people("/orang/{}/"), rules.record),
    "web:keluarga": Spec(_families("/keluarga/{}/"), rules.record),
    "web:impor": Spec(one(get("/impor/")), rules.listing),
    "web:unggah": Spec(one(get("/impor/unggah/")), rules.writers),
    "web:proses": Spec(
        lambda w: [
            get(f"/impor/proses/{w.jobs.own}/", "rizky"),
            get(f"/impor/proses/{w.jobs.other}/", "other"),
        ],
        rules.region,
    ),
    "web:proses_status": Spec(
        lambda w: [
            get(f"/impor/proses/{w.jobs.own}/status/", "rizky"),
            get(f"/impor/proses/{w.jobs.other}/status/", "other"),
        ],
        rules.region,
    ),
    "web:batch": Spec(
        lambda w: both("/impor/batch/{}/", *w.batches.__dict__.values()), rules.region
    ),
    "web:batch_xlsx": Spec(
        lambda w: both("/impor/batch/{}/mutu.xlsx", *w.batches.__dict__.values()), rules.region
    ),
    "web:batch_karantina_xlsx": Spec(
        lambda w: [
            *both("/impor/batch/{}/karantina.xlsx", *w.batches.__dict__.values()),
            *both(
                "/impor/batch/{}/karantina.xlsx",
                *w.batches.__dict__.values(),
                "POST",
                {"tujuan": "verifikasi"},
            ),
        ],
        rules.batch_export,
    ),
    "web:batch_tarik": Spec(
        lambda w: both(
            "/impor/batch/{}/tarik/",
            *w.batches.__dict__.values(),
            "POST",
            {"alasan": "salah profil"},
        ),
        rules.importers,
    ),
    "web:batch_karantina": Spec(
        lambda w: [
            get(f"/impor/batch/{w.batches.own.pk}/karantina/", "rizky", shows=("quarantined",)),
            get(
                f"/impor/batch/{w.batches.other.pk}/karantina/",
                "other",
                shows=("other_quarantined",),
            ),
        ],
        rules.correctors,
    ),
    "web:batch_karantina_baris": Spec(
        lambda w: [
            *_quarantined("/impor/batch/{}/karantina/{}/", w),
            *_quarantined("/impor/batch/{}/karantina/{}/", w, "POST", {"versi": "lama"}),
        ],
        rules.correctors,
    ),
    "web:batch_karantina_tolak": Spec(
        lambda w: _quarantined(
            "/impor/batch/{}/karantina/{}/tolak/", w, "POST", {"alasan": "rangkap"}
        ),
        rules.correctors,
    ),
    "web:tata_letak": Spec(one(get("/impor/tata-letak/")), rules.writers),
    "web:sumber_tautan_otomatis": Spec(
        lambda w: [
            post(
                f"/impor/sumber/{w.batches.own.source_id}/tautan-otomatis/", {"aktif": "1"}, "rizky"
            ),
            post(
                f"/impor/sumber/{w.batches.other.source_id}/tautan-otomatis/",
                {"aktif": "1"},
                "other",
            ),
        ],
        rules.importers,
    ),
    "web:pekerjaan": Spec(one(get("/pekerjaan/")), rules.listing),
    "web:pekerjaan_mulai": Spec(
        lambda w: [
            post("/pekerjaan/mulai/tautkan/", {"batch": w.batches.own.pk}, "rizky"),
            post("/pekerjaan/mulai/tautkan/", {"batch": w.batches.other.pk}, "other"),
            post("/pekerjaan/mulai/peringkat/"),
            post("/pekerjaan/mulai/tahap/", {"program": "BPNT", "tahun": "2025"}),
        ],
        rules.job_start,
    ),
    "web:pekerjaan_proses": Spec(
        lambda w: [
            get(f"/pekerjaan/{w.operator_jobs.own}/", "rizky"),
            get(f"/pekerjaan/{w.operator_jobs.other}/", "other"),
        ],
        rules.region,
    ),
    "web:pekerjaan_status": Spec(
        lambda w: [
            get(f"/pekerjaan/{w.operator_jobs.own}/status/", "rizky"),
            get(f"/pekerjaan/{w.operator_jobs.other}/status/", "other"),
        ],
        rules.region,
    ),
    "web:penautan": Spec(one(get("/penautan/", shows=("rizky", "other"))), rules.review),
    "web:pasangan": Spec(_pairs("/penautan/pasangan/{}/"), rules.review),
    "web:terima": Spec(_pairs("/penautan/pasangan/{}/terima/", "POST"), rules.decide),
    "web:tolak": Spec(_pairs("/penautan/pasangan/{}/tolak/", "POST"), rules.decide),
    "web:pasangan_tugaskan": Spec(
        _pairs("/penautan/pasangan/{}/tugaskan/", "POST", {"ditugaskan_ke": ""}), rules.decide
    ),
    "web:gabung": Spec(_merges, rules.decide),
    "web:pisah": Spec(
        lambda w: [
            get(f"/penautan/pisah/?orang={w.people.rizky.pk}", "rizky"),
            get(f"/penautan/pisah/?orang={w.people.other.pk}", "other"),
        ],
        rules.decide,
    ),
    "web:keputusan": Spec(one(get("/penautan/keputusan/")), rules.review),
    "web:batal": Spec(
        lambda w: [post(f"/penautan/keputusan/{w.pairs.rejected.pk}/batal/", {"alasan": "uji"})],
        rules.undo,
    ),
    "web:kasus_daftar": Spec(lambda w: [get("/kasus/"), get("/kasus/?terlambat=1")], rules.listing),
    "web:kasus_baru": Spec(one(get("/kasus/baru/")), rules.reporters),
    "web:kasus_desa": Spec(one(get("/kasus/desa/?kecamatan=63.71.01")), rules.listing),
    "web:kasus_dasbor": Spec(one(get("/kasus/dasbor/")), rules.listing),
    "web:kasus_dasbor_xlsx": Spec(one(get("/kasus/dasbor.xlsx")), rules.listing),
    "web:kasus": Spec(lambda w: both("/kasus/{}/", w.cases.own, w.cases.other), rules.case_report),
    "web:kasus_berkas": Spec(
        lambda w: [
            get(f"/kasus/{w.cases.own.pk}/berkas/{w.case_files.own.pk}/", "rizky"),
            get(f"/kasus/{w.cases.other.pk}/berkas/{w.case_files.other.pk}/", "other"),
        ],
        rules.case_report,
    ),
    "web:kasus_langkah": Spec(
        lambda w: both(
            "/kasus/{}/langkah/",
            w.cases.own,
            w.cases.other,
            "POST",
            {"aksi": "verifikasi", "catatan": "uji"},
        ),
        rules.case_step,
    ),
    "web:kasus_persetujuan": Spec(
        lambda w: both(
            "/kasus/{}/persetujuan/",
            w.cases.own,
            w.cases.other,
            "POST",
            {"nama_pemberi": "Ibu", "hubungan": "istri", "cara": "lisan"},
        ),
        rules.case_step,
    ),
    "web:kasus_rujuk": Spec(
        lambda w: both(
            "/kasus/{}/rujuk/",
            w.cases.own,
            w.cases.other,
            "POST",
            {"jenis": "lks", "nama_penerima": "LKS Harapan"},
        ),
        rules.case_step,
    ),
    "web:kasus_putus": Spec(
        lambda w: [
            post(
                f"/kasus/{w.cases.own.pk}/rujukan/{w.referrals.own.pk}/", {"terima": "1"}, "rizky"
            ),
            post(
                f"/kasus/{w.cases.other.pk}/rujukan/{w.referrals.other.pk}/",
                {"terima": "1"},
                "other",
            ),
        ],
        rules.case_step,
    ),
    "web:kasus_lampiran": Spec(
        lambda w: both("/kasus/{}/lampiran/", w.cases.own, w.cases.other, "POST"), rules.case_step
    ),
    "web:kasus_tugaskan": Spec(
        lambda w: both(
            "/kasus/{}/tugaskan/", w.cases.own, w.cases.other, "POST", {"ditugaskan_ke": ""}
        ),
        rules.case_step,
    ),
    "web:sanggahan_daftar": Spec(one(get("/sanggahan/")), rules.listing),
    "web:sanggahan_baru": Spec(one(get("/sanggahan/baru/")), rules.guarded),
    "web:sanggahan": Spec(
        lambda w: both("/sanggahan/{}/", w.grievances.own, w.grievances.other), rules.region
    ),
    "web:sanggahan_verifikasi": Spec(
        lambda w: both(
            "/sanggahan/{}/verifikasi/",
            w.grievances.own,
            w.grievances.other,
            "POST",
            {"hasil": "tidak_terbukti", "catatan": "uji"},
        ),
        rules.guarded,
    ),
    "web:sanggahan_tugaskan": Spec(
        lambda w: both(
            "/sanggahan/{}/tugaskan/",
            w.grievances.own,
            w.grievances.other,
            "POST",
            {"ditugaskan_ke": ""},
        ),
        rules.guarded,
    ),
    "web:sanggahan_bukti": Spec(
        lambda w: [
            get(f"/sanggahan/{w.grievances.own.pk}/bukti/{w.grievance_files.own.pk}/", "rizky"),
            get(f"/sanggahan/{w.grievances.other.pk}/bukti/{w.grievance_files.other.pk}/", "other"),
        ],
        rules.region,
    ),
    "web:usulan_daftar": Spec(one(get("/usulan/")), rules.proposals),
    "web:usulan_baru": Spec(
        lambda w: [
            get("/usulan/baru/"),
            get(f"/usulan/baru/?orang={w.people.rizky.pk}", "rizky"),
            get(f"/usulan/baru/?orang={w.people.other.pk}", "other"),
            get(f"/usulan/baru/?keluarga={w.people.other.household_id}", "other"),
            post(
                "/usulan/baru/",
                {
                    "jenis": "baru",
                    "nama": "Uji",
                    "kecamatan": "63.71.01",
                    "kode_wilayah": "63.71.01.1001",
                },
                "rizky",
            ),
            post(
                "/usulan/baru/",
                {
                    "jenis": "baru",
                    "nama": "Uji",
                    "kecamatan": "63.72.02",
                    "kode_wilayah": "63.72.02.1003",
                },
                "other",
            ),
        ],
        rules.proposer,
    ),
    "web:usulan": Spec(
        lambda w: both("/usulan/{}/", w.proposals.own, w.proposals.other), rules.proposals
    ),
    "web:usulan_verifikasi": Spec(
        lambda w: both(
            "/usulan/{}/verifikasi/",
            w.proposals.own,
            w.proposals.other,
            "POST",
            {
                "hasil_kunjungan": "sesuai",
                "dikunjungi_oleh": "Uji",
                "dikunjungi_pada": str(w.proposals.own.diusulkan_pada),
            },
        ),
        rules.proposal_step,
    ),
    "web:usulan_tolak": Spec(
        lambda w: both(
            "/usulan/{}/tolak/", w.proposals.own, w.proposals.other, "POST", {"alasan": "Uji"}
        ),
        rules.proposal_step,
    ),
    "web:usulan_selesai": Spec(
        lambda w: both("/usulan/{}/selesai/", w.proposals.own, w.proposals.other, "POST"),
        rules.proposal_step,
    ),
    # A citizen's proposal: completed with the person's data, its photo (usulpublik).
    "web:usulan_lengkapi": Spec(
        lambda w: both(
            "/usulan/{}/lengkapi/",
            w.public_proposals.own,
            w.public_proposals.other,
            "POST",
            {"nama": "Warga Usulan", "jenis_kelamin": "P"},
        ),
        rules.proposal_step,
    ),
    "web:usulan_foto": Spec(
        lambda w: both("/usulan/{}/foto/", w.public_proposals.own, w.public_proposals.other),
        rules.proposals,
    ),
    "web:usulan_musdes_daftar": Spec(one(get("/usulan/musdes/")), rules.proposals),
    "web:usulan_musdes_baru": Spec(one(get("/usulan/musdes/baru/")), rules.proposer),
    "web:usulan_musdes": Spec(
        lambda w: both("/usulan/musdes/{}/", w.deliberations.own, w.deliberations.other),
        rules.proposals,
    ),
    "web:usulan_musdes_notulen": Spec(
        lambda w: both("/usulan/musdes/{}/notulen/", w.deliberations.own, w.deliberations.other),
        rules.proposals,
    ),
    "web:usulan_rekap": Spec(one(get("/usulan/rekap/")), rules.proposals),
    "web:usulan_kirim": Spec(one(get("/usulan/kirim/")), rules.proposals_sender),
    "web:usulan_pengiriman": Spec(
        lambda w: both("/usulan/pengiriman/{}/", w.shipments.own, w.shipments.other),
        rules.proposals,
    ),
    "web:usulan_xlsx": Spec(
        lambda w: (
            both("/usulan/pengiriman/{}/usulan.xlsx", w.shipments.own, w.shipments.other)
            + both(
                "/usulan/pengiriman/{}/usulan.xlsx",
                w.shipments.own,
                w.shipments.other,
                "POST",
                {"tujuan": "arsip"},
            )
        ),
        rules.proposals_file,
    ),
    "web:usulan_csv": Spec(
        lambda w: (
            both("/usulan/pengiriman/{}/usulan.csv", w.shipments.own, w.shipments.other)
            + both(
                "/usulan/pengiriman/{}/usulan.csv",
                w.shipments.own,
                w.shipments.other,
                "POST",
                {"tujuan": "arsip"},
            )
        ),
        rules.proposals_file,
    ),
    "web:usulan_jawaban": Spec(one(get("/usulan/jawaban/")), rules.proposals_sender),
    "web:bencana_daftar": Spec(one(get("/bencana/")), rules.listing),
    "web:bencana_dasbor": Spec(one(get("/bencana/dasbor/")), rules.listing),
    "web:bencana_dasbor_xlsx": Spec(one(get("/bencana/dasbor.xlsx")), rules.listing),
    "web:bencana": Spec(lambda w: both("/bencana/{}/", w.events.own, w.events.other), rules.region),
    "web:bencana_sitrep": Spec(
        lambda w: both("/bencana/{}/sitrep.xlsx", w.events.own, w.events.other), rules.region
    ),
}


def _printed(probes, purpose: str):
    """A printed document: each of ``probes`` (GET) as the purpose page, then posted
    with a purpose for the document itself."""

    def both_steps(w: World) -> list[Probe]:
        pages = probes(w)
        return [*pages, *(Probe(p.url, "POST", {"tujuan": purpose}, p.subject) for p in pages)]

    return both_steps


WEB |= {
    "web:keluarga_pdf": Spec(
        _printed(_families("/keluarga/{}/ringkasan.pdf"), "verifikasi"),
        rules.printed(rules.record),
    ),
    "web:kasus_rujukan_pdf": Spec(
        _printed(
            lambda w: [
                get(f"/kasus/{w.cases.own.pk}/rujukan/{w.referrals.own.pk}/surat.pdf", "rizky"),
                get(f"/kasus/{w.cases.other.pk}/rujukan/{w.referrals.other.pk}/surat.pdf", "other"),
            ],
            "penyampaian",
        ),
        rules.printed(rules.case_report),
    ),
    "web:sasaran_alokasi_pdf": Spec(
        _printed(
            lambda w: both(
                "/sasaran/alokasi/{}/usulan.pdf", w.allocations.own, w.allocations.other
            ),
            "verifikasi",
        ),
        rules.printed(rules.region),
    ),
    "web:layanan_sertifikat_pdf": Spec(
        _printed(
            lambda w: [
                get(f"/layanan/pelatihan/sertifikat/{w.certificates.own.pk}/cetak.pdf", "worker"),
                get(
                    f"/layanan/pelatihan/sertifikat/{w.certificates.other.pk}/cetak.pdf",
                    "other_worker",
                ),
            ],
            "penyerahan",
        ),
        rules.printed(rules.record),
    ),
}


def _event_change(suffix: str, data: dict | None = None) -> Spec:
    return Spec(
        lambda w: both("/bencana/{}/" + suffix, w.events.own, w.events.other, "POST", data),
        rules.guarded,
    )


WEB |= {
    "web:bencana_korban": _event_change("korban/", {"nama": "Korban Baru", "kondisi": "selamat"}),
    "web:bencana_impor": _event_change("impor/"),
    "web:bencana_stok": _event_change("stok/", {"barang": "sandang", "jumlah": "5"}),
    "web:bencana_salur": Spec(
        lambda w: [
            post(
                f"/bencana/{w.events.own.pk}/salur/",
                {"korban": w.victims.own.pk, "barang": "sandang", "jumlah": "1"},
                "rizky",
            ),
            post(
                f"/bencana/{w.events.other.pk}/salur/",
                {"korban": w.victims.other.pk, "barang": "sandang", "jumlah": "1"},
                "other",
            ),
        ],
        rules.guarded,
    ),
    "web:bencana_tagana": _event_change(
        "tagana/", {"nama": "Tagana", "lokasi": "Posko", "mulai": "2026-01-05"}
    ),
    "web:bencana_status": _event_change("status/", {"aksi": "pemulihan"}),
    "web:bencana_korban_koreksi": _event_change("korban/koreksi/", {"alasan": "uji"}),
    "web:bencana_korban_hapus": _event_change("korban/hapus/", {"alasan": "uji"}),
    "web:bencana_stok_koreksi": _event_change(
        "stok/koreksi/", {"barang": "sandang", "jumlah": "-1", "alasan": "uji"}
    ),
}


def _worker_export(url: str):
    """A file of workers: the purpose page, then the file (with a purpose)."""
    return lambda w: [get(url), post(url, {"tujuan": "pembinaan"})]


def _workers(template: str, method: str = "GET"):
    return lambda w: [
        Probe(template.format(w.workers.own.pk), method, subject="worker"),
        Probe(template.format(w.workers.other.pk), method, subject="other_worker"),
    ]


def _participants(template: str, method: str = "GET"):
    return lambda w: [
        Probe(template.format(w.participants.own.pk), method, subject="worker"),
        Probe(template.format(w.participants.other.pk), method, subject="other_worker"),
    ]


def _sessions(template: str, method: str = "GET"):
    return lambda w: [
        Probe(template.format(w.sessions.own.pk), method, subject="worker"),
        Probe(template.format(w.sessions.other.pk), method, subject="other_worker"),
    ]


def _institutions(template: str, method: str = "GET", data: dict | None = None):
    return lambda w: both(template, w.lks.own, w.lks.other, method, data)


def _clients(template: str, method: str = "GET"):
    return lambda w: [
        Probe(template.format(w.clients.own.pk), method, subject="rizky"),
        Probe(template.format(w.child_client.pk), method, subject="child"),
        Probe(template.format(w.clients.other.pk), method, subject="other"),
    ]


def _residents(template: str, method: str = "GET", data: dict | None = None):
    return lambda w: both(template, w.residents.own, w.residents.other, method, data)


WEB |= {
    "web:layanan": Spec(one(get("/layanan/")), rules.listing),
    "web:layanan_cakupan_xlsx": Spec(one(get("/layanan/cakupan.xlsx")), rules.listing),
    "web:layanan_beban": Spec(one(get("/layanan/beban/")), rules.listing),
    "web:layanan_beban_xlsx": Spec(_worker_export("/layanan/beban.xlsx"), rules.export),
    "web:layanan_pindah": Spec(
        one(
            post(
                "/layanan/beban/pindah/",
                {"kode_kecamatan": "63.72.02", "dari": "x", "ke": "y", "jumlah": "1"},
                "other_worker",
            )
        ),
        rules.create,
    ),
    "web:layanan_pilar": Spec(
        one(get("/layanan/pilar/", shows=("worker", "other_worker"))), rules.listing
    ),
    "web:layanan_pilar_xlsx": Spec(_worker_export("/layanan/pilar.xlsx"), rules.export),
    "web:layanan_pilar_rinci": Spec(_workers("/layanan/pilar/{}/"), rules.record),
    "web:layanan_pilar_baru": Spec(one(get("/layanan/pilar/baru/")), rules.writers),
    "web:layanan_pilar_ubah": Spec(_workers("/layanan/pilar/{}/ubah/"), rules.form),
    "web:layanan_pilar_nonaktif": Spec(_workers("/layanan/pilar/{}/nonaktif/"), rules.form),
    "web:layanan_pelatihan": Spec(one(get("/layanan/pelatihan/")), rules.listing),
    "web:layanan_perlu_xlsx": Spec(_worker_export("/layanan/pelatihan/perlu.xlsx"), rules.export),
    "web:layanan_pelatihan_baru": Spec(one(get("/layanan/pelatihan/baru/")), rules.writers),
    "web:layanan_sesi_baru": Spec(one(get("/layanan/pelatihan/sesi/baru/")), rules.writers),
    "web:layanan_peserta_hasil": Spec(
        _participants("/layanan/pelatihan/peserta/{}/hasil/"), rules.form
    ),
    "web:layanan_peserta_sertifikat": Spec(
        _participants("/layanan/pelatihan/peserta/{}/sertifikat/", "POST"), rules.change
    ),
    "web:layanan_sertifikat_cabut": Spec(
        lambda w: [
            get(f"/layanan/pelatihan/sertifikat/{w.certificates.own.pk}/cabut/", "worker"),
            get(f"/layanan/pelatihan/sertifikat/{w.certificates.other.pk}/cabut/", "other_worker"),
        ],
        rules.form,
    ),
    "web:layanan_sesi": Spec(_sessions("/layanan/pelatihan/sesi/{}/"), rules.record),
    "web:layanan_sesi_impor": Spec(
        _sessions("/layanan/pelatihan/sesi/{}/impor/", "POST"), rules.change
    ),
    "web:layanan_sesi_sertifikat": Spec(
        _sessions("/layanan/pelatihan/sesi/{}/sertifikat/", "POST"), rules.change
    ),
    "web:layanan_lks": Spec(one(get("/layanan/lks/")), rules.listing),
    "web:layanan_lks_xlsx": Spec(one(get("/layanan/lks.xlsx")), rules.listing),
    "web:layanan_lembaga": Spec(_institutions("/layanan/lembaga/{}/"), rules.institution),
    "web:layanan_lembaga_baru": Spec(one(get("/layanan/lembaga/baru/")), rules.writers),
    "web:layanan_lembaga_ubah": Spec(
        _institutions("/layanan/lembaga/{}/ubah/"), rules.institution_form
    ),
    "web:layanan_lembaga_nonaktif": Spec(
        _institutions("/layanan/lembaga/{}/nonaktif/"), rules.institution_form
    ),
    "web:layanan_klien_baru": Spec(
        lambda w: [
            *_institutions("/layanan/lembaga/{}/klien/baru/")(w),
            # The person search is posted: the other kab/kota's namesake is not found.
            post(
                f"/layanan/lembaga/{w.lks.own.pk}/klien/baru/",
                {"langkah": "cari", "cari": OTHER_NIK},
                "rizky",
            ),
            post(
                f"/layanan/lembaga/{w.lks.own.pk}/klien/baru/",
                {"langkah": "cari", "cari": "Muhammad Rizky"},
                "rizky",
            ),
        ],
        rules.institution_form,
    ),
    "web:layanan_klien_selesai": Spec(
        _clients("/layanan/klien/{}/selesai/"), rules.institution_form
    ),
    "web:layanan_uptd": Spec(one(get("/layanan/uptd/")), rules.listing),
    "web:layanan_uptd_rinci": Spec(lambda w: [get(f"/layanan/uptd/{w.uptd.pk}/")], rules.listing),
    "web:layanan_warga_baru": Spec(
        lambda w: [
            get(f"/layanan/uptd/{w.uptd.pk}/warga/baru/"),
            post(f"/layanan/uptd/{w.uptd.pk}/warga/baru/", {"langkah": "cari", "cari": CHILD_NIK}),
        ],
        rules.writers,
    ),
    "web:layanan_warga_layanan": Spec(_residents("/layanan/warga/{}/layanan/"), rules.form),
    "web:layanan_warga_keluar": Spec(
        _residents("/layanan/warga/{}/keluar/", "POST", {"alasan": "mandiri"}), rules.change
    ),
    "web:layanan_warga_kunjungan": Spec(
        _residents("/layanan/warga/{}/kunjungan/", "POST", {"hasil": "baik"}), rules.change
    ),
    "web:orang_kelayakan": Spec(_people("/orang/{}/kelayakan/PERMAKANAN/"), rules.record),
    "web:keluarga_kelayakan": Spec(_families("/keluarga/{}/kelayakan/PKH/"), rules.record),
    "web:sasaran": Spec(one(get("/sasaran/")), rules.listing),
    "web:sasaran_kelayakan": Spec(one(get("/sasaran/kelayakan/PERMAKANAN/")), rules.listing),
    "web:sasaran_ketepatan": Spec(one(get("/sasaran/ketepatan/")), rules.listing),
    "web:sasaran_alokasi": Spec(one(get("/sasaran/alokasi/")), rules.listing),
    "web:sasaran_alokasi_rinci": Spec(
        lambda w: both("/sasaran/alokasi/{}/", w.allocations.own, w.allocations.other),
        rules.region,
    ),
    "web:program": Spec(one(get("/program/")), rules.listing),
    "web:program_tumpang_tindih": Spec(one(get("/program/tumpang-tindih/")), rules.listing),
    "web:program_indikator": Spec(one(get("/program/indikator/?tahun=2025")), rules.listing),
    "web:program_kepesertaan": Spec(
        lambda w: [get("/program/PKH/"), get("/program/ALAT_BANTU/")],
        rules.listing,
    ),
    "web:program_tahap": Spec(one(get("/program/PKH/tahap/?tahun=2025")), rules.listing),
    "web:program_ubah": Spec(
        lambda w: both(
            "/program/kepesertaan/{}/status/",
            w.enrolments.inside,
            w.enrolments.outside,
            "POST",
            {"ke": "ditangguhkan", "alasan": "uji"},
        ),
        rules.change,
    ),
}


def _api_nik(method: str, template: str):
    return lambda w: [
        api(method, template.format(nik), subject=key)
        for nik, key in ((RIZKY_NIK, "rizky"), (CHILD_NIK, "child"), (OTHER_NIK, "other"))
    ]


def _api_lookup(url: str, extra: dict | None = None):
    """A lookup by NIK, the NIK in the JSON body, for the own region, a child and the other."""
    return lambda w: [
        api("POST", url, {"nik": nik, **(extra or {})}, key)
        for nik, key in ((RIZKY_NIK, "rizky"), (CHILD_NIK, "child"), (OTHER_NIK, "other"))
    ]


def _api_both(method: str, template: str, own, other, data: dict | None = None):
    return [
        api(method, template.format(own.pk), data, "rizky"),
        api(method, template.format(other.pk), data, "other"),
    ]


def _import(w: World) -> list[Probe]:
    return [
        Probe(
            "/api/v1/impor/",
            "POST",
            {"profil": "ppks-kabkota", "sumber": sumber, "berkas": ("ppks.csv", CSV)},
            key,
        )
        for sumber, key in (
            ("Dinsos Kota Banjarmasin", "rizky"),
            ("Dinsos Kota Banjarbaru", "other"),
        )
    ]


API: dict[str, Spec] = {
    "POST /api/v1/impor/": Spec(_import, rules.importers),
    "GET /api/v1/impor/{batch_id}": Spec(
        lambda w: _api_both("GET", "/impor/{}", w.batches.own, w.batches.other), rules.region
    ),
    "POST /api/v1/impor/{batch_id}/tarik": Spec(
        lambda w: _api_both(
            "POST", "/impor/{}/tarik", w.batches.own, w.batches.other, {"alasan": "salah profil"}
        ),
        rules.importers,
    ),
    "GET /api/v1/impor/mutu/sumber/{kode}": Spec(
        lambda w: [
            api("GET", "/impor/mutu/sumber/dinsos-bjm", subject="rizky"),
            api("GET", "/impor/mutu/sumber/dinsos-bjb", subject="other"),
        ],
        rules.region,
    ),
    "GET /api/v1/impor/mutu/kabkota": Spec(one(api("GET", "/impor/mutu/kabkota")), rules.listing),
    "POST /api/v1/subjek/": Spec(_api_lookup("/subjek/"), rules.subject_report),
    "POST /api/v1/subjek/xlsx": Spec(
        _api_lookup("/subjek/xlsx", {"tujuan": "audit"}), rules.subject_report
    ),
    "GET /api/v1/subjek/{nik}": Spec(_api_nik("GET", "/subjek/{}"), rules.gone),
    "GET /api/v1/subjek/{nik}/xlsx": Spec(
        _api_nik("GET", "/subjek/{}/xlsx?tujuan=audit"), rules.gone
    ),
    "POST /api/v1/registri/orang/cari": Spec(
        lambda w: [
            *_api_lookup("/registri/orang/cari")(w),
            api("POST", "/registri/orang/cari", {"no_kk": OTHER_KK}),
            api("POST", "/registri/orang/cari", {"nama": "Muhammad Rizky"}),
        ],
        rules.listing,
    ),
    "GET /api/v1/registri/orang": Spec(
        lambda w: [
            api("GET", "/registri/orang?nama=Muhammad+Rizky"),
            # An identifier in the address: refused, nothing read.
            api("GET", "/registri/orang?nik=" + CHILD_NIK),
        ],
        lambda v, p: rules.identifier_in_address(v, p) if "nik=" in p.url else rules.listing(v, p),
    ),
    "GET /api/v1/penautan/proses": Spec(one(api("GET", "/penautan/proses")), rules.review),
    "GET /api/v1/penautan/tinjauan": Spec(one(api("GET", "/penautan/tinjauan")), rules.review),
    "GET /api/v1/penautan/tinjauan/{pair_id}": Spec(
        lambda w: [
            api("GET", f"/penautan/tinjauan/{p.url}", subject=p.subject) for p in _pairs("{}")(w)
        ],
        rules.review,
    ),
    "POST /api/v1/penautan/tinjauan/{pair_id}/terima": Spec(
        lambda w: [
            api("POST", f"/penautan/tinjauan/{p.url}/terima", {}, p.subject)
            for p in _pairs("{}")(w)
        ],
        rules.decide,
    ),
    "POST /api/v1/penautan/tinjauan/{pair_id}/tolak": Spec(
        lambda w: [
            api("POST", f"/penautan/tinjauan/{p.url}/tolak", {}, p.subject) for p in _pairs("{}")(w)
        ],
        rules.decide,
    ),
    "POST /api/v1/penautan/gabung": Spec(
        lambda w: [
            api("POST", "/penautan/gabung", {"tetap": w.people.rizky.pk, "digabungkan": p.pk}, key)
            for p, key in (
                (w.people.siti, "rizky"),
                (w.people.child, "child"),
                (w.people.other, "other"),
            )
        ],
        rules.decide,
    ),
    "POST /api/v1/penautan/pisah": Spec(
        lambda w: [
            api("POST", "/penautan/pisah", {"orang": p.pk, "rekaman": [r.pk]}, key)
            for p, r, key in (
                (w.people.rizky, w.pairs.inside.rekaman_r, "rizky"),
                (w.people.other, w.pairs.outside.rekaman_r, "other"),
            )
        ],
        rules.decide,
    ),
    "GET /api/v1/penautan/keputusan": Spec(one(api("GET", "/penautan/keputusan")), rules.review),
    "POST /api/v1/penautan/keputusan/{decision_id}/batal": Spec(
        lambda w: [
            api("POST", f"/penautan/keputusan/{w.pairs.rejected.pk}/batal", {"alasan": "x"})
        ],
        rules.undo,
    ),
    "GET /api/v1/penautan/orang/{person_id}": Spec(
        lambda w: [api("GET", p.url, subject=p.subject) for p in _people("/penautan/orang/{}")(w)],
        rules.review,
    ),
    "GET /api/v1/kelayakan/": Spec(one(api("GET", "/kelayakan/")), rules.listing),
    "GET /api/v1/kelayakan/{program}": Spec(one(api("GET", "/kelayakan/PKH")), rules.listing),
    "GET /api/v1/kelayakan/{program}/orang/{person_id}": Spec(
        lambda w: [
            api("GET", p.url, subject=p.subject)
            for p in _people("/kelayakan/PERMAKANAN/orang/{}")(w)
        ],
        rules.record,
    ),
    "GET /api/v1/kelayakan/{program}/keluarga/{household_id}": Spec(
        lambda w: _api_both(
            "GET", "/kelayakan/PKH/keluarga/{}", w.people.rizky.household, w.people.other.household
        ),
        rules.record,
    ),
    "POST /api/v1/alokasi/pratinjau": Spec(
        one(api("POST", "/alokasi/pratinjau", {"program": "PKH", "jumlah": 1})), rules.guarded
    ),
    "POST /api/v1/alokasi/": Spec(
        one(api("POST", "/alokasi/", {"program": "PKH", "jumlah": 1})), rules.guarded
    ),
    "GET /api/v1/alokasi/": Spec(one(api("GET", "/alokasi/")), rules.listing),
    "GET /api/v1/alokasi/{run_id}": Spec(
        lambda w: _api_both("GET", "/alokasi/{}", w.allocations.own, w.allocations.other),
        rules.region,
    ),
    "GET /api/v1/alokasi/{run_id}/usulan": Spec(
        lambda w: _api_both("GET", "/alokasi/{}/usulan", w.allocations.own, w.allocations.other),
        rules.region,
    ),
    "GET /api/v1/ketepatan/": Spec(one(api("GET", "/ketepatan/")), rules.listing),
    "GET /api/v1/ketepatan/{program}": Spec(one(api("GET", "/ketepatan/PKH")), rules.listing),
    "GET /api/v1/peringkat/": Spec(one(api("GET", "/peringkat/")), rules.listing),
    "GET /api/v1/layanan/cakupan": Spec(one(api("GET", "/layanan/cakupan")), rules.listing),
    "GET /api/v1/layanan/beban": Spec(one(api("GET", "/layanan/beban")), rules.listing),
    "POST /api/v1/layanan/beban/pindah": Spec(
        one(
            api(
                "POST",
                "/layanan/beban/pindah",
                {"kode_kecamatan": "63.72.02", "dari": "x", "ke": "y", "jumlah": 1},
                "other_worker",
            )
        ),
        rules.create,
    ),
    "GET /api/v1/layanan/pilar": Spec(one(api("GET", "/layanan/pilar")), rules.listing),
    "GET /api/v1/layanan/pelatihan/perlu": Spec(
        one(api("GET", "/layanan/pelatihan/perlu")), rules.listing
    ),
    "GET /api/v1/layanan/lks": Spec(one(api("GET", "/layanan/lks")), rules.listing),
    "GET /api/v1/layanan/lkks": Spec(one(api("GET", "/layanan/lkks")), rules.listing),
    "GET /api/v1/layanan/lks/tumpang-tindih": Spec(
        one(api("GET", "/layanan/lks/tumpang-tindih")), rules.listing
    ),
    "GET /api/v1/layanan/uptd": Spec(one(api("GET", "/layanan/uptd")), rules.listing),
    "GET /api/v1/layanan/uptd/kemandirian": Spec(
        one(api("GET", "/layanan/uptd/kemandirian")), rules.listing
    ),
    "GET /api/v1/layanan/uptd/{uptd_id}/warga": Spec(
        lambda w: [api("GET", f"/layanan/uptd/{w.uptd.pk}/warga")], rules.listing
    ),
    "GET /api/v1/kasus/": Spec(one(api("GET", "/kasus/")), rules.listing),
    "POST /api/v1/kasus/": Spec(
        lambda w: [
            api(
                "POST",
                "/kasus/",
                {"kategori": 24, "desa": desa, "uraian": "uji", "urgensi": "tinggi"},
                key,
            )
            for desa, key in (("63.71.01.1001", "rizky"), ("63.72.02.1003", "other"))
        ],
        rules.create,
    ),
    "GET /api/v1/kasus/ringkasan": Spec(one(api("GET", "/kasus/ringkasan")), rules.listing),
    "GET /api/v1/kasus/{case_id}": Spec(
        lambda w: _api_both("GET", "/kasus/{}", w.cases.own, w.cases.other), rules.case_report
    ),
    "POST /api/v1/kasus/{case_id}/langkah": Spec(
        lambda w: _api_both(
            "POST", "/kasus/{}/langkah", w.cases.own, w.cases.other, {"aksi": "verifikasi"}
        ),
        rules.case_step,
    ),
    "POST /api/v1/kasus/{case_id}/persetujuan": Spec(
        lambda w: _api_both(
            "POST",
            "/kasus/{}/persetujuan",
            w.cases.own,
            w.cases.other,
            {"nama_pemberi": "Ibu", "hubungan": "istri", "cara": "lisan"},
        ),
        rules.case_step,
    ),
    "POST /api/v1/kasus/{case_id}/rujukan": Spec(
        lambda w: _api_both(
            "POST",
            "/kasus/{}/rujukan",
            w.cases.own,
            w.cases.other,
            {"jenis": "lks", "nama_penerima": "LKS Harapan"},
        ),
        rules.case_step,
    ),
    "POST /api/v1/kasus/rujukan/{referral_id}/putusan": Spec(
        lambda w: _api_both(
            "POST",
            "/kasus/rujukan/{}/putusan",
            w.referrals.own,
            w.referrals.other,
            {"terima": True},
        ),
        rules.case_step,
    ),
    "GET /api/v1/sanggahan/": Spec(one(api("GET", "/sanggahan/")), rules.listing),
    "POST /api/v1/sanggahan/": Spec(
        lambda w: [
            api(
                "POST",
                "/sanggahan/",
                {"kategori": "inklusi", "uraian": "uji", "wilayah": desa},
                key,
            )
            for desa, key in (("63.71.01.1001", "rizky"), ("63.72.02.1003", "other"))
        ],
        rules.create,
    ),
    "POST /api/v1/sanggahan/{grievance_id}/verifikasi": Spec(
        lambda w: _api_both(
            "POST",
            "/sanggahan/{}/verifikasi",
            w.grievances.own,
            w.grievances.other,
            {"hasil": "tidak_terbukti", "catatan": "uji"},
        ),
        rules.guarded,
    ),
    "GET /api/v1/bencana/": Spec(one(api("GET", "/bencana/")), rules.listing),
    "GET /api/v1/bencana/dasbor": Spec(one(api("GET", "/bencana/dasbor")), rules.listing),
    "GET /api/v1/bencana/{event_id}/sitrep": Spec(
        lambda w: _api_both("GET", "/bencana/{}/sitrep", w.events.own, w.events.other),
        rules.region,
    ),
}


def _api_event(suffix: str, data: dict) -> Spec:
    return Spec(
        lambda w: _api_both("POST", "/bencana/{}/" + suffix, w.events.own, w.events.other, data),
        rules.guarded,
    )


def _api_victim(suffix: str, data: dict) -> Spec:
    def probes(w: World) -> list[Probe]:
        return [
            api(
                "POST",
                f"/bencana/{w.events.own.pk}/korban/{w.victims.own.pk}/{suffix}",
                data,
                "rizky",
            ),
            api(
                "POST",
                f"/bencana/{w.events.other.pk}/korban/{w.victims.other.pk}/{suffix}",
                data,
                "other",
            ),
        ]

    return Spec(probes, rules.guarded)


API |= {
    "POST /api/v1/bencana/{event_id}/korban": _api_event(
        "korban",
        {"korban": [{"nama": "Korban Baru", "desa": "63.71.01.1001", "kondisi": "selamat"}]},
    ),
    "POST /api/v1/bencana/{event_id}/penyaluran": Spec(
        lambda w: [
            api(
                "POST",
                f"/bencana/{w.events.own.pk}/penyaluran",
                {"korban": w.victims.own.pk, "barang": "sandang", "jumlah": 1},
                "rizky",
            ),
            api(
                "POST",
                f"/bencana/{w.events.other.pk}/penyaluran",
                {"korban": w.victims.other.pk, "barang": "sandang", "jumlah": 1},
                "other",
            ),
        ],
        rules.guarded,
    ),
    "POST /api/v1/bencana/{event_id}/status": _api_event("status", {"aksi": "pemulihan"}),
    "POST /api/v1/bencana/{event_id}/korban/{korban_id}/koreksi": _api_victim(
        "koreksi", {"alasan": "uji", "kondisi": "luka"}
    ),
    "POST /api/v1/bencana/{event_id}/korban/{korban_id}/hapus": _api_victim(
        "hapus", {"alasan": "uji"}
    ),
    "POST /api/v1/bencana/{event_id}/stok/koreksi": _api_event(
        "stok/koreksi", {"barang": "sandang", "jumlah": -1, "alasan": "uji"}
    ),
}

# The API's own pages: its description (no personal data) is public.
API_EXTRAS: dict[str, Spec] = {
    "api-v1:openapi-json": Spec(one(get("/api/v1/openapi.json")), rules.public),
    "api-v1:openapi-view": Spec(one(get("/api/v1/docs")), rules.public),
    "api-v1:api-root": Spec(one(get("/api/v1/")), rules.absent),
    # Every address under the API that no route has: a JSON 404, whoever asks.
    "/api/v1/": Spec(
        lambda w: [get("/api/v1/tidak-ada"), Probe("/api/v1/orang/1/hapus", "DELETE")],
        rules.absent,
    ),
}


# The SPDCI Social Registry API (/dci/): named routes outside the API's namespace, called
# with the API's bearer tokens (test_route_matrix._is_api). A search finds only what the
# scope shows, as the registry's own search does; a transaction's status answers only the
# caller's own transactions (none here, each probe runs alone: a rjct in the header).
DCI_TS = "2026-12-06T10:00:00+08:00"


def _dci(
    path: str, action: str, message: dict, subject: str | None = None, shows=(), **header
) -> Probe:
    header = {
        "version": "1.0.0", "message_id": "matriks-1", "message_ts": DCI_TS, "action": action,
        "sender_id": "openspp.example.org", "total_count": 1, **header,
    }  # fmt: skip
    body = {"header": header, "message": message}
    return Probe("/dci/registry/" + path, "POST", body, subject, json=True, shows=shows)


def _dci_search(
    kind: str, value: str, subject: str | None = None, shows=(), path: str = "sync/search",
    **header,
) -> Probe:  # fmt: skip
    item = {
        "reference_id": "r1", "timestamp": DCI_TS,
        "search_criteria": {"query_type": "idtype-value", "query": {"type": kind, "value": value}},
    }  # fmt: skip
    message = {"transaction_id": "t1", "search_request": [item]}
    return _dci(path, "search", message, subject, shows, **header)


# An asynchronous request is answered by a callback to this address (nobody listens: the
# probes look at the acknowledgement, which shows nobody; the search runs in the worker).
DCI_CALLBACK = "http://127.0.0.1:9/registry/on-search"
DCI_TXN_STATUS = {
    "transaction_id": "t1",
    "txnstatus_request": {
        "reference_id": "s1", "txn_type": "search", "attribute_type": "transaction_id",
        "attribute_value": "t1",
    },
}  # fmt: skip


WEB |= {
    "dci:search": Spec(
        lambda w: [
            _dci_search("UIN", RIZKY_NIK, "rizky", shows=("rizky",)),
            _dci_search("UIN", CHILD_NIK, "child", shows=("child",)),
            _dci_search("UIN", OTHER_NIK, "other", shows=("other",)),
            _dci_search("HouseholdID", OTHER_KK, shows=("other",)),
        ],
        rules.listing,
    ),
    "dci:txn_status": Spec(
        one(_dci("sync/txn/status", "txn-status", DCI_TXN_STATUS)),
        rules.listing,
    ),
    # Asynchronous: an acknowledgement (ACK) to every user with an account; what the search
    # finds goes to the callback, scoped, masked and audited as the synchronous answer
    # (tests/integration/dci/test_dci_async.py).
    "dci:search_async": Spec(
        lambda w: [
            _dci_search("UIN", RIZKY_NIK, "rizky", path="search", sender_uri=DCI_CALLBACK),
            _dci_search("UIN", OTHER_NIK, "other", path="search", sender_uri=DCI_CALLBACK),
        ],
        rules.listing,
    ),
    "dci:txn_status_async": Spec(
        one(_dci("txn/status", "txn-status", DCI_TXN_STATUS, sender_uri=DCI_CALLBACK)),
        rules.listing,
    ),
}

# A subscription is acknowledged (its outcome goes to the sender's callback address,
# queued, never posted during a probe) to anyone with a token: what it will notify is
# scoped when each notification is sent. Unsubscribing a code that is not the caller's is
# acknowledged too, and refused in the callback.
DCI_SUBSCRIBER = "http://127.0.0.1:9/registry/on-subscribe"
WEB |= {
    "dci:subscribe": Spec(
        one(
            _dci(
                "subscribe",
                "subscribe",
                {
                    "transaction_id": "t1",
                    "subscribe_request": [
                        {
                            "reference_id": "r1",
                            "timestamp": DCI_TS,
                            "subscribe_criteria": {
                                "reg_event_type": "DEATH",
                                "filter": {"type": "UIN", "value": RIZKY_NIK},
                                "notify_record_type": "SRPerson",
                            },
                        }
                    ],
                },
                sender_uri=DCI_SUBSCRIBER,
            )
        ),
        rules.listing,
    ),
    "dci:unsubscribe": Spec(
        one(
            _dci(
                "unsubscribe",
                "unsubscribe",
                {"transaction_id": "t1", "timestamp": DCI_TS, "subscription_codes": ["sub-x"]},
                sender_uri=DCI_SUBSCRIBER,
            )
        ),
        rules.listing,
    ),
}

WEB |= {
    # Any other address under /dci/ (a callback address of the client system, a trailing
    # slash): the specification's JSON 404, whoever asks.
    "/dci/^(?P<rest>.*)$": Spec(
        lambda w: [
            _dci("notify", "notify", {}),
            _dci("sync/search/", "search", {}),
            get("/dci/tidak-ada"),
        ],
        rules.absent,
    ),
}


# The civil registry's proposals (/crvs/): deaths where their person is, births (a child's
# record) for roles that see children, where the family is; and the address the civil
# registry posts its events to, with an API token (test_route_matrix._is_api).
def _civil(template: str, method: str = "GET", data: dict | None = None, jenis="kematian"):
    def probes(w: World) -> list[Probe]:
        found = w.deaths if jenis == "kematian" else w.births
        own = "siti" if jenis == "kematian" else "child"
        return [
            Probe(template.format(jenis, found.own.pk), method, data or {}, own),
            Probe(template.format(jenis, found.other.pk), method, data or {}, "other"),
        ]

    return probes


def _both_kinds(template: str, method: str = "GET", data: dict | None = None):
    return lambda w: [
        *_civil(template, method, data)(w),
        *_civil(template, method, data, "kelahiran")(w),
    ]


def _by_kind(rule_deaths: Rule, rule_births: Rule) -> Rule:
    def rule(viewer, probe: Probe) -> frozenset[int]:
        return (rule_births if "/kelahiran/" in probe.url else rule_deaths)(viewer, probe)

    rule.__doc__ = f"Deaths: {rule_deaths.__name__}; births: {rule_births.__name__}."
    return rule


def _decide_birth(viewer, probe: Probe) -> frozenset[int]:
    """Deciding a birth: roles that may change data (403 first), then as ``births``."""
    if not viewer.role.tulis:
        return frozenset({403})
    return rules.CHANGE if rules.births(viewer, probe) == {200} else frozenset({404})


_NOTICE = {
    "header": {"version": "1.0.0", "message_id": "matriks-2", "message_ts": DCI_TS,
               "action": "notify", "status": "succ", "sender_id": "crvs.dukcapil"},
    "message": {"transaction_id": "t2", "notify_event": [{
        "reference_id": "n1", "timestamp": DCI_TS,
        "data": {"reg_event_type": "spdci-common:RegistryEventType:Death",
                 "reg_record_type": "crvs:Person", "reg_records": {
                     "identifier": {"identifier_type": "NIK",
                                    "identifier_value": "6371014101700006"},
                     "name": "Idah", "birth_date": "1970-01-01", "death_date": "2026-03-01"}},
    }]},
}  # fmt: skip

WEB |= {
    "web:crvs": Spec(
        lambda w: [
            get("/crvs/", shows=("siti", "other")),
            get("/crvs/?jenis=kelahiran&status=semua", shows=("child",)),
            get("/crvs/?kabkota=63.72&status=semua", shows=("other",)),
        ],
        rules.listing,
    ),
    "web:crvs_usulan": Spec(_both_kinds("/crvs/{}/{}/"), _by_kind(rules.record, rules.births)),
    "web:crvs_terapkan": Spec(
        _both_kinds("/crvs/{}/{}/terapkan/", "POST"), _by_kind(rules.decide, _decide_birth)
    ),
    "web:crvs_tolak": Spec(
        _both_kinds("/crvs/{}/{}/tolak/", "POST", {"alasan": "keliru"}),
        _by_kind(rules.decide, _decide_birth),
    ),
    "web:crvs_otomatis": Spec(
        lambda w: [
            post("/crvs/otomatis/", {"kabkota": "63.71", "aktif": "1"}, "rizky"),
            post("/crvs/otomatis/", {"kabkota": "63.72", "aktif": "1"}, "other"),
        ],
        rules.importers,
    ),
    # The field app (/lapangan/): its shell is open to the logged in, its manifest and
    # service worker to anyone (nothing personal); the office's page of visits and the
    # decision on one, by the region of the visited household.
    "web:lapangan": Spec(one(get("/lapangan/")), rules.listing),
    "web:lapangan_manifest": Spec(one(get("/lapangan/manifest.webmanifest")), rules.public),
    "web:lapangan_sw": Spec(one(get("/lapangan/sw.js")), rules.public),
    "web:lapangan_unduh": Spec(one(get("/lapangan/unduh/")), rules.field_work),
    "web:lapangan_kirim": Spec(
        lambda w: [
            Probe(
                "/lapangan/kirim/",
                "POST",
                _field_visit(w, w.people.rizky.household),
                "rizky",
                json=True,
            ),
            Probe(
                "/lapangan/kirim/",
                "POST",
                _field_visit(w, w.people.other.household),
                "other",
                json=True,
            ),
        ],
        rules.field_sending,
    ),
    # Entries other than visits (a case report about a person here, about the other's):
    # only a field worker sends any; the world's viewers are none.
    "web:lapangan_entri": Spec(
        lambda w: [
            Probe("/lapangan/entri/", "POST", _field_case(w.people.rizky), "rizky", json=True),
            Probe("/lapangan/entri/", "POST", _field_case(w.people.other), "other", json=True),
        ],
        rules.field_work,
    ),
    "web:lapangan_kunjungan": Spec(one(get("/lapangan/kunjungan/?status=menunggu")), rules.listing),
    # The office's P2K2 page: groups and sessions within the region, counts only.
    "web:p2k2": Spec(one(get("/p2k2/")), rules.listing),
    "web:lapangan_terima": Spec(
        lambda w: both("/lapangan/kunjungan/{}/terima/", *_pair(w.field_visits), "POST"),
        rules.change,
    ),
    "web:lapangan_tolak": Spec(
        lambda w: both("/lapangan/kunjungan/{}/tolak/", *_pair(w.field_visits), "POST"),
        rules.change,
    ),
    # A visit's photo: as a case's photos (the region; a pendamping only their own).
    "web:lapangan_foto": Spec(
        lambda w: both("/lapangan/kunjungan/{}/foto/", *_pair(w.field_visits)), rules.case_report
    ),
    # The office's ODK/KoBo page: roles that may change data; the XLSForm of a kecamatan of
    # Rizky's household and of the other's (out of reach it does not exist); an import of
    # submissions naming a download no one made (refused as invalid, nothing stored).
    "web:lapangan_odk": Spec(one(get("/lapangan/odk/")), rules.writers),
    "web:lapangan_odk_formulir": Spec(
        lambda w: [
            post(
                "/lapangan/odk/formulir/",
                {"kecamatan": w.people.rizky.household.wilayah.parent_id},
                "rizky",
            ),
            post(
                "/lapangan/odk/formulir/",
                {"kecamatan": w.people.other.household.wilayah.parent_id},
                "other",
            ),
        ],
        rules.correctors,
    ),
    "web:lapangan_odk_impor": Spec(
        one(post("/lapangan/odk/impor/", {"berkas": ("kiriman.csv", ODK_SUBMISSION)})),
        rules.correctors,
    ),
    "web:crvs_notify": Spec(
        one(Probe("/crvs/registry/notify", "POST", _NOTICE, json=True)), rules.notifiers
    ),
}
