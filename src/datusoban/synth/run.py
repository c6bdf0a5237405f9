"""One pass over the synthetic population: load each chunk and write the sources."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

from datusoban.synth.config import SynthConfig
from datusoban.synth.output import SynthSummary
from datusoban.synth.plan import make_plan
from datusoban.synth.population import Chunk, generate
from datusoban.synth.sources import write_sources


def run(
    config: SynthConfig, out_dir: Path | None, on_chunk: Callable[[Chunk], None] | None = None
) -> SynthSummary:
    """Generate once; hand each chunk to ``on_chunk`` (e.g. the database loader) and,
    when ``out_dir`` is given, write the source files from the same chunks."""
    started = time.perf_counter()

    def chunks() -> Iterator[Chunk]:
        for chunk in generate(config):
            if on_chunk is not None:
                on_chunk(chunk)
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
