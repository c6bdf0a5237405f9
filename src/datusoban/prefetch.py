"""Run a producer one step ahead in a worker thread, so two cores share the work.

Bulk paths alternate CPU work in polars (generate a synthetic chunk, validate
a slice of an imported file) with database writes (mostly spent in SQLite's C
code or the PostgreSQL server, both outside the GIL). Producing the next item
while the current one is written overlaps the two. The queue holds at most
``depth`` finished items, which bounds memory to a few of them.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


def prefetched(items: Iterable[T], depth: int = 1) -> Iterator[T]:
    """Iterate ``items``, producing each next item in a worker thread meanwhile.

    An exception in the producer is raised in the consumer; if the consumer
    stops early, the producer stops at its next item.
    """
    box: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                box.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((item, None)):
                    return
            put((_DONE, None))
        except BaseException as exc:  # handed to the consumer, raised there
            put((_DONE, exc))

    worker = threading.Thread(target=produce, name="prefetch", daemon=True)
    worker.start()
    try:
        while True:
            item, error = box.get()
            if error is not None:
                raise error
            if item is _DONE:
                return
            yield item
    finally:
        stop.set()
        worker.join()
