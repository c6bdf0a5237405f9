"""From linked pairs to clusters and stable, engine-independent person ids.

Clusters are the connected components of the pairs at or above the match
threshold. A component is found with a few rounds of min-label propagation
in Polars (set-based; the rounds grow with the longest chain, not with the
records). The id a cluster gets depends only on its members: clusters are
numbered in the order of their smallest (source, record_id), so the same
input gives the same ids on every engine.
"""

from __future__ import annotations

import polars as pl

from datusoban.penautan.columns import RECORD_ID, SOURCE, UNIQUE_ID


def components(ids: pl.Series, edges: pl.DataFrame) -> pl.DataFrame:
    """Connected components: `unique_id` -> `component` (the smallest id in it)."""
    label = pl.DataFrame({UNIQUE_ID: ids, "component": ids})
    both = pl.concat(
        [
            edges.select(a="unique_id_l", b="unique_id_r"),
            edges.select(a="unique_id_r", b="unique_id_l"),
        ]
    )
    while True:
        proposed = (
            both.join(label, left_on="b", right_on=UNIQUE_ID)
            .group_by("a")
            .agg(pl.col("component").min().alias("proposed"))
        )
        updated = label.join(
            proposed, left_on=UNIQUE_ID, right_on="a", how="left", maintain_order="left"
        ).select(UNIQUE_ID, pl.min_horizontal("component", "proposed").alias("component"))
        # Jump: a record takes its component's component (pointer doubling),
        # so long chains need log(length) rounds, not length.
        updated = updated.join(
            updated.rename({UNIQUE_ID: "c", "component": "cc"}),
            left_on="component",
            right_on="c",
            how="left",
            maintain_order="left",
        ).select(UNIQUE_ID, pl.min_horizontal("component", "cc").alias("component"))
        if updated["component"].equals(label["component"]):
            return updated
        label = updated


def assign_person_ids(features: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
    """One row per record, in input order: source, record_id, person_id, size, probability."""
    links = pairs.filter(pl.col("status") == "link")
    comp = components(features[UNIQUE_ID], links)
    strongest = (
        pl.concat(
            [
                links.select(pl.col("unique_id_l").alias(UNIQUE_ID), "match_probability"),
                links.select(pl.col("unique_id_r").alias(UNIQUE_ID), "match_probability"),
            ]
        )
        .group_by(UNIQUE_ID)
        .agg(pl.col("match_probability").max().alias("link_probability"))
    )
    frame = (
        features.select(UNIQUE_ID, SOURCE, RECORD_ID)
        .join(comp, on=UNIQUE_ID, how="left", maintain_order="left")
        .join(strongest, on=UNIQUE_ID, how="left", maintain_order="left")
    )
    # Joined with the unit separator (below every printable character), the
    # text sorts exactly as the pair (source, record_id) does.
    key = pl.concat_str([pl.col(SOURCE), pl.col(RECORD_ID)], separator="\x1f")
    first = (
        frame.group_by("component")
        .agg(key.min().alias("first"), pl.len().alias("cluster_size"))
        .sort("first")
        .with_row_index("n", offset=1)
    )
    width = max(7, len(str(first.height)))
    first = first.with_columns(
        ("P" + pl.col("n").cast(pl.Utf8).str.zfill(width)).alias("person_id")
    )
    return frame.join(
        first.select("component", "person_id", "cluster_size"), on="component", how="left",
        maintain_order="left",
    ).select(SOURCE, RECORD_ID, "person_id", pl.col("cluster_size").cast(pl.Int64),
             pl.col("link_probability").round(6))  # fmt: skip
