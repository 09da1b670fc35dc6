"""Tables as the bytes of a Parquet file, for the atomic writers (polars reports a failed
write to a file as a compute error, not as the OS error it was; bytes in memory keep the
writing, and its errors, in one place)."""

from __future__ import annotations

import io
from typing import Any

import polars as pl


def parquet_bytes(frame: pl.DataFrame, **options: Any) -> bytes:
    """``frame`` as a Parquet file (``options`` as for ``DataFrame.write_parquet``)."""
    buffer = io.BytesIO()
    frame.write_parquet(buffer, **options)
    return buffer.getvalue()
