"""Every role of roles.toml × every page with personal data × a record in and out of scope:
the status the scope promises, and nothing in the page the role may not see."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from datusoban.accounts.roles import Role, roles

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

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    name: str
    url: str  # formatted with the People fixture
    subject: str  # rizky (Banjarmasin adult), child (Banjarmasin child), other (Banjarbaru)


CASES = [
    Case("orang", "/orang/{p.rizky.pk}/", "rizky"),
    Case("orang-anak", "/orang/{p.child.pk}/", "child"),
    Case("orang-luar", "/orang/{p.other.pk}/", "other"),
    Case("keluarga", "/keluarga/{p.rizky.household_id}/", "rizky"),
    Case("keluarga-luar", "/keluarga/{p.other.household_id}/", "other"),
    Case("cari", "/cari/?nama=Muhammad+Rizky", "rizky"),
    Case("cari-anak", "/cari/?nik=" + CHILD_NIK, "child"),
    Case("cari-luar", "/cari/?nik=" + OTHER_NIK, "other"),
    Case("dasbor", "/dasbor/", "rizky"),
]
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


@pytest.mark.parametrize("wilayah", SCOPES)
@pytest.mark.parametrize("kode", list(roles()))
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_role_page_and_scope(client, people: People, kode, wilayah, case):
    role = roles()[kode]
    log_in_as(client, kode, wilayah)
    response = client.get(case.url.format(p=people))
    visible = may_see(role, wilayah, case.subject)
    # The NIK the user typed stays in the search box: that is their input, not a finding.
    page = re.sub(r'value="\d{16}"', "", response.content.decode())
    subject = getattr(people, case.subject)
    if case.name.startswith("cari") or case.name == "dasbor":
        assert response.status_code == 200  # a search or summary shows what it may
        link = f'href="/orang/{subject.pk}/"'
        if case.name.startswith("cari"):
            assert (link in page) == visible
    else:
        assert response.status_code == (200 if visible else 404)
    assert leaks(role, wilayah, page) == []
    if case.name == "dasbor":
        assert 'data-kode="63.71"><th' in page  # the user's own kab/kota row
