"""What every part of the store builds on: ``StoreBase`` (the connection and its file), rows inserted
through an Arrow table, the rollback of the open transaction, and the failures told apart: a Ctrl-C during a
statement (``is_interrupt``), the file system refusing a write (``_is_write_failure``: StoreWriteError, ingest
stops there), anything else."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import duckdb

from newsgraph.errors import StoreWriteError
from newsgraph.store.convert import Rows
from newsgraph.store.schema import _ARROW_TYPES


class StoreBase:
    """The connection every part of ``Store`` reads and writes through (``Store.__init__`` opens it)."""

    path: str
    read_only: bool
    con: duckdb.DuckDBPyConnection

    def _rollback(self) -> None:
        """Roll back the open transaction, if any: a Ctrl-C during COMMIT can leave none to roll back."""
        with contextlib.suppress(duckdb.TransactionException):
            self.con.rollback()

    def _write_failure(self, error: BaseException) -> StoreWriteError:
        return StoreWriteError(f"{self.path}: cannot write the database: {_write_reason(error)}")

    def _insert_rows(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """Insert rows through an Arrow table: one statement, no per-value parameter binding (slow)."""
        if not rows:
            return
        import pyarrow as pa

        types = _ARROW_TYPES[table]
        columns = [pa.array(column, type=type_) for column, type_ in zip(zip(*rows, strict=True), types,
                                                                         strict=True)]
        batch = pa.Table.from_arrays(columns, names=[f"c{i}" for i in range(len(columns))])
        self.con.register("_newsgraph_rows", batch)
        try:
            self.con.execute(f"INSERT INTO {table} SELECT * FROM _newsgraph_rows")
        finally:
            self.con.unregister("_newsgraph_rows")

    def _replace_rows(self, table: str, rows: Rows) -> None:
        """Insert rows keyed by their first column (``id``), replacing rows of the same ids."""
        if not rows:
            return
        import pyarrow as pa

        self.con.register("_newsgraph_keys", pa.table({"id": pa.array([r[0] for r in rows], type=pa.string())}))
        try:
            self.con.execute(f"DELETE FROM {table} WHERE id IN (SELECT id FROM _newsgraph_keys)")
        finally:
            self.con.unregister("_newsgraph_keys")
        self._insert_rows(table, rows)


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def is_interrupt(error: BaseException) -> bool:
    """Whether an error is DuckDB's rendering of a Ctrl-C that came during a statement."""
    return isinstance(error, duckdb.InterruptException) or (
        isinstance(error, RuntimeError) and isinstance(error.__cause__ or error.__context__, KeyboardInterrupt))


_WRITE_FAILURES = {"No space left on device": "the disk is full (No space left on device)",
                   "File too large": "the file size limit was reached (File too large)",
                   "Disk quota exceeded": "the disk quota is exceeded",
                   "Read-only file system": "the file system is read-only",
                   "Input/output error": "an input/output error"}


def _is_write_failure(error: BaseException) -> bool:
    """Whether a DuckDB error is the file system refusing a write (not a problem of the data written)."""
    return isinstance(error, duckdb.IOException) or any(key in str(error) for key in _WRITE_FAILURES) or (
        "Could not write file" in str(error))


def _write_reason(error: BaseException) -> str:
    return next((reason for key, reason in _WRITE_FAILURES.items() if key in str(error)), _first_line(error))


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
