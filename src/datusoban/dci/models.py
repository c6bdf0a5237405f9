"""The transactions other systems sent, so that they can ask their status later
(``/dci/registry/sync/txn/status``), the callbacks this registry sends them, their
subscriptions and the registry changes waiting to be notified. No personal data kept:
identifiers and statuses only (person ids, a subscription's filter as sent), an
asynchronous request's criteria and a callback's body only until they have been acted on."""

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
    # Asynchronous (registry/search, registry/txn/status): where the answer goes, the
    # request until it has been answered (then cleared), and the transaction's status:
    # pdng while it waits, then succ or rjct as the specification's RequestStatus.
    asynchronous = models.BooleanField(default=False)
    sender_uri = models.CharField(max_length=2000, blank=True)
    request = models.JSONField(null=True, blank=True)
    status = models.CharField(max_length=4, default="succ")

    class Meta:
        db_table = "dci_transaction"
        indexes = [
            models.Index(fields=["pengguna", "transaction_id"], name="dci_txn_user_txn"),
            models.Index(fields=["pengguna", "message_id"], name="dci_txn_user_msg"),
        ]

    def __str__(self) -> str:
        return f"{self.sender_id} {self.transaction_id} ({self.correlation_id})"


class Callback(models.Model):
    """One envelope to post to another system (delivery.py): kept until it is delivered
    or given up, then without its body, as the record of what was sent to whom."""

    PENDING, SENT, FAILED = "pending", "sent", "failed"
    STATUSES = [(PENDING, "menunggu"), (SENT, "terkirim"), (FAILED, "gagal")]

    # The user whose request it answers (their token's).
    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    uri = models.CharField(max_length=2000)
    action = models.CharField(max_length=32)
    correlation_id = models.CharField(max_length=99, blank=True, db_index=True)
    # The envelope (signature, header, message); None once delivered or given up.
    body = models.JSONField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=STATUSES, default=PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "dci_callback"
        indexes = [models.Index(fields=["status", "next_attempt"], name="dci_callback_due")]

    def __str__(self) -> str:
        return f"{self.action} → {self.uri} ({self.status})"


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
