"""What a file is: its kind by extension, binary content, text encoding and delimiter."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from pathlib import Path

import numpy as np

from datusoban.impor.reading.errors import ReadError

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx"})
ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip archive

_ACCEPTED = "CSV (.csv, .txt, .tsv) atau Excel (.xlsx)"
_RESAVE_AS_XLSX = frozenset({".xls", ".xlsm", ".xlsb", ".ods", ".numbers"})

# Leading bytes of the files operators most often pick by mistake. A .csv that
# starts with one of them is not text, whatever its name says.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (ZIP_MAGIC, "arsip ZIP atau berkas Excel .xlsx"),
    (b"%PDF", "dokumen PDF"),
    (b"\x89PNG", "gambar PNG"),
    (b"\xff\xd8\xff", "gambar JPEG"),
    (b"GIF8", "gambar GIF"),
    (b"\xd0\xcf\x11\xe0", "berkas Excel .xls atau Word lama"),
    (b"\x1f\x8b", "arsip GZIP"),
    (b"Rar!", "arsip RAR"),
    (b"7z\xbc\xaf", "arsip 7z"),
    # Excel's "Unicode Text" export: UTF-16, which is full of NUL bytes.
    (b"\xff\xfe", "teks UTF-16 (Unicode Text)"),
    (b"\xfe\xff", "teks UTF-16 (Unicode Text)"),
)
BINARY_PROBE_BYTES = 64 * 1024

# One well-formed UTF-8 multi-byte sequence (Unicode 15, table 3-7). A legacy
# Windows export never contains one by accident in Indonesian text, so its
# presence means the file is UTF-8 with some bad bytes, not cp1252.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_VALIDATE_CHUNK = 1 << 24  # validate UTF-8 16 MiB at a time: no full-size str copy


def _cp1252_table() -> str:
    # cp1252 leaves 0x81 0x8D 0x8F 0x90 0x9D undefined; Windows itself maps
    # them to the same code points as latin-1, so do that rather than fail.
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return "".join(chars)


_CP1252 = _cp1252_table()

DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "koma", ";": "titik koma", "\t": "tab", "|": "garis tegak"}


def file_kind(path: Path) -> str:
    """ "csv" or "xlsx", by the file's extension; anything else is refused."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    shown = suffix or "tanpa ekstensi"
    advice = f"unggah berkas {_ACCEPTED}"
    if suffix in _RESAVE_AS_XLSX:
        advice = f"buka di Excel lalu simpan ulang sebagai .xlsx, atau {advice}"
    raise ReadError(
        "ekstensi_tidak_didukung",
        f"Berkas {path.name} berjenis {shown} yang tidak didukung; {advice}.",
    )


def refuse_binary(name: str, data: bytes) -> None:
    """Refuse a CSV whose first bytes show it is not text at all."""
    what = next((label for magic, label in _MAGIC if data.startswith(magic)), None)
    if what is None and b"\0" in data[:BINARY_PROBE_BYTES]:
        what = "berisi byte NUL"
    if what is not None:
        raise ReadError(
            "berkas_biner",
            f"Berkas {name} tampaknya bukan teks CSV ({what}); "
            "simpan ulang sebagai CSV UTF-8 atau XLSX.",
        )


def _first_invalid_utf8(data: bytes) -> int | None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for start in range(0, len(data), _VALIDATE_CHUNK):
        pending = len(decoder.getstate()[0])  # bytes carried over from the last chunk
        end = start + _VALIDATE_CHUNK
        try:
            decoder.decode(view[start:end], final=end >= len(data))
        except UnicodeDecodeError as err:
            return start - pending + err.start
    return None


def _has_utf8_multibyte(data: bytes) -> bool:
    # A multi-byte sequence is a run of bytes >= 0x80, so search only those
    # runs (joined by a NUL that breaks any sequence): re on the whole file
    # takes seconds, on the runs of a cp1252 file a few milliseconds.
    array = np.frombuffer(data, dtype=np.uint8)
    high = np.flatnonzero(array >= 0x80)
    breaks = np.flatnonzero(np.diff(high) > 1) + 1
    runs = np.insert(array[high], breaks, 0)
    return _UTF8_MULTIBYTE.search(runs.tobytes()) is not None


def to_utf8(name: str, data: bytes) -> tuple[bytes, str]:
    """The file as UTF-8 bytes (a BOM kept) and the encoding it was written in.

    UTF-8 when every byte decodes; cp1252 (legacy Windows Excel) when no byte
    sequence is UTF-8 at all; a mix of both is refused with the first bad line.
    """
    bad = _first_invalid_utf8(data)
    if bad is None:
        return data, "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    if _has_utf8_multibyte(data):
        line = data.count(b"\n", 0, bad) + 1
        raise ReadError(
            "pengodean_campur",
            f"Berkas {name}: baris {line} berisi karakter yang tidak valid UTF-8 "
            "sementara bagian lain berkas UTF-8; simpan ulang berkas sebagai CSV UTF-8.",
            row=line,
        )
    text, _ = codecs.charmap_decode(data, "strict", _CP1252)
    return text.encode("utf-8"), "cp1252"


class FieldTooLongError(Exception):
    """A field longer than the csv module reads (its field_size_limit, 128 KiB, which is
    also MAX_CELL_BYTES): `line` is where the record holding it starts."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def csv_failure(err: csv.Error, line: int) -> csv.Error:
    """`err` as it is, or FieldTooLongError when the csv module met a field over its limit."""
    if "field larger than field limit" in str(err):
        raise FieldTooLongError(line) from None
    return err


def field_counts(sample: str, delimiter: str) -> list[int]:
    """Fields per non-blank record of `sample`, quotes respected."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    counts: list[int] = []
    before = 0  # the last line of the previous record
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                counts.append(len(row))
            before = reader.line_num
    except csv.Error as err:
        csv_failure(err, before + 1)
        return []
    return counts


def sniff_delimiter(sample: str) -> str:
    """The candidate that most consistently splits the sample's records.

    For each candidate, the most common field count n ≥ 2 and the number of
    records f having it; the score f × (n - 1) counts the delimiters that
    fall into that consistent pattern, so a semicolon file whose numbers use
    a decimal comma, or a comma file with a semicolon inside a quoted
    address, is still recognised. Ties go to the order , ; TAB |. A sample
    no candidate splits is one column: comma.
    """
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        counts = Counter(n for n in field_counts(sample, delimiter) if n >= 2)
        if not counts:
            continue
        fields, often = max(counts.items(), key=lambda item: (item[1], item[0]))
        if often * (fields - 1) > best_score:
            best, best_score = delimiter, often * (fields - 1)
    return best


def delimiter_name(delimiter: str) -> str:
    return _DELIMITER_NAMES.get(delimiter, repr(delimiter))
