"""The worker's own open cases in the download: the cases assigned to them or that they
reported, not yet closed, within the one case scope (``kasus.access.cases_for``: region,
a role that sees only its own, children's and health categories), each with its
referrals. Read on the phone where there is no signal; the people named are returned
for the download's audit row."""

from __future__ import annotations

from django.db.models import Q

from datusoban.kasus import policy
from datusoban.kasus.access import cases_for
from datusoban.kasus.models import Rujukan

# The most cases a phone carries: the oldest deadlines first.
LIMIT = 200
CLOSED = "ditutup"


def open_cases(user) -> tuple[list[dict], list[tuple[str, str | None]]]:
    """The worker's open cases as JSON-ready data, and the (person id, NIK) of each
    registry person they name, for the audit trail."""
    rows = (
        cases_for(user)
        .filter(Q(ditugaskan_ke=user) | Q(pelapor=user))
        .exclude(status=CLOSED)
        .select_related("kategori", "desa", "person")
        .order_by("batas_waktu", "pk")[:LIMIT]
    )
    cases = list(rows)
    referrals: dict[int, list[dict]] = {}
    labels = dict(Rujukan.Status.choices)
    for r in Rujukan.objects.filter(kasus__in=[c.pk for c in cases]).order_by("dirujuk_pada"):
        referrals.setdefault(r.kasus_id, []).append(
            {"penerima": r.nama_penerima or r.program_id or "", "status": labels[r.status],
             "dirujuk_pada": r.dirujuk_pada.isoformat()}
        )  # fmt: skip
    status, urgency = dict(policy.status_choices()), dict(policy.urgency_choices())
    shown = [
        {
            "id": c.pk,
            "kategori": c.kategori.nama,
            "desa": c.desa.nama,
            "nama": c.person.nama if c.person_id else c.nama_orang,
            "status": status.get(c.status, c.status),
            "urgensi": urgency.get(c.urgensi, c.urgensi),
            "batas_waktu": c.batas_waktu.isoformat(),
            "uraian": c.uraian,
            "rujukan": referrals.get(c.pk, []),
        }
        for c in cases
    ]
    subjects = [(str(c.person_id), c.person.nik) for c in cases if c.person_id]
    return shown, subjects
