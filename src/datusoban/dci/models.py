"""The transactions other systems sent, so that they can ask their status later
(``/dci/registry/sync/txn/status``). No personal data: identifiers and statuses only."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Transaction(models.Model):
    """One search envelope received: who sent it (the token's user), its ids and, per
    request in the batch, the status it got."""

    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sender_id = models.CharField(max_length=200)
    message_id = models.CharField(max_length=200)
    transaction_id = models.CharField(max_length=99)
    # Ours: unique, handed back in the answer.
    correlation_id = models.CharField(max_length=99, unique=True)
    txn_type = models.CharField(max_length=16, default="search")
    # [{reference_id, timestamp, status, status_reason_code?, status_reason_message?}]
    statuses = models.JSONField(default=list)
    diterima = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "dci_transaction"
        indexes = [
            models.Index(fields=["pengguna", "transaction_id"], name="dci_txn_user_txn"),
            models.Index(fields=["pengguna", "message_id"], name="dci_txn_user_msg"),
        ]

    def __str__(self) -> str:
        return f"{self.sender_id} {self.transaction_id} ({self.correlation_id})"


class Langganan(models.Model):
    """A subscription another system made (``registry/subscribe``): which registry
    changes it wants to hear of, about whom (the filter, as the registry search reads
    it), and where to send them (``notify``). The token's user is who may see what is
    sent: each notification is scoped, masked and audited as that user's read."""

    class Status(models.TextChoices):
        AKTIF = "aktif", "Aktif"
        BERHENTI = "berhenti", "Berhenti"

    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The specification's subscription_code: ours, handed back in on-subscribe.
    kode = models.CharField(max_length=99, unique=True)
    sender_id = models.CharField(max_length=200)
    # Where the subscriber receives on-subscribe (header.sender_uri) and notify.
    sender_uri = models.URLField(max_length=500)
    notify_uri = models.URLField(max_length=500)
    transaction_id = models.CharField(max_length=99)
    reference_id = models.CharField(max_length=99)
    # One of registri.events.KINDS (register, update, death, link, unlink).
    peristiwa = models.CharField(max_length=16)
    # subscribe_criteria as sent (filter_type, filter, notify_record_type, frequency, ...)
    # and the filter read as the registry search's conditions.
    kriteria = models.JSONField(default=dict)
    syarat = models.JSONField(default=dict)
    # Purpose stated in authorize, kept on the audit rows of what is sent.
    tujuan = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AKTIF)
    dibuat = models.DateTimeField(auto_now_add=True)
    # From frequency.start_time / end_time: changes outside it are not sent.
    mulai = models.DateTimeField(null=True, blank=True)
    berakhir = models.DateTimeField(null=True, blank=True)
    berhenti_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "dci_langganan"
        indexes = [
            models.Index(fields=["status", "peristiwa"], name="dci_langganan_aktif"),
            models.Index(fields=["pengguna", "status"], name="dci_langganan_pengguna"),
        ]

    def __str__(self) -> str:
        return f"{self.kode} ({self.sender_id}, {self.peristiwa})"


class Peristiwa(models.Model):
    """One registry change that had subscribers when it committed (registri.events):
    its kind and the people it touched, kept until every subscription to its kind was
    notified. No personal data: person ids only."""

    jenis = models.CharField(max_length=16)
    orang = models.JSONField(default=list)
    terjadi = models.DateTimeField(auto_now_add=True)
    # Set once every subscription to its kind has its notification queued.
    diproses = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "dci_peristiwa"
        indexes = [models.Index(fields=["diproses"], name="dci_peristiwa_antre")]

    def __str__(self) -> str:
        return f"{self.jenis}: {len(self.orang)} orang"
