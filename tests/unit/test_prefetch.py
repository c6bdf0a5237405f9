"""The worker-thread prefetch keeps order, passes errors on and stops with its consumer."""

from __future__ import annotations

import threading

import pytest

from datusoban.prefetch import prefetched


def test_items_arrive_in_order():
    assert list(prefetched(iter(range(100)))) == list(range(100))


def test_an_error_in_the_producer_is_raised_in_the_consumer_after_the_items_before_it():
    def items():
        yield 1
        yield 2
        raise ValueError("berkas rusak")

    seen = []
    with pytest.raises(ValueError, match="berkas rusak"):
        for item in prefetched(items()):
            seen.append(item)
    assert seen == [1, 2]


def test_a_consumer_that_stops_early_stops_the_producer():
    produced = []

    def items():
        for i in range(1_000):
            produced.append(i)
            yield i

    before = threading.active_count()
    for item in prefetched(items()):
        if item == 3:
            break
    assert threading.active_count() == before  # the worker has ended
    assert len(produced) <= 3 + 3  # at most a couple of items ahead, not all 1,000
