from django.apps import AppConfig


def _keep_visit_batches(sender, batch, **kwargs) -> dict:
    """Receiver of registry.withdrawal.batch_withdrawing: a field visit's batch is refused."""
    from datusoban.lapangan.source import SOURCE
    from datusoban.registri.withdrawal import WithdrawalRefusedError

    if batch.source.kode == SOURCE:
        # Withdrawing it would remove the records but leave the household's values and
        # the members' statuses the visit wrote: undoing cannot be exact.
        raise WithdrawalRefusedError(
            "Batch ini adalah kunjungan lapangan yang sudah diterima kantor: nilai keluarga dan "
            "status anggota yang diterapkannya tidak dapat ditarik kembali secara tepat. "
            "Perbaiki dengan kunjungan lapangan baru atau sanggahan."
        )
    return {}


class LapanganConfig(AppConfig):
    name = "datusoban.lapangan"
    label = "lapangan"
    verbose_name = "Aplikasi lapangan (verivali)"

    def ready(self) -> None:
        from datusoban.registri.withdrawal import batch_withdrawing

        batch_withdrawing.connect(_keep_visit_batches, dispatch_uid="lapangan.keep_visit_batches")
