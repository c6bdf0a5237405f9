from django.apps import AppConfig


def _unlink_batch(sender, **kwargs) -> dict:
    # The receiver's module (with Polars and the golden-record writer) is imported
    # when a batch is withdrawn, not at every command's start-up.
    from datusoban.penautan.withdrawal import unlink_batch

    return unlink_batch(sender, **kwargs)


class PenautanConfig(AppConfig):
    name = "datusoban.penautan"
    label = "linkage"
    verbose_name = "Penautan data"

    def ready(self) -> None:
        # A withdrawn batch's records take back what linkage built on them.
        from datusoban.registri.withdrawal import batch_withdrawing

        batch_withdrawing.connect(_unlink_batch, dispatch_uid="linkage.unlink_batch")
