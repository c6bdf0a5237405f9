"""Preparing a conformance run (`datusoban dci-uji`, dci/uji.py): only on a synthetic or
empty database, the test identifier answered only in conformance-test mode."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from datusoban.accounts.models import ApiToken
from datusoban.dci import uji
from datusoban.registri.models import ImportBatch, Person, Source

from .test_dci_search import answered, request_item, search_body, send

pytestmark = pytest.mark.django_db


def test_the_command_seeds_the_test_person_once_and_a_token_each_time(tmp_path, capsys):
    out = tmp_path / "token"
    call_command("dci-uji", token_file=str(out))
    call_command("dci-uji", token_file=str(out))
    assert Person.objects.filter(nik=uji.NIK).count() == 1
    assert ApiToken.user_for(out.read_text().strip()).username == uji.USERNAME
    assert ApiToken.objects.filter(user__username=uji.USERNAME).count() == 2
    assert out.stat().st_mode & 0o077 == 0  # the token file is the operator's alone
    said = capsys.readouterr().out
    assert "TEST-001" in said and "DATUSOBAN_DCI_UJI=1" in said and out.read_text() not in said


def test_a_database_with_real_imports_is_refused():
    source = Source.objects.create(kode="dtks", nama="DTKS", jenis=Source.Jenis.KEMENSOS)
    ImportBatch.objects.create(source=source, nama_berkas="dtks.csv", sha256="0" * 64,
                               profil="dtks", diimpor_oleh="operator")  # fmt: skip
    with pytest.raises(CommandError, match="hanya untuk basis data sintetis"):
        call_command("dci-uji")
    assert not Person.objects.exists() and not ApiToken.objects.exists()


def test_test_identifiers_find_the_test_person_only_in_conformance_mode(client, settings):
    token = uji.seed().token
    body = search_body(request_item("idtype-value", {"type": "UIN", "value": "TEST-001"}))
    settings.DCI_UJI = False
    (item,) = answered(send(client, "/dci/registry/sync/search", body, token))["message"][
        "search_response"]  # fmt: skip
    assert item["status"] == "rjct" and "16 angka" in item["status_reason_message"]
    settings.DCI_UJI = True
    body["header"]["message_id"] += "-2"
    (item,) = answered(send(client, "/dci/registry/sync/search", body, token))["message"][
        "search_response"]  # fmt: skip
    (record,) = item["data"]["reg_records"]
    assert record["name"]["given_name"] == uji.NAME
