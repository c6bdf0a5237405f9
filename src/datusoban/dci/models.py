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
