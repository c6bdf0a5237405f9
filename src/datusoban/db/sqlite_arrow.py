"""One SELECT on a SQLite file through the ADBC SQLite driver, in a process of its own.

Run by ``db.reading`` as ``python -P sqlite_arrow.py``: reads a JSON request on
standard input (``path``, ``sql`` with ``?`` placeholders, ``params``,
``batch_rows``) and writes the rows to standard output as an Arrow IPC stream,
batch by batch as the driver makes them; on an error, says why on standard error
and exits with 1. Imports neither Django nor the rest of the project.

Why a process of its own: the driver links its own copy of SQLite. Two copies in
one process do not see each other's POSIX locks (locks of one process never
conflict), so the copy that closes last believes it is alone, checkpoints the WAL
and deletes it under the other copy's open connections: a writer there then
commits into a deleted file, and the next connection fails with "disk I/O error".
In another process the locks hold as between any two SQLite users.
"""

from __future__ import annotations

import importlib.abc
import json
import sys
from pathlib import Path
from urllib.parse import quote


def read(request: dict, out) -> None:
    """Run ``request`` and write its rows to the binary stream ``out``."""
    # The driver's own API, not its DB-API layer: that one takes longer to import
    # than this whole process takes for a small table.
    import adbc_driver_manager as adbc
    import adbc_driver_sqlite
    import pyarrow as pa

    # Read-only: this connection never checkpoints or deletes the WAL on close.
    uri = "file:" + quote(str(Path(request["path"]).resolve())) + "?mode=ro"
    batch_rows = {adbc_driver_sqlite.StatementOptions.BATCH_ROWS.value: str(request["batch_rows"])}
    params = request["params"]
    with (
        adbc_driver_sqlite.connect(uri) as database,
        adbc.AdbcConnection(database) as connection,
        adbc.AdbcStatement(connection) as statement,
    ):
        statement.set_options(**batch_rows)
        statement.set_sql_query(request["sql"])
        if params:
            # One row of parameters; a NULL needs a type SQLite can bind.
            columns = [pa.array([v], type=pa.int64() if v is None else None) for v in params]
            statement.bind(pa.record_batch(columns, names=[f"p{i}" for i in range(len(params))]))
        stream, _ = statement.execute_query()
        batches = pa.RecordBatchReader.from_stream(stream)
        with batches, pa.ipc.new_stream(out, batches.schema) as writer:
            for batch in batches:
                writer.write_batch(batch)


class _WithoutPandas(importlib.abc.MetaPathFinder):
    """pyarrow imports pandas, when it is installed, the first time it turns Python values
    into an array (the parameters): 0.3 s, more than this process takes to read a small
    table. Nothing here needs it; refused, pyarrow carries on as if it were missing."""

    def find_spec(self, name: str, path: object, target: object = None) -> None:
        if name.partition(".")[0] == "pandas":
            raise ModuleNotFoundError(f"{name}: not needed to read rows", name=name)
        return None


def main() -> None:
    sys.meta_path.insert(0, _WithoutPandas())
    try:
        read(json.load(sys.stdin), sys.stdout.buffer)
    except Exception as error:  # the parent reads the rows another way and logs why
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
