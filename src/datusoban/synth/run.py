"""One pass over the synthetic population: load each chunk and write the sources."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from datusoban.prefetch import prefetched
from datusoban.synth.config import SynthConfig
from datusoban.synth.output import SynthSummary
from datusoban.synth.plan import make_plan
from datusoban.synth.population import Chunk, generate
from datusoban.synth.sources import write_sources


def run(
    config: SynthConfig,
    out_dir: Path | None,
    on_chunk: Callable[[Any], None] | None = None,
    prepare: Callable[[Chunk], Any] | None = None,
) -> SynthSummary:
    """Generate once; hand each chunk to ``on_chunk`` (e.g. the database loader) and,
    when ``out_dir`` is given, write the source files from the same chunks.

    With ``prepare``, ``on_chunk`` receives ``prepare(chunk)`` instead of the chunk,
    and generation and preparation of the next chunk run in a worker thread while
    ``on_chunk`` handles the current one (``prepare`` must not touch the database).
    """
    started = time.perf_counter()

    def produced() -> Iterator[tuple[Chunk, Any]]:
        for chunk in generate(config):
            yield chunk, (prepare(chunk) if prepare is not None else chunk)

    def chunks() -> Iterator[Chunk]:
        items = prefetched(produced()) if prepare is not None else produced()
        for chunk, payload in items:
            if on_chunk is not None:
                on_chunk(payload)
            yield chunk

    if out_dir is not None:
        summary = write_sources(config, chunks(), Path(out_dir))
    else:
        plan = make_plan(config)
        summary = SynthSummary(pendamping=plan.n_pendamping, lks=plan.n_lks, uptd=len(plan.uptd))
        for chunk in chunks():
            summary.add_chunk(chunk)
    summary.seconds = time.perf_counter() - started
    return summary
