"""Program history on the person and family pages: every enrolment, its status changes
and its payment stages, from ``program.queries`` (the record itself is already in the
user's scope when these are called)."""

from __future__ import annotations

from django.db.models import QuerySet

from datusoban.program import rules
from datusoban.program.models import Kepesertaan


def history(enrolments: QuerySet[Kepesertaan], members: dict[int, str] | None = None) -> list[dict]:
    """One row per enrolment, newest first: programme, status, dates, exit reason, who
    received it (the family or one member), the status changes and the payment stages.

    ``members`` (a family page: the members the user may see, id -> name) names the
    member of a personal enrolment and leaves out those of members the user may not
    see (a child's, for a role without ``data_anak``)."""
    rows = []
    for k in enrolments:
        if members is not None and k.person_id is not None and k.person_id not in members:
            continue
        if k.person_id is None:
            penerima = "keluarga"
        else:
            penerima = members[k.person_id] if members is not None else "perorangan"
        stages = sorted(k.tahap.all(), key=lambda t: (t.tahun, t.tahap), reverse=True)
        rows.append(
            {
                "program": k.program.nama,
                "kode": k.program_id,
                "status": k.get_status_display(),
                "mulai": k.mulai,
                "selesai": k.selesai,
                "alasan": rules.reason_label(k.alasan_keluar) if k.alasan_keluar else "",
                "penerima": penerima,
                "riwayat": [
                    {
                        "tanggal": r.tanggal,
                        "dari": r.get_dari_display() if r.dari else "",
                        "ke": r.get_ke_display(),
                        "alasan": rules.reason_label(r.alasan) if r.alasan else "",
                        "oleh": r.oleh,
                    }
                    for r in k.riwayat.all()
                ],
                "tahap": [
                    {
                        "tahun": t.tahun,
                        "tahap": t.tahap,
                        "jatuh_tempo": t.jumlah_jatuh_tempo,
                        "dibayar": t.jumlah_dibayar,
                        "status": t.get_status_display(),
                    }
                    for t in stages
                ],
            }
        )
    return rows
