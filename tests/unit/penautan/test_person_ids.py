"""Clusters from linked pairs, and person ids that depend only on who is in a cluster."""

from __future__ import annotations

import polars as pl

from datusoban.penautan.person_ids import assign_person_ids, components


def test_components_follow_chains_of_any_length():
    ids = pl.Series("unique_id", range(8), dtype=pl.Int64)
    # 7-6-5-4-3 is a chain written backwards; 0-1 a pair; 2 alone.
    edges = pl.DataFrame({"unique_id_l": [6, 5, 4, 3, 0], "unique_id_r": [7, 6, 5, 4, 1]}).cast(
        pl.Int64
    )
    found = dict(components(ids, edges).iter_rows())
    assert found == {0: 0, 1: 0, 2: 2, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3}


def test_person_ids_are_numbered_by_each_cluster_s_first_record():
    features = pl.DataFrame(
        {
            "unique_id": [0, 1, 2, 3],
            "source": ["min", "min", "min", "dtks"],
            "record_id": ["1", "2", "3", "9"],
        }
    ).with_columns(pl.col("unique_id").cast(pl.Int64))
    pairs = pl.DataFrame(
        {
            "unique_id_l": [1],
            "unique_id_r": [3],
            "match_probability": [0.97],
            "status": ["link"],
        }
    ).with_columns(pl.col("unique_id_l", "unique_id_r").cast(pl.Int64))
    out = assign_person_ids(features, pairs)
    assert out.rows() == [
        ("min", "1", "P0000002", 1, None),
        ("min", "2", "P0000001", 2, 0.97),  # with dtks/9, the first record overall
        ("min", "3", "P0000003", 1, None),
        ("dtks", "9", "P0000001", 2, 0.97),
    ]
