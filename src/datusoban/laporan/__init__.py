"""Reports (laporan): the dashboard and the per-kab/kota summaries, aggregates only."""
