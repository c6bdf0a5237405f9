"""The same model on every engine gives the same clusters (docs/INTERCHANGE.md "Engines").

Spark runs when pyspark (the `spark` extra, installed by the test command) and
Java are there. Elsewhere the Spark case is skipped with the reason; under
CI=true a missing Spark fails instead. Marked `spark`: `-m "not spark"` leaves
it out of a quick local run.
"""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest
from tests.unit.penautan.conftest import records
from tests.unit.penautan.test_hard_cases import APART, FAMILY, SAME

from datusoban.penautan import link_records

SPARK_MISSING = importlib.util.find_spec("pyspark") is None or shutil.which("java") is None


def _all_cases() -> list[dict[str, str]]:
    """Every hard case in one input, each pair under its own record ids."""
    rows = list(FAMILY)
    for n, case in enumerate([*SAME, *APART]):
        for row in case.values:
            rows.append({**row, "record_id": f"{row['record_id']}{n}"})
    return rows


def _spark_or_skip() -> None:
    if SPARK_MISSING:
        message = "pyspark (the spark extra) or Java is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must run the Spark tests")
        pytest.skip(message)


@pytest.fixture(scope="module")
def spark_run(tmp_path_factory):
    """One Spark run over every hard case, its work in a shared work directory as on a
    cluster: starting Spark costs half a minute of CPU, so the tests share the run.
    Yields the result and what the work directory held after it."""
    _spark_or_skip()
    work = tmp_path_factory.mktemp("spark-work")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATUSOBAN_SPARK_WORK_DIR", f"file://{work}")
        # The JVM's quick compiler only, and one Spark thread (the test worker beside it
        # has the other core): a run over a few dozen records never repays the optimising
        # compiler or a second thread. 48 s of CPU before, 23 s now.
        patch.setenv("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1")
        result = link_records(records(_all_cases()), engine="spark", threads=1)
    return result, list(work.iterdir())


@pytest.mark.spark
def test_spark_gives_the_same_clusters_as_duckdb(spark_run):
    spark, _ = spark_run
    duck = link_records(records(_all_cases()), engine="duckdb")
    assert spark.clusters.equals(duck.clusters)
    columns = ["record_id_l", "record_id_r", "status", "level_nama", "level_nik", "level_tgl"]
    assert spark.pairs.select(columns).equals(duck.pairs.select(columns))


def test_a_cluster_without_a_shared_work_dir_is_refused_before_spark_starts(monkeypatch):
    from datusoban.penautan.errors import LinkInputError

    monkeypatch.setenv("DATUSOBAN_SPARK_MASTER", "spark://tidak-ada:7077")
    monkeypatch.delenv("DATUSOBAN_SPARK_WORK_DIR", raising=False)
    if SPARK_MISSING:
        pytest.skip("pyspark (the spark extra) or Java is not installed")
    with pytest.raises(LinkInputError, match="DATUSOBAN_SPARK_WORK_DIR"):
        link_records(records(list(FAMILY)), engine="spark")


@pytest.mark.spark
def test_a_shared_work_dir_holds_the_run_and_is_emptied_after_it(spark_run):
    result, left_behind = spark_run
    assert result.clusters.height == len(_all_cases())
    assert left_behind == []  # nothing of the run is left behind
