"""The shared-strings part scanned before the reader loads it: how many texts, how long.

Two ways, one answer, as ``xml_scan`` tells and as for a worksheet: numpy over byte windows for
the usual files, expat for anything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from datusoban.impor.reading.xml_scan import (
    ENDS_NAME,
    SLASH,
    NotCanonicalError,
    expat,
    prefixed,
    refuse_declarations,
    windows,
)

_SST_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*:)?sst[\s>/]")


@dataclass
class SharedStrings:
    """The workbook's unique texts: how many, and how long each one is (in bytes of XML text).

    ``short[i]`` is string i's length, 255 meaning 255 or more, with the exact
    length of those in ``long_index`` / ``long_bytes``. When some ``<si>`` is
    one the reader skips (no text in it), numbers no longer line up and every
    reference is charged the longest string (``exact`` False).
    """

    count: int = 0
    text_bytes: int = 0
    longest: int = 0
    exact: bool = True
    short: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint8))
    long_index: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    long_bytes: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def bytes_of(self, index: np.ndarray) -> int:
        """Text bytes of the strings numbered `index` (one entry per referring cell)."""
        index = index[(index >= 0) & (index < self.count)]
        if index.size == 0:
            return 0
        if not self.exact:
            return int(index.size) * self.longest
        total = int(self.short[index].sum(dtype=np.int64))
        if self.long_index.size:
            at = np.searchsorted(self.long_index, index)
            at[at >= self.long_index.size] = 0
            hit = self.long_index[at] == index
            total += int((self.long_bytes[at[hit]] - 255).sum())
        return total


class _StringsBuilder:
    def __init__(self, check: Callable[[int], None]) -> None:
        self.check = check
        self.short: list[np.ndarray] = []
        self.long_index: list[np.ndarray] = []
        self.long_bytes: list[np.ndarray] = []
        self.count = 0
        self.text = 0
        self.longest = 0
        self.exact = True

    def add(self, lengths: np.ndarray) -> None:
        if lengths.size == 0:
            return
        lengths = np.maximum(lengths, 0)
        self.short.append(np.minimum(lengths, 255).astype(np.uint8))
        long = np.flatnonzero(lengths >= 255)
        if long.size:
            self.long_index.append(long.astype(np.int64) + self.count)
            self.long_bytes.append(lengths[long].astype(np.int64))
        self.count += int(lengths.size)
        self.text += int(lengths.sum())
        self.longest = max(self.longest, int(lengths.max()))
        self.check(self.count)

    def result(self) -> SharedStrings:
        def joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
            return np.concatenate(parts) if parts else np.zeros(0, dtype)

        return SharedStrings(
            count=self.count,
            text_bytes=self.text,
            longest=self.longest,
            exact=self.exact,
            short=joined(self.short, np.uint8),
            long_index=joined(self.long_index, np.int64),
            long_bytes=joined(self.long_bytes, np.int64),
        )


def scan_shared_strings(
    chunks: Callable[[], Iterator[bytes]], check: Callable[[int], None], *, exact: bool = False
) -> SharedStrings:
    """The shared-strings part. `chunks` gives the part's bytes (called again to start over);
    `check(count)` runs as strings are counted, to refuse early. `exact`: with expat only."""
    if not exact:
        try:
            return _fast_strings(chunks(), check)
        except NotCanonicalError:
            pass
    return _expat_strings(chunks(), check)


def _fast_strings(chunks: Iterator[bytes], check: Callable[[int], None]) -> SharedStrings:
    built = _StringsBuilder(check)
    pending: tuple[int, bool] | None = (
        None  # the last <si> (absolute start, holds text): its end comes later
    )
    offset = 0  # absolute position of the window's first byte
    for _, array, tags in windows(chunks, _SST_ROOT):
        refuse_declarations(array, tags)
        if prefixed(array, tags, b"srt"):
            raise NotCanonicalError
        cur = tags[:-1]
        n1, n2, n3 = (array[cur + i] for i in (1, 2, 3))
        opens = (n1 == ord("s")) & (n2 == ord("i"))
        if (opens & ~ENDS_NAME[n3]).any():
            raise NotCanonicalError
        if ((n1 == ord("r")) & (n2 == ord("P")) & (n3 == ord("h"))).any():
            built.exact = False  # phonetic runs: text the reader leaves out
        texty = ((n1 == ord("t")) | (n1 == ord("r"))) & ENDS_NAME[n2] & (n2 != SLASH)
        starts = cur[opens] + offset
        # Each text tag belongs to the last <si> before it; a <si> with none is
        # one the reader skips, and the numbers after it no longer line up.
        owner = np.searchsorted(starts, cur[texty] + offset, side="right") - 1
        if pending is not None and (owner < 0).any():
            pending = (pending[0], True)
        if starts.size:
            holds = np.zeros(starts.size, bool)
            holds[owner[owner >= 0]] = True
            if pending is not None:
                starts = np.concatenate(([pending[0]], starts))
                holds = np.concatenate(([pending[1]], holds))
            # An element's length runs to the next one's start; 16 bytes are
            # the tags of the shortest form, <si><t>...</t></si>.
            built.add(np.diff(starts) - 16)
            if not holds[:-1].all():
                built.exact = False
            pending = (int(starts[-1]), bool(holds[-1]))
        offset += int(tags[-1])
    if pending is not None:
        if not pending[1]:
            built.exact = False
        built.add(np.array([offset - pending[0] - 16]))
    return built.result()


def _expat_strings(chunks: Iterator[bytes], check: Callable[[int], None]) -> SharedStrings:
    built = _StringsBuilder(check)
    state = {"in_si": False, "phonetic": 0, "in_t": False, "text": 0, "has": False}
    lengths: list[int] = []

    def start(name: str, attrs: dict) -> None:
        local = name.rpartition(":")[2]
        if local == "si":
            state.update(in_si=True, text=0, has=False)
        elif local == "rPh":
            state["phonetic"] += 1
        elif local == "r" and state["in_si"]:
            state["has"] = True
        elif local == "t" and state["in_si"] and not state["phonetic"]:
            state.update(in_t=True, has=True)

    def end(name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "si":
            state["in_si"] = False
            if state["has"]:
                lengths.append(state["text"])
                if len(lengths) >= 65536:
                    built.add(np.array(lengths))
                    lengths.clear()
        elif local == "rPh":
            state["phonetic"] -= 1
        elif local == "t":
            state["in_t"] = False

    def text(data: str) -> None:
        if state["in_t"]:
            state["text"] += len(data.encode("utf-8"))

    expat(chunks, start, end, text)
    built.add(np.array(lengths))
    return built.result()
