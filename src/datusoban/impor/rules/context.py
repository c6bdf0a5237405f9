"""What the rules are checked against: the reference date and the region lists."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from datusoban.reference import wilayah

_KABKOTA = re.compile(r"\d{2}\.\d{2}")


@cache
def _region_codes() -> frozenset[str]:
    return frozenset(wilayah.all_codes())


@dataclass(frozen=True)
class RuleContext:
    """`as_of` fixes ages, 'in the future' and the century of NIK/KK years.

    `region_codes` holds every dotted Kemendagri code ("63.71.01.1001",
    "63.71.01", "63.71", "63"); `nik_regions` the 6-digit kecamatan codes a
    NIK or No KK starts with ("637101"). `source_kabkota` ("63.71"), for a file
    sent by a kab/kota office, confines the rows' region codes to it.
    `extra_fields` are the profile's own fields beside the canonical ones (desil,
    layanan, ...), held to the length limit of limits.toml's "lain".
    """

    as_of: date
    region_codes: frozenset[str]
    nik_regions: frozenset[str]
    source_kabkota: str | None = None
    extra_fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.source_kabkota is not None and not _KABKOTA.fullmatch(self.source_kabkota):
            raise ValueError(
                f"source_kabkota must be a dotted kab/kota code like '63.71', "
                f"got {self.source_kabkota!r}"
            )

    @classmethod
    def default(
        cls, as_of: date, source_kabkota: str | None = None, extra_fields: tuple[str, ...] = ()
    ) -> RuleContext:
        """The context built from the shipped Kemendagri region list."""
        return cls(
            as_of=as_of,
            region_codes=_region_codes(),
            nik_regions=wilayah.nik_region_codes(),
            source_kabkota=source_kabkota,
            extra_fields=extra_fields,
        )
