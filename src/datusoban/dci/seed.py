"""The subscription a conformance run expects to find (OpenSPP's ``spdci-compliance``
suite unsubscribes ``sub-test-001``): made, or made active again, for the user whose
token the run uses, so that each run's first unsubscribe finds it active. Only for a
test registry (the conformance set-up calls it beside the test person it seeds)."""

from __future__ import annotations

from django.db import transaction

from datusoban.dci.models import Langganan
from datusoban.dci.subscriptions import REG_TYPE, notify_address
from datusoban.registri import events

TEST_CODE = "sub-test-001"


def seeded_subscription(
    user, sender_uri: str, *, nik: str | None = None, code: str = TEST_CODE
) -> Langganan:
    """Subscription ``code`` of ``user``, active: to registrations of the person with
    ``nik``, or of anyone in Kalimantan Selatan without one. For a conformance run leave
    ``nik`` out: the suite subscribes to its test person itself, and a second subscription
    like an active one is refused as already made."""
    if nik:
        wanted = {"filter_type": "idtype-value", "filter": {"type": "NIK", "value": nik}}
        conditions = {"nik": nik}
    else:
        wanted = {
            "filter_type": "predicate",
            "filter": [{"seq_num": 1, "expression1": {
                "attribute_name": "location", "operator": "eq", "attribute_value": "63"}}],
        }  # fmt: skip
        conditions = {"kode_wilayah": "63"}
    kriteria = {"reg_type": REG_TYPE, "reg_event_type": "REGISTER",
                "notify_record_type": "SRPerson", **wanted}  # fmt: skip
    with transaction.atomic():
        subscription, _ = Langganan.objects.update_or_create(
            kode=code,
            defaults={
                "pengguna": user, "sender_id": "spdci-compliance", "sender_uri": sender_uri,
                "notify_uri": notify_address(sender_uri), "transaction_id": "uji-kesesuaian",
                "reference_id": "uji-kesesuaian", "peristiwa": events.REGISTER,
                "kriteria": kriteria, "syarat": conditions,
                "status": Langganan.Status.AKTIF, "berhenti_pada": None,
            },
        )  # fmt: skip
    return subscription
