"""A small delivery network over the people of people.py, for the access matrix."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .people import People


@dataclass(frozen=True)
class Network:
    bjm: object  # an LKS in Kota Banjarmasin serving Rizky and the child
    bjb: object  # an LKS in Kota Banjarbaru serving the namesake
    uptd: object  # a UPTD housing all three
    klien: object  # Rizky's place at the Banjarmasin LKS
    klien_anak: object  # the child's
    klien_luar: object  # the namesake's at the Banjarbaru LKS
    warga: object  # Rizky's stay at the UPTD
    pilar_luar: object  # a TKSK in Kota Banjarbaru


def make_network(people: People) -> Network:
    from datusoban.layanan import lembaga, panti
    from datusoban.layanan.models import Lembaga, Pilar

    def institution(jenis: str, wilayah: str, kode: str) -> Lembaga:
        return Lembaga.objects.create(
            jenis=jenis, kode=kode, nama=f"Lembaga {kode}", wilayah_id=wilayah,
            kode_kabkota=wilayah[:5], kode_kecamatan=wilayah[:8], kapasitas=10,
            layanan=["terapi"],
        )  # fmt: skip

    pilar = Pilar.objects.create(
        peran="tksk", nama="Muhammad Rizki", wilayah_id="63.72.02", kode_kabkota="63.72",
        kode_kecamatan="63.72.02",
    )  # fmt: skip
    bjm, bjb = institution("lks", "63.71.01", "LKS-A"), institution("lks", "63.72.02", "LKS-B")
    uptd = institution("uptd", "63.72.02", "UPTD-A")
    clients, stays = [], []
    for person, home in ((people.rizky, bjm), (people.child, bjm), (people.other, bjb)):
        clients.append(lembaga.admit_client(home, person, "terapi", date(2024, 1, 1)))
        stays.append(panti.admit(uptd, person, date(2024, 1, 1)))
    return Network(bjm, bjb, uptd, *clients, stays[0], pilar)
