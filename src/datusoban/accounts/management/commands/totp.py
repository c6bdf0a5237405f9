"""datusoban totp enroll|confirm|remove: the optional second factor (TOTP) of a user."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Verifikasi dua langkah (TOTP) seorang pengguna: daftarkan, konfirmasi, hapus."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        enroll = sub.add_parser("enroll", help="buat perangkat baru; tampilkan alamat otpauth")
        enroll.add_argument("username")
        confirm = sub.add_parser("confirm", help="aktifkan dengan satu kode dari aplikasi")
        confirm.add_argument("username")
        confirm.add_argument("code")
        remove = sub.add_parser("remove", help="hapus verifikasi dua langkah pengguna")
        remove.add_argument("username")

    def handle(self, *args, **opts) -> None:
        user = get_user_model().objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"Pengguna '{opts['username']}' tidak ditemukan.")
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=None)
        if opts["action"] == "enroll":
            devices.filter(confirmed=False).delete()
            device = TOTPDevice.objects.create(user=user, name="autentikator", confirmed=False)
            self.stdout.write(device.config_url)
            self.stderr.write(
                "Masukkan alamat di atas ke aplikasi autentikator (atau buat kode QR "
                f"darinya), lalu: datusoban totp confirm {user.username} KODE"
            )
        elif opts["action"] == "confirm":
            device = devices.filter(confirmed=False).order_by("-pk").first()
            if device is None:
                raise CommandError("Belum ada pendaftaran yang menunggu: jalankan totp enroll.")
            if not device.verify_token(opts["code"]):
                raise CommandError("Kode salah; periksa jam perangkat dan coba kode berikutnya.")
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            self.stdout.write(f"Verifikasi dua langkah aktif untuk {user.username}.")
        else:
            removed, _ = devices.delete()
            self.stdout.write(f"{removed} perangkat verifikasi {user.username} dihapus.")
