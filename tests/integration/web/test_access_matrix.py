"""Every role of roles.toml × every page with personal data or a report × a record in and out
of scope: the status the scope promises, and nothing in the page the role may not see.
The review pages (penautan) are reached by every user here with the review permissions,
so that the role and the region decide, as everywhere else."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission

from datusoban.accounts.roles import Role, roles
from datusoban.cases import policy as case_policy

from .enrolments import make_enrolments
from .layanan_network import make_network
from .people import (
    CHILD_NIK,
    HEALTH_MARKERS,
    OTHER_KK,
    OTHER_NIK,
    RIZKY_KK,
    RIZKY_NIK,
    People,
    log_in_as,
)
from .review_pairs import Pairs, make_pairs
from .stored_runs import make_runs


@dataclass(frozen=True)
class Cases:
    inside: object  # a report about Rizky in Kota Banjarmasin
    outside: object  # a report about the namesake in Kota Banjarbaru
    grievance: object  # an objection to Rizky's enrolment, in Kota Banjarmasin
    grievance_outside: object  # and one in Kota Banjarbaru
    event: object  # a flood in Rizky's desa, Rizky and the child among the victims
    event_outside: object  # a flood in Kota Banjarbaru, the namesake a victim


def make_cases(people: People) -> Cases:
    from datetime import timedelta

    from django.contrib.auth.models import User
    from django.utils import timezone

    from datusoban.cases.models import Bencana, KorbanBencana, LaporanKasus, Sanggahan

    reporter = User.objects.create_user("pelapor.kasus")
    now = timezone.now()

    def report(person, desa: str) -> LaporanKasus:
        return LaporanKasus.objects.create(
            kategori_id=24, person=person, desa_id=desa, kode_kabkota=desa[:5],
            uraian="Tidak makan dua hari", urgensi="tinggi", pelapor=reporter,
            nama_pelapor=reporter.username, dilaporkan_pada=now - timedelta(days=5),
            batas_waktu=now - timedelta(days=2),
        )  # fmt: skip

    def objection(person, desa: str) -> Sanggahan:
        return Sanggahan.objects.create(
            kategori="inklusi", nama_pelapor="Pak RT", uraian="Punya toko", person=person,
            program_id="BPNT", wilayah_id=desa, kode_kabkota=desa[:5], diterima=now.date(),
            batas=now.date(), dicatat_oleh="uji",
        )  # fmt: skip

    def flood(victims, desa: str) -> Bencana:
        event = Bencana.objects.create(
            nama="Banjir", jenis="banjir", tanggal=now.date(), kode_kabkota=desa[:5],
            dicatat_oleh="uji",
        )  # fmt: skip
        event.desa.set([desa])
        for person in victims:
            KorbanBencana.objects.create(
                bencana=event, person=person, household=person.household, nik=person.nik,
                nama=person.nama, desa_id=desa, kode_kabkota=desa[:5], kondisi="mengungsi",
                kunci_keluarga=f"k{person.household_id}", dicatat_oleh="uji",
            )  # fmt: skip
        return event

    return Cases(
        report(people.rizky, "63.71.01.1001"), report(people.other, "63.72.02.1003"),
        objection(people.rizky, "63.71.01.1001"), objection(people.other, "63.72.02.1003"),
        flood([people.rizky, people.child], "63.71.01.1001"),
        flood([people.other], "63.72.02.1003"),
    )  # fmt: skip


pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Case:
    name: str
    url: str  # formatted with the People (p) and review Pairs (r) fixtures
    subject: str  # rizky (Banjarmasin adult), child (Banjarmasin child), other (Banjarbaru)
    # record: 200 or 404 as the scope says; listing: 200, showing what it may; region:
    # an aggregate of a kab/kota, 200 or 404 by region alone; export: roles with ekspor;
    # subject: the data subject's report, province admins and auditors; decide: a linkage
    # decision form, roles that may change data (tulis), then 200 or 404 as the scope says;
    # case: a case report filed by someone else, as its region says (404 for roles that see
    # only their own reports); form: a change form of the delivery network, 404 out of
    # reach (scope; for UPTD/LKS staff, an institution not their own), else 200 for roles
    # that may change data (tulis) and 403 for the others
    kind: str = "record"
    # Sent as the body of a POST when given: a NIK never goes into an address.
    post: tuple[tuple[str, str], ...] = ()


CASES = [
    Case("orang", "/orang/{p.rizky.pk}/", "rizky"),
    Case("orang-anak", "/orang/{p.child.pk}/", "child"),
    Case("orang-luar", "/orang/{p.other.pk}/", "other"),
    Case("keluarga", "/keluarga/{p.rizky.household_id}/", "rizky"),
    Case("keluarga-luar", "/keluarga/{p.other.household_id}/", "other"),
    Case("cari", "/cari/?nama=Muhammad+Rizky", "rizky", "listing"),
    Case("cari-anak", "/cari/", "child", "listing", (("nik", CHILD_NIK),)),
    Case("cari-luar", "/cari/", "other", "listing", (("nik", OTHER_NIK),)),
    Case("dasbor", "/dasbor/", "rizky", "listing"),
    Case("laporan", "/laporan/", "rizky", "listing"),
    Case("ringkasan-pdf", "/laporan/kabkota/63.71/ringkasan.pdf", "rizky", "region"),
    Case("ringkasan-pdf-luar", "/laporan/kabkota/63.72/ringkasan.pdf", "other", "region"),
    Case("ringkasan-xlsx", "/laporan/ringkasan-kabkota.xlsx", "rizky", "region"),
    Case("ekspor", "/cari/ekspor/", "rizky", "export", (("nik", RIZKY_NIK), ("langkah", "tujuan"))),
    Case("ekspor-anak", "/cari/ekspor/", "child", "export",
         (("nik", CHILD_NIK), ("langkah", "tujuan"))),
    Case("ekspor-luar", "/cari/ekspor/", "other", "export",
         (("nik", OTHER_NIK), ("langkah", "tujuan"))),
    Case("subjek", "/subjek/", "rizky", "subject"),
    Case("penautan", "/penautan/", "rizky", "listing"),
    Case("pasangan", "/penautan/pasangan/{r.inside.pk}/", "rizky"),
    Case("pasangan-anak", "/penautan/pasangan/{r.child.pk}/", "child"),
    Case("pasangan-luar", "/penautan/pasangan/{r.outside.pk}/", "other"),
    Case("keputusan", "/penautan/keputusan/", "rizky", "listing"),
    Case("gabung", "/penautan/gabung/?tetap={p.rizky.pk}&digabungkan={p.siti.pk}", "rizky",
         "decide"),
    Case("gabung-anak", "/penautan/gabung/?tetap={p.rizky.pk}&digabungkan={p.child.pk}", "child",
         "decide"),
    Case("gabung-luar", "/penautan/gabung/?tetap={p.rizky.pk}&digabungkan={p.other.pk}", "other",
         "decide"),
    Case("pisah", "/penautan/pisah/?orang={p.rizky.pk}", "rizky", "decide"),
    Case("pisah-luar", "/penautan/pisah/?orang={p.other.pk}", "other", "decide"),
    Case("kasus", "/kasus/{k.inside.pk}/", "rizky", "case"),
    Case("kasus-luar", "/kasus/{k.outside.pk}/", "other", "case"),
    Case("kasus-daftar", "/kasus/", "rizky", "listing"),
    Case("kasus-terlambat", "/kasus/?terlambat=1", "rizky", "listing"),
    Case("kasus-dasbor", "/kasus/dasbor/", "rizky", "listing"),
    Case("kasus-xlsx", "/kasus/dasbor.xlsx", "rizky", "listing"),
    Case("kasus-sanggahan", "/sanggahan/{k.grievance.pk}/", "rizky", "region"),
    Case("kasus-sanggahan-luar", "/sanggahan/{k.grievance_outside.pk}/", "other", "region"),
    Case("kasus-sanggahan-daftar", "/sanggahan/", "rizky", "listing"),
    Case("kasus-bencana", "/bencana/{k.event.pk}/", "rizky", "region"),
    Case("kasus-bencana-luar", "/bencana/{k.event_outside.pk}/", "other", "region"),
    Case("kasus-bencana-sitrep", "/bencana/{k.event.pk}/sitrep.xlsx", "rizky", "region"),
    Case("kasus-bencana-daftar", "/bencana/", "rizky", "listing"),
    Case("kasus-bencana-dasbor", "/bencana/dasbor/", "rizky", "listing"),
    Case("kasus-bencana-dasbor-xlsx", "/bencana/dasbor.xlsx", "rizky", "listing"),
    Case("layanan", "/layanan/", "rizky", "listing"),
    Case("layanan-beban", "/layanan/beban/", "rizky", "listing"),
    Case("layanan-pilar", "/layanan/pilar/", "rizky", "listing"),
    Case("layanan-pelatihan", "/layanan/pelatihan/", "rizky", "listing"),
    Case("layanan-lks", "/layanan/lks/", "rizky", "listing"),
    Case("layanan-lembaga", "/layanan/lembaga/{n.bjm.pk}/", "rizky"),
    Case("layanan-lembaga-luar", "/layanan/lembaga/{n.bjb.pk}/", "other"),
    Case("layanan-uptd", "/layanan/uptd/{n.uptd.pk}/", "rizky", "listing"),
    Case("layanan-klien-baru", "/layanan/lembaga/{n.bjm.pk}/klien/baru/", "rizky", "form",
         (("langkah", "cari"), ("cari", RIZKY_NIK))),
    Case("layanan-klien-baru-luar", "/layanan/lembaga/{n.bjb.pk}/klien/baru/", "other", "form"),
    Case("layanan-klien-selesai", "/layanan/klien/{n.klien.pk}/selesai/", "rizky", "form"),
    Case("layanan-klien-selesai-anak", "/layanan/klien/{n.klien_anak.pk}/selesai/", "child",
         "form"),
    Case("layanan-klien-selesai-luar", "/layanan/klien/{n.klien_luar.pk}/selesai/", "other",
         "form"),
    Case("layanan-warga-baru", "/layanan/uptd/{n.uptd.pk}/warga/baru/?cari=Muhammad+Rizky",
         "rizky", "form"),
    Case("layanan-warga-layanan", "/layanan/warga/{n.warga.pk}/layanan/", "rizky", "form"),
    Case("layanan-pilar-baru", "/layanan/pilar/baru/", "rizky", "form"),
    Case("layanan-pilar-ubah-luar", "/layanan/pilar/{n.pilar_luar.pk}/ubah/", "other", "form"),
    Case("layanan-pilar-nonaktif-luar", "/layanan/pilar/{n.pilar_luar.pk}/nonaktif/", "other",
         "form"),
    Case("layanan-lembaga-baru", "/layanan/lembaga/baru/", "rizky", "form"),
    Case("layanan-pelatihan-baru", "/layanan/pelatihan/baru/", "rizky", "form"),
    Case("layanan-sesi-baru", "/layanan/pelatihan/sesi/baru/", "rizky", "form"),
    Case("layanan-lembaga-ubah", "/layanan/lembaga/{n.bjm.pk}/ubah/", "rizky", "form"),
    Case("layanan-lembaga-ubah-luar", "/layanan/lembaga/{n.bjb.pk}/ubah/", "other", "form"),
    Case("layanan-lembaga-nonaktif-luar", "/layanan/lembaga/{n.bjb.pk}/nonaktif/", "other",
         "form"),
    Case("kelayakan", "/orang/{p.rizky.pk}/kelayakan/PERMAKANAN/", "rizky"),
    Case("kelayakan-anak", "/orang/{p.child.pk}/kelayakan/PKH/", "child"),
    Case("kelayakan-luar", "/orang/{p.other.pk}/kelayakan/PERMAKANAN/", "other"),
    Case("kelayakan-keluarga", "/keluarga/{p.rizky.household_id}/kelayakan/PKH/", "rizky"),
    Case("kelayakan-keluarga-luar", "/keluarga/{p.other.household_id}/kelayakan/PKH/", "other"),
    Case("sasaran", "/sasaran/", "rizky", "listing"),
    Case("sasaran-kelayakan", "/sasaran/kelayakan/PERMAKANAN/", "rizky", "listing"),
    Case("sasaran-ketepatan", "/sasaran/ketepatan/", "rizky", "listing"),
    Case("sasaran-alokasi", "/sasaran/alokasi/", "rizky", "listing"),
    Case("program", "/program/", "rizky", "listing"),
    Case("program-kepesertaan", "/program/PKH/", "rizky", "listing"),
    Case("program-kepesertaan-anak", "/program/ALAT_BANTU/", "child", "listing"),
    Case("program-tahap", "/program/PKH/tahap/?tahun=2025", "rizky", "listing"),
    Case("program-tumpang-tindih", "/program/tumpang-tindih/", "rizky", "listing"),
    Case("program-indikator", "/program/indikator/?tahun=2025", "rizky", "listing"),
    Case("sasaran-alokasi-luar", "/sasaran/alokasi/{s.outside.pk}/", "other", "region"),
]  # fmt: skip
# Every user holds the review permissions: on the review pages the role and region decide.
REVIEW_PERMISSIONS = ("view_reviewpair", "add_decision")
SCOPES = ["63.71", "63"]  # Kota Banjarmasin, the whole province


def may_see(role: Role, wilayah: str, subject: str) -> bool:
    in_region = wilayah == "63" or subject != "other"
    return in_region and (subject != "child" or role.data_anak)


def leaks(role: Role, wilayah: str, page: str) -> list[str]:
    """What ``page`` shows that this role, in this scope, must not see."""
    forbidden = []
    if not role.nik_penuh:
        forbidden += [RIZKY_NIK, RIZKY_KK, CHILD_NIK, OTHER_NIK, OTHER_KK]
    if not role.data_kesehatan:
        forbidden += HEALTH_MARKERS
    if not role.data_anak:
        forbidden += [CHILD_NIK, "Ahmad Fauzan"]
    if wilayah != "63":
        forbidden += [OTHER_NIK, OTHER_KK, "Muhammad Rizki", 'data-kode="63.72"><th']
    return [f for f in forbidden if f in page]


def expected_status(case: Case, role: Role, wilayah: str, visible: bool) -> int:
    if case.name.startswith(("layanan-lembaga", "layanan-klien")) and case.name.endswith("-luar"):
        visible = visible and role.kode != "staf_layanan"  # not their institution
    if case.kind == "form":
        return (200 if role.tulis else 403) if visible else 404
    if case.kind == "record":
        return 200 if visible else 404
    if case.kind == "region":
        return 200 if wilayah == "63" or case.subject != "other" else 404
    if case.kind == "export":
        return 200 if role.ekspor else 403
    if case.kind == "subject":
        return 200 if role.audit and wilayah == "63" else 403
    if case.kind == "case":
        return (
            200
            if visible and role.kode not in case_policy.roles_for("hanya_milik_sendiri")
            else 404
        )
    if case.kind == "decide":
        return (200 if visible else 404) if role.tulis else 403
    return 200  # a search or summary shows what it may


@pytest.fixture
def review(people: People) -> Pairs:
    return make_pairs(people)


@pytest.mark.parametrize("wilayah", SCOPES)
@pytest.mark.parametrize("kode", list(roles()))
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_role_page_and_scope(client, people: People, review: Pairs, kode, wilayah, case):
    cases = make_cases(people) if case.name.startswith("kasus") else None
    network = make_network(people) if case.name.startswith("layanan") else None
    runs = make_runs() if case.name.startswith("sasaran") else None
    enrolled = make_enrolments(people) if case.name.startswith("program") else None
    role = roles()[kode]
    user = log_in_as(client, kode, wilayah)
    user.user_permissions.add(*Permission.objects.filter(codename__in=REVIEW_PERMISSIONS))
    if network is not None and kode == "staf_layanan":
        # Staff of the Banjarmasin LKS and the UPTD (services.staff), not of the Banjarbaru LKS.
        from datusoban.services.models import StafLembaga

        for own in (network.bjm, network.uptd):
            StafLembaga.objects.create(user=user, lembaga=own)
    url = case.url.format(p=people, r=review, k=cases, n=network, s=runs)
    # A search posted is redirected to its address (post/redirect/get): followed.
    response = client.post(url, dict(case.post), follow=True) if case.post else client.get(url)
    visible = may_see(role, wilayah, case.subject)
    assert response.status_code == expected_status(case, role, wilayah, visible)
    if response["Content-Type"] in ("application/pdf", XLSX):
        return  # aggregates only: their figures are checked in test_reports
    # The NIK the user typed stays in the search box, in the hidden fields of the forms that
    # repeat the search (next page, export) and in the conditions an export repeats: their
    # input, not a finding.
    page = re.sub(r'value="\d{16}"|nik ?= ?\d{16}', "", response.content.decode())
    subject = getattr(people, case.subject)
    if case.name in ("kasus-daftar", "kasus-terlambat"):  # a case is listed as it may be seen
        shown = visible and role.kode not in case_policy.roles_for("hanya_milik_sendiri")
        assert (f'href="/kasus/{cases.inside.pk}/"' in page) == shown
        assert f'href="/kasus/{cases.outside.pk}/"' not in page or wilayah == "63"
    if case.name.startswith("cari"):
        assert (f'href="/orang/{subject.pk}/"' in page) == visible
    if case.name == "penautan":  # a pair is listed only when both its records may be seen
        for pair, whose in ((review.inside, "rizky"), (review.child, "child"),
                            (review.outside, "other")):  # fmt: skip
            listed = f'href="/penautan/pasangan/{pair.pk}/"' in page
            assert listed == may_see(role, wilayah, whose)
    if case.kind == "export" and role.ekspor:
        found = "1 orang" if visible else "0 orang"
        assert f"<dt>Ditemukan</dt><dd>{found} dalam cakupan Anda" in page
    assert leaks(role, wilayah, page) == []
    if case.name == "sasaran-kelayakan":  # the stored run's rows, as the scope says
        assert 'data-kode="63.71"><th' in page
        assert ('data-kode="63.72"><th' in page) == (wilayah == "63")
    if case.name.startswith("program-kepesertaan"):  # listed as the scope says
        whose = enrolled.child if case.subject == "child" else enrolled.inside
        assert (f'data-kepesertaan="{whose.pk}"' in page) == visible
        assert f'data-kepesertaan="{enrolled.outside.pk}"' not in page or wilayah == "63"
    if case.name == "program-tahap":
        assert ('data-kode="63.72"><th' in page) == (wilayah == "63")
    if case.name == "dasbor":
        assert 'data-kode="63.71"><th' in page  # the user's own kab/kota row
