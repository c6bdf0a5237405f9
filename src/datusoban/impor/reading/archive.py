"""An .xlsx file as a zip archive, checked with the standard library before any reader trusts it.

The archive's directory is checked before zipfile parses it (entry count and
directory size from the end record), then every entry (names unique even
ignoring case, as the reader looks parts up ignoring case; no encryption; a
supported compression; declared sizes and compression ratios within
limits). A part is then read only as a stream of decompressed chunks with a
byte cap, so a size that lies costs nothing: zipfile stops at the declared
size and refuses a part whose checksum or length does not match it.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from datusoban.impor.reading.errors import ReadError, number
from datusoban.impor.reading.limits import (
    MAX_COMPRESSION_RATIO,
    MAX_RATIO_FROM_BYTES,
    MAX_UNCOMPRESSED_BYTES,
    MAX_ZIP_DIRECTORY_BYTES,
    MAX_ZIP_ENTRIES,
)

CHUNK_BYTES = 1 << 20  # decompressed bytes handed on at a time

_END = b"PK\x05\x06"  # end of central directory record
_END_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END = b"PK\x06\x06"
_MAX_COMMENT = 0xFFFF
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_RESAVE = "buka di Excel lalu simpan ulang sebagai .xlsx, atau simpan sebagai CSV UTF-8"


def suspicious(name: str, what: str) -> ReadError:
    """The refusal of an archive built to exhaust the reader (or too odd to be checked)."""
    return ReadError(
        "arsip_mencurigakan",
        f"Berkas {name} ditolak: {what}. Berkas Excel biasa tidak seperti ini; {_RESAVE}.",
    )


def broken(name: str) -> ReadError:
    return ReadError(
        "xlsx_rusak",
        f"Berkas {name} bukan berkas Excel .xlsx yang utuh (rusak, atau berkas jenis lain "
        f"yang diberi ekstensi .xlsx); {_RESAVE}.",
    )


def _directory(path: Path) -> tuple[int, int]:
    """(entries, directory bytes) from the end record, without parsing the directory."""
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        tail_size = min(size, _END_SIZE + _MAX_COMMENT)
        handle.seek(size - tail_size)
        tail = handle.read(tail_size)
        at = tail.rfind(_END)
        if at < 0 or len(tail) - at < _END_SIZE:
            raise broken(path.name)
        _, _, _, _, entries, directory, _, _ = struct.unpack("<4s4H2LH", tail[at : at + _END_SIZE])
        if entries == 0xFFFF or directory == 0xFFFFFFFF:
            # Zip64: the real figures are in the zip64 end record the locator points to.
            locator = tail[at - 20 : at]
            if at < 20 or not locator.startswith(_ZIP64_LOCATOR):
                raise broken(path.name)
            (offset,) = struct.unpack("<Q", locator[8:16])
            handle.seek(offset)
            record = handle.read(56)
            if len(record) < 56 or not record.startswith(_ZIP64_END):
                raise broken(path.name)
            entries, directory = struct.unpack("<QQ", record[32:48])
    return entries, directory


def _key(name: str) -> str:
    # How the reader looks a part up: ignoring ASCII case; "\" and a leading
    # "/" are spelled differently by some writers but name the same part.
    return name.replace("\\", "/").lstrip("/").lower()


class Archive:
    """The checked archive; use as a context manager (it holds the file open)."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        entries, directory = _directory(path)
        if entries > MAX_ZIP_ENTRIES or directory > MAX_ZIP_DIRECTORY_BYTES:
            raise suspicious(
                self.name,
                f"arsipnya berisi {number(entries)} bagian (batas {number(MAX_ZIP_ENTRIES)})",
            )
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise broken(self.name) from None
        try:
            self._parts = self._check_entries(entries)
        except BaseException:
            self._zip.close()
            raise

    def _check_entries(self, declared: int) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        # zipfile parses the directory by its byte size; the reader's zip crate
        # by the end record's entry count. Both must describe the same parts.
        if len(infos) != declared:
            raise suspicious(self.name, "daftar isi arsipnya tidak cocok dengan catatan akhirnya")
        parts: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            key = _key(info.filename)
            if key in parts:
                # Two parts the reader cannot tell apart: which one it reads is
                # not ours to guess, so neither can be checked.
                raise suspicious(self.name, f"bagian {info.filename!r} ada dua kali di arsipnya")
            parts[key] = info
            if info.flag_bits & 0x1:
                raise ReadError(
                    "xlsx_rusak",
                    f"Berkas {self.name} dilindungi kata sandi; buka di Excel, hapus kata "
                    "sandinya, lalu simpan ulang sebagai .xlsx.",
                )
            if info.compress_type not in _COMPRESSIONS:
                raise suspicious(
                    self.name,
                    f"bagian {info.filename!r} dimampatkan dengan cara yang tidak dikenal",
                )
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size >= MAX_RATIO_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
                raise suspicious(
                    self.name,
                    f"bagian {info.filename!r} mengembang {number(ratio)} kali saat dibuka "
                    f"(berkas Excel biasa paling banyak sekitar 30 kali; batas "
                    f"{MAX_COMPRESSION_RATIO}), ciri berkas bom zip",
                )
        if total > MAX_UNCOMPRESSED_BYTES:
            raise suspicious(
                self.name,
                f"isinya {number(total / 2**30, 1)} GiB setelah dibuka, melebihi batas "
                f"{number(MAX_UNCOMPRESSED_BYTES / 2**30)} GiB",
            )
        return parts

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._zip.close()

    def find(self, name: str) -> zipfile.ZipInfo | None:
        """The part the reader would open for `name` (ASCII case ignored), if any."""
        return self._parts.get(_key(name))

    def chunks(self, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
        """The part decompressed, CHUNK_BYTES at a time; refused past `limit` bytes.

        zipfile stops at the size the directory declares and checks the CRC at
        the end, so a part larger than declared fails as a broken file.
        """
        if info.file_size > limit:
            raise suspicious(
                self.name,
                f"bagian {info.filename!r} berukuran {number(info.file_size / 2**20)} MiB setelah "
                f"dibuka, melebihi batas {number(limit / 2**20)} MiB",
            )
        seen = 0
        try:
            with self._zip.open(info) as part:
                while chunk := part.read(CHUNK_BYTES):
                    seen += len(chunk)
                    if seen > limit:
                        raise suspicious(
                            self.name, f"bagian {info.filename!r} lebih besar dari yang dicatat"
                        )
                    yield chunk
        except zipfile.BadZipFile as err:
            if "CRC" in str(err):
                # More (or other) bytes than the directory declared: what one
                # reader reads is not what another checked.
                raise suspicious(
                    self.name, f"isi bagian {info.filename!r} tidak cocok dengan yang dicatat"
                ) from None
            raise broken(self.name) from None
        except (zlib.error, EOFError, OSError):
            raise broken(self.name) from None
