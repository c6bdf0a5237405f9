from django.apps import AppConfig


class PenautanConfig(AppConfig):
    name = "datusoban.penautan"
    label = "linkage"
    verbose_name = "Penautan data"

    def ready(self) -> None:
        # A withdrawn batch's records take back what linkage built on them.
        from datusoban.penautan.withdrawal import unlink_batch
        from datusoban.registri.withdrawal import batch_withdrawing

        batch_withdrawing.connect(unlink_batch, dispatch_uid="linkage.unlink_batch")
