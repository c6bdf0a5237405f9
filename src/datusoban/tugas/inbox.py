"""What waits for the user's action, within their scope, one kind of task at a time.

Each kind is read through its feature's own access function (``cases_for``,
``grievances_for``, ``visible_pairs``, the quarantine and network region rules), so the
inbox never shows what the user could not open; and only for the roles that act on it
(a step of the case workflow, deciding referrals, verifying grievances and proposals,
reviewing pairs, importing, changing the network's data). Per kind: one aggregate query
for the counts, and short lists (``LIMIT``) in deadline order, read by indexed columns only.

Nothing here names a person: the lists say what and where (a case's category and desa,
a certificate's number, a proposal's kind and desa), and the page it links to shows the
person, scoped, masked and audited as it always does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from datusoban.accounts.scope import Scope, children_born_after, scope_of
from datusoban.crvs import access as crvs_access
from datusoban.formatting import angka, persen
from datusoban.impor.authority import (
    in_region,
    may_import,
    narrowed_to,
    source_region,
    visible_batches,
)
from datusoban.impor.models import QuarantinedRow
from datusoban.kasus import policy, sla
from datusoban.kasus.access import cases_for
from datusoban.kasus.models import LaporanKasus, Rujukan
from datusoban.lapangan import review as field_review
from datusoban.layanan.models import Pilar, Sertifikat
from datusoban.layanan.models.network import Status as NetworkStatus
from datusoban.layanan.policy import section
from datusoban.layanan.regions import may_change, regional
from datusoban.penautan import review_access
from datusoban.reference.wilayah import name_of
from datusoban.registri.models import ImportBatch
from datusoban.sanggahan.access import grievances_for
from datusoban.usulan import access as proposal_access
from datusoban.usulan import policy as proposal_policy

# Items listed per section; the counts cover them all.
LIMIT = 10


@dataclass(frozen=True)
class Item:
    judul: str
    rincian: str
    url: str
    batas: date | datetime | None = None
    terlambat: bool = False


@dataclass(frozen=True)
class Section:
    label: str
    jumlah: int
    items: list[Item]


@dataclass(frozen=True)
class Kind:
    kode: str
    label: str
    url: str  # the feature's own list, where all of them are
    jumlah: int
    terlambat: int | None  # None: the kind has no deadline
    sections: list[Section] = field(default_factory=list)
    # Assigned to another officer: counted, not listed.
    lain: int = 0
    # Whether its items are assigned to officers (the sections: mine, then no one's).
    penugasan: bool = True


def _assigned(user, path: str = "ditugaskan_ke") -> dict:
    """The aggregates: all, those assigned to ``user``, those assigned to no one."""
    return {
        "jumlah": Count("pk"),
        "saya": Count("pk", filter=Q(**{path: user})),
        "belum": Count("pk", filter=Q(**{f"{path}__isnull": True})),
    }


def _split(
    kode: str, label: str, url: str, counts: dict, rows: QuerySet, user,
    item: Callable[[Any], Item], path: str = "ditugaskan_ke",
) -> Kind:  # fmt: skip
    """A kind whose items may be assigned: mine first, then the unassigned ones (each list
    read only when its count says there is something to read)."""
    mine = [item(r) for r in rows.filter(**{path: user})[:LIMIT]] if counts["saya"] else []
    free = rows.filter(**{f"{path}__isnull": True})[:LIMIT] if counts["belum"] else []
    return Kind(
        kode, label, url, counts["jumlah"], counts.get("terlambat"),
        [Section("Ditugaskan kepada saya", counts["saya"], mine),
         Section("Belum ditugaskan", counts["belum"], [item(r) for r in free])],
        lain=counts["jumlah"] - counts["saya"] - counts["belum"],
    )  # fmt: skip


def _case_statuses(scope: Scope) -> list[str]:
    """The statuses before the SLA is met from which the user's role takes a step."""
    met = set(policy.sla_met_statuses())
    return sorted(
        {
            t.dari
            for t in policy.transitions().values()
            if scope.role.kode in t.peran and t.dari not in met
        }
    )


def cases(user, scope: Scope, now: datetime) -> Kind | None:
    statuses = _case_statuses(scope)
    if not statuses:
        return None
    queryset = cases_for(user).filter(status__in=statuses)
    counts = queryset.aggregate(
        **_assigned(user), terlambat=Count("pk", filter=Q(batas_waktu__lt=now))
    )
    labels, urgency = dict(policy.status_choices()), dict(policy.urgency_choices())

    def item(c: LaporanKasus) -> Item:
        return Item(
            f"Kasus {c.pk}: {c.kategori.nama}",
            f"{c.desa.nama} · {labels.get(c.status, c.status)} · urgensi "
            f"{urgency.get(c.urgensi, c.urgensi).lower()}",
            reverse("web:kasus", args=[c.pk]), c.batas_waktu, c.batas_waktu < now,
        )  # fmt: skip

    rows = queryset.select_related("kategori", "desa").order_by("batas_waktu", "pk")
    return _split("kasus", "Laporan kasus", reverse("web:kasus_daftar"), counts, rows, user, item)


def referrals(user, scope: Scope, now: datetime) -> Kind | None:
    if scope.role.kode not in policy.roles_for("memutus_rujukan"):
        return None
    queryset = Rujukan.objects.filter(
        status=Rujukan.Status.MENUNGGU, kasus__in=cases_for(user).values("pk")
    )
    path = "kasus__ditugaskan_ke"
    counts = queryset.aggregate(
        **_assigned(user, path),
        terlambat=Count("pk", filter=sla.overdue_referrals(now)),
    )

    def item(r: Rujukan) -> Item:
        limit = sla.referral_limit(r.dirujuk_pada, r.kasus.urgensi)
        return Item(
            f"Rujukan kasus {r.kasus_id}: {r.kasus.kategori.nama}",
            f"ke {r.nama_penerima or r.program_id} · menunggu jawaban penerima",
            reverse("web:kasus", args=[r.kasus_id]), limit, limit < now,
        )  # fmt: skip

    rows = queryset.select_related("kasus__kategori").order_by("dirujuk_pada", "pk")
    url = reverse("web:kasus_daftar") + "?status=dirujuk"
    return _split("rujukan", "Rujukan menunggu jawaban", url, counts, rows, user, item, path)


def grievances(user, scope: Scope, today: date) -> Kind | None:
    if scope.role.kode not in policy.grievance_rules()["peran"]["memverifikasi"]:
        return None
    queryset = grievances_for(user).filter(status="diterima")
    counts = queryset.aggregate(**_assigned(user), terlambat=Count("pk", filter=Q(batas__lt=today)))
    kategori = policy.grievance_rules()["kategori"]

    def item(g) -> Item:
        return Item(
            f"Sanggahan {g.pk}: {kategori.get(g.kategori, g.kategori)}",
            f"{g.wilayah.nama} · {'sanggahan warga · ' if g.asal == 'publik' else ''}"
            "menunggu verifikasi",
            reverse("web:sanggahan", args=[g.pk]), g.batas, g.batas < today,
        )  # fmt: skip

    rows = queryset.select_related("wilayah").order_by("batas", "pk")
    url = reverse("web:sanggahan_daftar")
    return _split("sanggahan", "Sanggahan untuk diverifikasi", url, counts, rows, user, item)


def proposals(user, today: date) -> Kind | None:
    """Proposals to the national registry waiting for the kab/kota verification (the home
    visit), within the user's region, for the roles that verify them; overdue after the
    policy's days (usulan/data/usulan.toml)."""
    if not proposal_access.may(user, proposal_access.VERIFY):
        return None
    queryset = proposal_access.proposals_for(user).filter(status="diusulkan")
    counts = queryset.aggregate(
        jumlah=Count("pk"), terlambat=Count("pk", filter=Q(batas__lt=today))
    )

    def item(u) -> Item:
        return Item(
            f"Usulan {u.pk}: {proposal_policy.label('jenis', u.jenis)}",
            f"{u.wilayah.nama} · {'usulan warga · ' if u.asal == 'publik' else ''}"
            "menunggu verifikasi kab/kota",
            reverse("web:usulan", args=[u.pk]), u.batas, u.batas < today,
        )  # fmt: skip

    rows = queryset.select_related("wilayah").order_by("batas", "pk")
    items = [item(u) for u in rows[:LIMIT]] if counts["jumlah"] else []
    return Kind(
        "usulan", "Usulan untuk diverifikasi", reverse("web:usulan_daftar") + "?status=diusulkan",
        counts["jumlah"], counts["terlambat"],
        [Section("Menunggu verifikasi", counts["jumlah"], items)], penugasan=False,
    )  # fmt: skip


def review_pairs(user) -> Kind | None:
    if not review_access.may_view(user):
        return None
    queryset = review_access.visible_pairs(user)
    counts = queryset.aggregate(**_assigned(user))

    def item(p) -> Item:
        return Item(
            f"Pasangan {p.pk}",
            f"peluang orang yang sama {persen(p.match_probability)}",
            reverse("web:pasangan", args=[p.pk]),
        )  # fmt: skip

    url = reverse("web:penautan")
    return _split("penautan", "Pasangan tinjauan penautan", url, counts, queryset, user, item)


def quarantine(user, scope: Scope) -> Kind | None:
    """Open quarantined rows per batch, as the batch page shows them (impor.quarantine
    ``visible_rows``), counted for every batch in one query."""
    if not may_import(user):
        return None
    batches = {
        b.pk: b
        for b in visible_batches(user)
        .filter(status=ImportBatch.Status.SELESAI, karantina__gt=0)
        .select_related("source")
        .only("pk", "nama_berkas", "diimpor_oleh", "source__jenis", "source__wilayah_id",
              "source__nama")
    }  # fmt: skip
    whole = [pk for pk, b in batches.items() if narrowed_to(scope, source_region(b.source)) is None]
    narrowed = sorted(set(batches) - set(whole))
    rows = QuarantinedRow.objects.filter(status=QuarantinedRow.Status.TERBUKA).filter(
        Q(batch_id__in=whole)
        | (Q(batch_id__in=narrowed) & in_region("kode_wilayah", scope.wilayah))
    )
    if not scope.role.data_anak:
        rows = rows.exclude(tanggal_lahir__gt=children_born_after())
    per_batch = dict(
        rows.order_by().values_list("batch_id").annotate(n=Count("pk")).values_list("batch_id", "n")
    )
    me = user.get_username()
    open_batches = sorted(per_batch, key=lambda pk: (-per_batch[pk], pk))

    def item(pk: int) -> Item:
        b = batches[pk]
        return Item(
            f"Batch {pk}: {b.nama_berkas}",
            f"{angka(per_batch[pk])} baris karantina terbuka · {b.source.nama}",
            reverse("web:batch", args=[pk]),
        )  # fmt: skip

    mine = [pk for pk in open_batches if batches[pk].diimpor_oleh == me]
    others = [pk for pk in open_batches if batches[pk].diimpor_oleh != me]
    return Kind(
        "karantina", "Baris karantina terbuka", reverse("web:impor"),
        sum(per_batch.values()), None,
        [Section("Batch yang saya impor", sum(per_batch[pk] for pk in mine),
                 [item(pk) for pk in mine[:LIMIT]]),
         Section("Batch lain", sum(per_batch[pk] for pk in others),
                 [item(pk) for pk in others[:LIMIT]])],
        penugasan=False,
    )  # fmt: skip


def certificates(user, today: date) -> Kind | None:
    """Certificates of active workers in the region that end within the policy's
    ``segera_habis_hari`` or ended as long ago, not revoked and not renewed (a later
    certificate of the same course ending beyond that)."""
    if not may_change(user):
        return None
    window = timedelta(days=section("pelatihan")["segera_habis_hari"])
    horizon = today + window
    valid = Q(dicabut__isnull=True) | Q(dicabut__gt=today)
    renewed = Sertifikat.objects.filter(
        valid, pilar_id=OuterRef("pilar_id"), pelatihan_id=OuterRef("pelatihan_id"),
        berlaku_sampai__gt=horizon,
    )  # fmt: skip
    workers = regional(user, Pilar.objects.filter(status=NetworkStatus.AKTIF))
    queryset = (
        Sertifikat.objects.filter(
            valid, pilar__in=workers.values("pk"),
            berlaku_sampai__gte=today - window, berlaku_sampai__lte=horizon,
        )
        .exclude(Exists(renewed))
    )  # fmt: skip
    counts = queryset.aggregate(
        jumlah=Count("pk"), terlambat=Count("pk", filter=Q(berlaku_sampai__lt=today))
    )

    def item(s: Sertifikat) -> Item:
        kabkota = name_of(s.pilar.kode_kabkota) or s.pilar.kode_kabkota
        return Item(
            f"Sertifikat {s.nomor}: {s.pelatihan.nama}",
            f"{s.pilar.get_peran_display()} · {kabkota}",
            reverse("web:layanan_pilar_rinci", args=[s.pilar_id]),
            s.berlaku_sampai, s.berlaku_sampai < today,
        )  # fmt: skip

    rows = queryset.select_related("pelatihan", "pilar").order_by("berlaku_sampai", "pk")
    items = [item(s) for s in rows[:LIMIT]] if counts["jumlah"] else []
    return Kind(
        "sertifikat", "Sertifikat pelatihan berakhir", reverse("web:layanan_pelatihan"),
        counts["jumlah"], counts["terlambat"],
        [Section("Segera berakhir atau sudah berakhir", counts["jumlah"], items)],
        penugasan=False,
    )  # fmt: skip


def civil_registry(user, scope: Scope) -> Kind | None:
    """Deaths and births the civil registry reported, waiting for a decision: the roles
    that may change data, each proposal where its person or family is (crvs.access).
    Not assigned to officers: whoever of the region may decide takes the next one."""
    if not scope.role.tulis:
        return None
    waiting = "menunggu"
    deaths = crvs_access.deaths_for(user).filter(status=waiting)
    births = crvs_access.births_for(user).filter(status=waiting)
    counts = {"kematian": deaths.count(), "kelahiran": births.count()}
    url = reverse("web:crvs")

    def item(u, jenis: str) -> Item:
        return Item(
            f"Usulan {jenis} {u.pk}",
            f"dilaporkan catatan sipil · {u.get_padanan_display().lower()}",
            reverse("web:crvs_usulan", args=[jenis, u.pk]),
        )  # fmt: skip

    sections = [
        Section(f"Usulan {jenis}", counts[jenis],
                [item(u, jenis) for u in rows.order_by("diterima_pada", "pk")[:LIMIT]]
                if counts[jenis] else [])
        for jenis, rows in (("kematian", deaths), ("kelahiran", births))
    ]  # fmt: skip
    return Kind("crvs", "Usulan catatan sipil", url, sum(counts.values()), None, sections,
                penugasan=False)  # fmt: skip


def field_visits(user, scope: Scope) -> Kind | None:
    """Field visits waiting for the office's decision, within the user's region, for the
    roles that may change data (lapangan): those in conflict with the office's own change
    since the worker's download first, then those to verify."""
    if not scope.role.tulis:
        return None
    rows = field_review.visits_for(user).filter(verifikasi__in=field_review.OPEN)
    counts = dict(rows.values_list("verifikasi").annotate(n=Count("pk")).order_by())
    url = reverse("web:lapangan_kunjungan")

    def item(v) -> Item:
        if v.verifikasi == field_review.Verifikasi.KONFLIK:
            detail = f"{len(v.konflik)} nilai berbeda dengan perubahan kantor"
        else:
            detail = f"{len(v.berubah)} nilai berubah"
        return Item(f"Kunjungan lapangan {v.pk}", f"{v.household.wilayah.nama} · {detail}",
                    f"{url}?status={v.verifikasi}")  # fmt: skip

    sections = []
    for status, title in (
        (field_review.Verifikasi.KONFLIK, "Konflik"),
        (field_review.Verifikasi.MENUNGGU, "Perlu diverifikasi"),
    ):
        count = counts.get(status, 0)
        listed = (
            rows.filter(verifikasi=status).select_related("household__wilayah")
            .order_by("diterima_pada", "pk")[:LIMIT]
        )  # fmt: skip
        sections.append(Section(title, count, [item(v) for v in listed] if count else []))
    return Kind("lapangan", "Kunjungan lapangan", url, sum(counts.values()), None, sections,
                penugasan=False)  # fmt: skip


def inbox(user, now: datetime | None = None) -> list[Kind]:
    """Every kind of task the user acts on (an empty one too: "nothing waiting" is an
    answer); none for a user without a role and region."""
    scope = scope_of(user)
    if scope is None:
        return []
    now = now or timezone.now()
    today = timezone.localdate(now)
    kinds = [
        cases(user, scope, now),
        referrals(user, scope, now),
        grievances(user, scope, today),
        proposals(user, today),
        review_pairs(user),
        quarantine(user, scope),
        civil_registry(user, scope),
        field_visits(user, scope),
        certificates(user, today),
    ]
    return [k for k in kinds if k is not None]
